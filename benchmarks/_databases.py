"""The databases a benchmark measures on: a scratch SQLite file, then (given a PostgreSQL URL) a fresh
schema of that database, dropped afterwards. A helper, not a benchmark (`run_all.py` skips `_*.py`)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

from revcycle.store.testing import drop_postgres_schema, new_postgres_schema, url_with_schema


def scratch_databases(postgres: str | None) -> Iterator[tuple[str, str]]:
    """(name, url) of each database in turn: "SQLite", then "PostgreSQL" when `postgres` is a URL."""
    with tempfile.TemporaryDirectory() as directory:
        yield "SQLite", f"sqlite:///{directory}/bench.db"
    if postgres is not None:
        schema = new_postgres_schema(postgres)
        try:
            yield "PostgreSQL", url_with_schema(postgres, schema)
        finally:
            drop_postgres_schema(postgres, schema)
