"""The demo's database, always fresh: a SQLite file in the output folder (default), or, for a
PostgreSQL URL, a schema of the demo's own in that database (dropped and created again; nothing
else in the database is touched). Any other URL is used as it is (it must be empty). `create`
migrates it to head.

The SQLite file is the demo's scratch database, so its commits skip the fsync (`synchronous =
NORMAL` in WAL mode: a power cut may lose the last commits, never corrupt the file); on a busy
disk that was the largest single cost of the run (~10 ms a commit, ~10,000 commits)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url

from revcycle.store import make_engine, upgrade

SQLITE_FILE = "revcycle-demo.db"


@dataclass(frozen=True, slots=True)
class DemoDatabase:
    engine: Engine
    url: str  # what `revcycle serve` is given
    kind: str  # sqlite | postgresql
    shown: str  # for the screen (no password)

    def create(self) -> None:
        upgrade(self.engine)


def open_database(out: Path, url: str | None, schema: str) -> DemoDatabase:
    if url is None:
        path = (out / SQLITE_FILE).resolve()
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
        return DemoDatabase(_scratch_sqlite(url), url, "sqlite", str(path))
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return DemoDatabase(make_engine(url), url, parsed.get_backend_name(), parsed.render_as_string())
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    admin.dispose()
    scoped = parsed.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )
    shown = f"{parsed.render_as_string()} (schema {schema})"
    return DemoDatabase(make_engine(scoped), scoped, "postgresql", shown)


def _scratch_sqlite(url: str) -> Engine:
    engine = make_engine(url)

    @event.listens_for(engine, "connect")
    def _no_fsync(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA synchronous = NORMAL")

    return engine
