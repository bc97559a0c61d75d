"""Term -> codes: the coder's search over the ICD-10-CM indexes and tables, by date of service.

    search(text, dos, system="icd10cm", limit=10) -> list[SearchHit]
    lookup_path(path) -> list[str]         Alphabetic Index path -> the codes written there

See docs.md for sources, scoring and known fidelity gaps.
"""

from revcycle.codesets.search.engine import SearchHit, lookup_path, search

__all__ = ["SearchHit", "lookup_path", "search"]
