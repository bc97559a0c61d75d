"""Where the database is and how to talk to it.

`REVCYCLE_DATABASE_URL` names it (any SQLAlchemy URL: `sqlite:///path.db`,
`postgresql+psycopg://user@host/db`). Without it, revcycle uses a SQLite file in the user's data
directory (platformdirs: `~/.local/share/revcycle/revcycle.db` on Linux).

SQLite: foreign keys on, a busy timeout, and every transaction starts with `BEGIN IMMEDIATE` so
writers serialise instead of failing on lock upgrades. PostgreSQL: READ COMMITTED plus explicit
row locks taken by the ledger repository in a deterministic order.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from sqlalchemy import Engine, create_engine, event

URL_VARIABLE = "REVCYCLE_DATABASE_URL"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def default_database_path() -> Path:
    return Path(platformdirs.user_data_dir("revcycle", appauthor=False)) / "revcycle.db"


def database_url(explicit: str | None = None) -> str:
    """The URL to use: `explicit`, else `$REVCYCLE_DATABASE_URL`, else the SQLite file in the data dir."""
    if explicit:
        return explicit
    if from_env := os.environ.get(URL_VARIABLE):
        return from_env
    path = default_database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # let SQLAlchemy's "begin" event emit BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str | None = None) -> Engine:
    """An engine for `url` (see `database_url`), configured for revcycle's transaction rules."""
    resolved = database_url(url)
    # hide_parameters: an error never renders a statement's values (names, birth dates) into its message or a log
    if resolved.startswith("sqlite"):
        engine = create_engine(resolved, hide_parameters=True)
        _configure_sqlite(engine)
        return engine
    return create_engine(resolved, hide_parameters=True)


def is_postgresql(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"
