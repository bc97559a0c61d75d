"""`see Neoplasm, <site>, <behaviour>` references of the Alphabetic Index, followed into the
Neoplasm Table: "Neoplasm, lung, malignant" -> the table row "lung", column Malignant Primary.

References without a site ("Neoplasm, malignant, by site") stay unfollowed: the coder picks
the site in the table.
"""

from __future__ import annotations

from revcycle.codesets.search.build.index_entries import SeeResolver
from revcycle.codesets.search.build.nodes import IndexNode

# the behaviour words that close a reference, longest first, and the table column they name
BEHAVIOUR_COLUMNS = (
    (("malignant", "secondary"), 3),
    (("secondary",), 3),
    (("malignant", "primary"), 2),
    (("malignant",), 2),
    (("in situ",), 4),
    (("benign",), 5),
    (("uncertain behavior",), 6),
    (("unspecified behavior",), 7),
)


class NeoplasmReferences:
    def __init__(self, neoplasm_root: IndexNode) -> None:
        self.sites = SeeResolver(neoplasm_root)

    def resolve(self, see: str) -> IndexNode | None:
        parts = [" ".join(part.split()).lower() for part in see.split(",") if part.strip()]
        if len(parts) < 3 or parts[0] != "neoplasm" or any(part.startswith("by ") for part in parts):
            return None
        for words, column in BEHAVIOUR_COLUMNS:
            if tuple(parts[-len(words) :]) == words and len(parts) > len(words) + 1:
                site = self.sites.resolve(", ".join(["Neoplasm", *parts[1 : -len(words)]]))
                code = site.cells.get(column, "") if site is not None else ""
                if code.strip("-"):
                    return IndexNode(title=site.title, code=code)
                return None
        return None
