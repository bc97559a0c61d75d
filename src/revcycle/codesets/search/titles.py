"""HCPCS Level II and CPT search: the same scorer over the code titles, filtered by date of service.

The title index of a system is compiled in memory on first use (a few thousand titles, no
build step) from every row the system's table has held since 2019 (quarter by quarter), so
a title that changed is found by either wording. A code is offered only when a row is in
force on the date of service; the title shown is that row's. The system's module must expose
`table()` returning a `DatedCodeTable` (revcycle.codesets.dated_codes).
"""

from __future__ import annotations

import importlib
from datetime import date
from functools import cache

from revcycle.codesets.dated_codes import DatedCodeTable
from revcycle.codesets.search.engine import SearchHit
from revcycle.codesets.search.entries import Entry
from revcycle.codesets.search.index import SearchIndex
from revcycle.codesets.search.query import parse_query
from revcycle.kernel.errors import ErrorCode, RevcycleError

MODULES = {"hcpcs": "revcycle.codesets.hcpcs", "cpt": "revcycle.codesets.cpt"}
FIRST_YEAR, LAST_YEAR = 2019, 2027


def _table(system: str) -> DatedCodeTable:
    try:
        module = importlib.import_module(MODULES[system])
    except ModuleNotFoundError as missing:
        raise RevcycleError(
            ErrorCode.UNKNOWN_CODE_SYSTEM, f"the {system} code set is not installed"
        ) from missing
    return module.table()


def _quarter_starts() -> list[date]:
    return [date(year, month, 1) for year in range(FIRST_YEAR, LAST_YEAR + 1) for month in (1, 4, 7, 10)]


@cache
def title_index(system: str) -> SearchIndex:
    table = _table(system)
    codes = {row.code for day in _quarter_starts() for row in table.codes_on(day)}
    entries = {
        (row.code, row.title): Entry(row.code, row.title, "title", row.title)
        for code in sorted(codes)
        for row in table.history(code)
        if row.title
    }
    return SearchIndex.from_entries(list(entries.values()))


def title_hits(system: str, text: str, dos: date, limit: int) -> list[SearchHit]:
    table = _table(system)
    index = title_index(system)
    hits: dict[str, SearchHit] = {}
    for entry, score in index.rank(parse_query(text, index).slots, top=max(200, limit * 20)):
        code = index.entry_code(entry)
        row = table.lookup(code, dos)
        if row is None or code in hits:
            continue
        hits[code] = SearchHit(
            code=code,
            title=row.title,
            billable=True,
            path=index.entry_path(entry),
            score=round(score, 4),
            source="title",
            release=f"{table.label} on {dos.isoformat()}",
            indexed_code=code,
        )
        if len(hits) == limit:
            break
    return list(hits.values())
