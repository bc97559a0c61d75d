"""`search(text, dos, system, limit)` and `lookup_path(path)`: the public face of the package."""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from revcycle.codesets.icd10cm import release_for, release_named
from revcycle.codesets.search.entries import SOURCES
from revcycle.codesets.search.index import SearchIndex
from revcycle.codesets.search.offers import Offer, ReleaseOffers
from revcycle.codesets.search.query import parse_query
from revcycle.codesets.search.store import INDEX_FILE, read_index
from revcycle.codesets.search.text import path_key, words
from revcycle.kernel.errors import ErrorCode, RevcycleError

SYSTEMS = ("icd10cm", "hcpcs", "cpt")
CODE_SHAPE = re.compile(r"^[A-Za-z]\d[0-9A-Za-z](?:\.?[0-9A-Za-z]{1,4})?\.?-?$")
CANDIDATES_PER_RESULT = 25
MIN_CANDIDATES = 250
DESCENDANT_DISCOUNT = 0.9
TABULAR_SOURCES_START = SOURCES.index("tabular_title")  # entries before it expand headers


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One code offered for a query on a date of service.

    code: billable code; or, when `seventh_characters` is not empty, the code up to its 6th
      character (placeholder X included) that needs one of those 7th characters; or a header
      (`billable` False, no 7th characters) listed after its first descendants.
    path: what matched — an index path ("Diabetes > type 2 > with > neuropathy"),
      a table row (with `column`), or the tabular wording (title or inclusion term).
    source: index, eindex, drug, neoplasm, tabular_title, inclusion_term (ICD-10-CM), code (a
      code was typed: itself, or a header's descendants) or title (HCPCS, CPT).
    indexed_code: the code as the source wrote it ("S52.50-"); differs from `code` when the
      source pointed at a header or a 7th-character stem.
    """

    code: str
    title: str
    billable: bool
    path: str
    score: float
    source: str
    release: str
    column: str = ""
    see: str = ""
    indexed_code: str = ""
    seventh_characters: tuple[tuple[str, str], ...] = ()
    note: str = ""


@cache
def icd10cm_index() -> SearchIndex:
    """The compiled ICD-10-CM index, loaded once per process."""
    return SearchIndex.from_stored(read_index(INDEX_FILE))


@cache
def _offers_for(release_name: str) -> ReleaseOffers:
    return ReleaseOffers(release_named(release_name))


def _note(offer: Offer, indexed: str) -> str:
    if offer.codes_under_header:
        return f"header, not billable: {offer.codes_under_header} codes under it (revcycle codes show {offer.code})"
    if offer.seventh_characters:
        chars = ", ".join(f"{char} {meaning}" for char, meaning in offer.seventh_characters[:4])
        more = ", ..." if len(offer.seventh_characters) > 4 else ""
        return f"add a 7th character: {chars}{more}"
    if offer.via:
        return f"under header {offer.via} ({indexed} in the source)"
    return ""


def _ranked_offers(index: SearchIndex, offers: ReleaseOffers, entry: int, typed: set[str]) -> list[Offer]:
    """The entry's offers. Descendants of a header are ordered by how many words their title
    shares with what was typed, the entry's path and its `see` ("Cellulitis > leg", see
    "Cellulitis, lower limb": L03.115/116/119 before L03.111 axilla), tabular order among ties."""
    expand = index.arrays["entry_source"][entry] < TABULAR_SOURCES_START
    found = offers.offers(index.entry_code(entry), expand)
    if not any(offer.via for offer in found):
        return list(found)
    context = typed | _word_set(index.entry_path(entry)) | _word_set(index.entry_see(entry))
    return sorted(found, key=lambda offer: -len(context & _word_set(offer.title)))


@lru_cache(maxsize=65536)
def _word_set(text: str) -> frozenset[str]:
    return frozenset(words(text))


def _hit(index: SearchIndex, entry: int, offer: Offer, score: float, release: str) -> SearchHit:
    written = index.entry_code(entry) + ("-" if index.entry_incomplete(entry) else "")
    return SearchHit(
        code=offer.code, title=offer.title, billable=offer.billable, path=index.entry_path(entry),
        score=round(score, 4), source=index.entry_source(entry), release=release,
        column=index.entry_column(entry), see=index.entry_see(entry), indexed_code=written,
        seventh_characters=offer.seventh_characters, note=_note(offer, written),
    )  # fmt: skip


def _typed_code_hits(text: str, offers: ReleaseOffers, limit: int, release: str) -> list[SearchHit]:
    """A code typed into the search box ("E11.9", "s52.5", "E11-"): that code's offers."""
    code = text.strip().upper().rstrip("-").rstrip(".")
    found = offers.release.get(code)
    if found is None:
        return []
    return [
        SearchHit(code=offer.code, title=offer.title, billable=offer.billable, path=found.title, score=1.0,
                  source="code", release=release, indexed_code=found.code,
                  seventh_characters=offer.seventh_characters, note=_note(offer, found.code))
        for offer in offers.offers(found.code, expand=True)[:limit]
    ]  # fmt: skip


def _icd10cm_hits(text: str, dos: date, limit: int) -> list[SearchHit]:
    """Ranked entries -> offers for the release in force, merged by code (best score wins).

    An offer reached through a header scores `DESCENDANT_DISCOUNT` of its entry, so a direct
    hit outranks an expansion of equal wording; equal scores keep entry order, then the order
    of the entry's offers. Entries are read until no later entry can enter the top `limit`.
    """
    index = icd10cm_index()
    release = release_for(dos)
    offers = _offers_for(release.name)
    if CODE_SHAPE.match(text.strip()):
        typed_code = _typed_code_hits(text, offers, limit, release.name)
        if typed_code or "." in text:  # "B12" that is no code is searched as words (vitamin B12)
            return typed_code
    parsed = parse_query(text, index)
    typed = {slot.typed for slot in parsed.slots}
    best: dict[str, tuple[tuple[float, int, int], int, Offer]] = {}
    threshold = None  # the limit-th best key once `limit` codes are held
    ranked = index.rank(parsed.slots, top=max(MIN_CANDIDATES, limit * CANDIDATES_PER_RESULT))
    for order, (entry, score) in enumerate(ranked):
        if threshold is not None and -score > threshold[0]:
            break
        for place, offer in enumerate(_ranked_offers(index, offers, entry, typed)):
            key = (-score * (DESCENDANT_DISCOUNT if offer.via else 1.0), order, place)
            if offer.code not in best or key < best[offer.code][0]:
                best[offer.code] = (key, entry, offer)
        if len(best) >= limit:
            threshold = heapq.nsmallest(limit, (key for key, _, _ in best.values()))[-1]
    top = sorted(best.values(), key=lambda item: item[0])[:limit]
    return [_hit(index, entry, offer, -key[0], release.name) for key, entry, offer in top]


def search(text: str, dos: date, system: str = "icd10cm", limit: int = 10) -> list[SearchHit]:
    """Codes for a term as a coder types it, valid on `dos`, best first (at most `limit`)."""
    if limit < 1:
        raise RevcycleError(ErrorCode.VALIDATION, f"limit must be at least 1, got {limit}")
    if system == "icd10cm":
        return _icd10cm_hits(text, dos, limit)
    if system in ("hcpcs", "cpt"):
        from revcycle.codesets.search.titles import title_hits

        return title_hits(system, text, dos, limit)
    raise RevcycleError(
        ErrorCode.UNKNOWN_CODE_SYSTEM, f"unknown code system {system!r}; use one of {', '.join(SYSTEMS)}"
    )


@cache
def _paths_by_key() -> dict[str, tuple[str, ...]]:
    index = icd10cm_index()
    by_key: dict[str, list[str]] = {}
    for entry in _index_entries(index):
        codes = by_key.setdefault(path_key(index.entry_path(entry)), [])
        code = index.entry_code(entry)
        if code not in codes:
            codes.append(code)
    return {key: tuple(codes) for key, codes in by_key.items()}


def _index_entries(index: SearchIndex) -> Iterator[int]:
    for entry in (index.arrays["entry_source"] == SOURCES.index("index")).nonzero()[0]:
        yield int(entry)


def lookup_path(path: str) -> list[str]:
    """Codes the Alphabetic Index gives at `path` ("Main (modifier) > sub > sub"), as written
    there minus a trailing dash, whatever the date of service; [] when no such path has a code.
    Non-essential modifiers (parenthesised) and case are ignored."""
    return list(_paths_by_key().get(path_key(path), ()))
