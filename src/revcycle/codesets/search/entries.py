"""One searchable line: a code reached by a path of words, from one source.

Every source (Alphabetic Index, External Cause Index, Drug and Neoplasm tables, tabular
titles, inclusion terms, HCPCS and CPT titles) is reduced to `Entry` values before it is
compiled, so scoring is the same for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

# the order is stored in the compiled index (entry_source holds positions in this tuple)
SOURCES = ("index", "eindex", "drug", "neoplasm", "tabular_title", "inclusion_term", "title")
SOURCE_LABELS = {
    "index": "Alphabetic Index",
    "eindex": "External Cause Index",
    "drug": "Table of Drugs and Chemicals",
    "neoplasm": "Neoplasm Table",
    "tabular_title": "tabular title",
    "inclusion_term": "inclusion term",
    "title": "code title",
}
# how much an exact match from each source is worth, all else equal: the Alphabetic Index is
# where coders start; tabular wording second; external causes only when asked for
SOURCE_PRIOR = {
    "index": 1.0,
    "eindex": 0.9,
    "drug": 0.97,
    "neoplasm": 0.97,
    "tabular_title": 0.98,
    "inclusion_term": 0.96,
    "title": 1.0,
}


@dataclass(frozen=True, slots=True)
class Entry:
    """`code` is written as the source wrote it, minus a trailing dash (see `incomplete`).

    essential: the words a match is measured against (missing ones lower the score);
    optional: words that count when typed and are never held against the entry
    (non-essential modifiers, table column names and their synonyms).
    """

    code: str
    path: str
    source: str
    essential: str
    optional: str = ""
    column: str = ""
    see: str = ""
    incomplete: bool = False
    depth: int = 0


def clean_code(raw: str) -> tuple[str, bool]:
    """`E11.1-` -> (`E11.1`, True); `J69.0` -> (`J69.0`, False); `--` -> (``, False)."""
    code = raw.strip().upper()
    if code in ("", "-", "--"):
        return "", False
    incomplete = code.endswith("-")
    code = code.rstrip("-").rstrip(".")
    return code, incomplete
