"""HCPCS Level II and CPT search: the same scorer over the code titles, filtered by date of service.

The title index of a system is compiled in memory on first use (a few thousand titles, no
build step) from every row the system's table has held since 2019 (quarter by quarter), so
a title that changed is found by either wording. A code is offered only when a row is in
force on the date of service (the module's `lookup(code, dos)`, which also refuses dates
outside the data held); the title shown is that row's. The system's module must expose
`table()` returning a `DatedCodeTable` (revcycle.codesets.dated_codes) and `lookup`.
"""

from __future__ import annotations

import importlib
from datetime import date
from types import ModuleType

from revcycle.codesets.dated_codes import DatedCodeTable
from revcycle.codesets.search.engine import SearchHit
from revcycle.codesets.search.entries import Entry
from revcycle.codesets.search.index import SearchIndex
from revcycle.codesets.search.query import parse_query
from revcycle.kernel.errors import ErrorCode, RevcycleError

MODULES = {"hcpcs": "revcycle.codesets.hcpcs", "cpt": "revcycle.codesets.cpt"}
FIRST_YEAR, LAST_YEAR = 2019, 2027
_COMPILED: dict[str, tuple[DatedCodeTable, SearchIndex]] = {}


def _module(system: str) -> ModuleType:
    try:
        return importlib.import_module(MODULES[system])
    except ModuleNotFoundError as missing:
        raise RevcycleError(ErrorCode.UNKNOWN_CODE_SYSTEM, f"the {system} code set is not installed") from missing


def _quarter_starts() -> list[date]:
    return [date(year, month, 1) for year in range(FIRST_YEAR, LAST_YEAR + 1) for month in (1, 4, 7, 10)]


def _compile(table: DatedCodeTable) -> SearchIndex:
    codes = {row.code for day in _quarter_starts() for row in table.codes_on(day)}
    entries = {
        (row.code, row.title): Entry(row.code, row.title, "title", row.title)
        for code in sorted(codes)
        for row in table.history(code)
        if row.title
    }
    return SearchIndex.from_entries(list(entries.values()))


def title_index(system: str) -> SearchIndex:
    """The title index of `system`, rebuilt when its table changes (a licensed CPT import)."""
    table = _module(system).table()
    cached = _COMPILED.get(system)
    if cached is None or cached[0] is not table:
        cached = _COMPILED[system] = (table, _compile(table))
    return cached[1]


def title_hits(system: str, text: str, dos: date, limit: int) -> list[SearchHit]:
    module = _module(system)
    index = title_index(system)
    hits: dict[str, SearchHit] = {}
    for entry, score in index.rank(parse_query(text, index).slots, top=max(200, limit * 20)):
        code = index.entry_code(entry)
        row = module.lookup(code, dos)
        if row is None or code in hits:
            continue
        hits[code] = SearchHit(
            code=code, title=row.title, billable=True, path=index.entry_path(entry), score=round(score, 4),
            source="title", release=f"{module.table().label} on {dos.isoformat()}", indexed_code=code,
        )
        if len(hits) == limit:
            break
    return list(hits.values())
