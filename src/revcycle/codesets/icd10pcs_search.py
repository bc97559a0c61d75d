"""Text search over the ICD-10-PCS index (FY2025) and the code titles.

    search(text, dos=None, limit=20) -> list[PcsSearchHit]

Every query word (normalised as the ICD-10-CM search does: lower case, light plural stem, stop
words dropped) must start a word of the entry. Index entries come first (what a coder looks up:
"Replacement > Hip Joint > Right" -> 0SR9), fewest extra words first; then code titles valid on
the date of service, shortest first. The FY2025 index is the only PCS index published in the
corpus: its partial codes are answered against the release of the date of service by the builder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from revcycle.codesets import icd10pcs
from revcycle.codesets.packaged_data import read_json
from revcycle.codesets.search.text import words

INDEX_FILE = "icd10pcs_index_fy2025.json.gz"
DEFAULT_LIMIT = 20


@dataclass(frozen=True, slots=True)
class PcsSearchHit:
    source: str  # "index" | "title"
    text: str  # the index path ("Replacement > Hip Joint > Right") or the code title
    kind: str  # code | codes (a partial code: build on) | tab (a table) | see | use | title
    target: str  # the code, partial code or table ("" for a see/use without one)
    note: str = ""  # the see/use text

    def to_dict(self) -> dict[str, str]:
        return {
            "source": self.source,
            "text": self.text,
            "kind": self.kind,
            "target": self.target,
            "note": self.note,
        }


@cache
def _index() -> tuple[list[list[str]], list[str]]:
    entries = read_json(INDEX_FILE)["entries"]
    keys = [
        " " + " ".join(words(entry[0] + " " + (entry[3] if len(entry) > 3 else ""))) + " "
        for entry in entries
    ]
    return entries, keys


@cache
def _title_keys() -> tuple[list[str], list[str]]:
    codes = sorted(icd10pcs._titles()[0])
    return codes, [" " + " ".join(words(icd10pcs.title(code))) + " " for code in codes]


def _matches(key: str, query: list[str]) -> bool:
    return all(" " + word in key for word in query)


def search(text: str, dos: date | None = None, limit: int = DEFAULT_LIMIT) -> list[PcsSearchHit]:
    query = words(text)
    if not query:
        return []
    entries, keys = _index()
    index_hits = sorted(
        (len(keys[row].split()) - len(query), entries[row][0], row)
        for row in range(len(entries))
        if _matches(keys[row], query)
    )
    hits = [_index_hit(entries[row]) for _extra, _path, row in index_hits[:limit]]
    if len(hits) < limit:
        hits.extend(_title_hits(query, dos, limit - len(hits)))
    return hits


def _index_hit(entry: list[str]) -> PcsSearchHit:
    path, kind, target = entry[0], entry[1], entry[2]
    note = entry[3] if len(entry) > 3 else ""
    return PcsSearchHit("index", path, kind, target, note)


def _title_hits(query: list[str], dos: date | None, limit: int) -> list[PcsSearchHit]:
    release = icd10pcs.release_for(dos) if dos else None
    codes, keys = _title_keys()
    found = [(len(keys[row]), codes[row]) for row in range(len(codes)) if _matches(keys[row], query)]
    found = [(size, code) for size, code in sorted(found) if release is None or release.is_valid(code)]
    return [PcsSearchHit("title", icd10pcs.title(code), "code", code) for _size, code in found[:limit]]
