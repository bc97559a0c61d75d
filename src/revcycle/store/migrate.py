"""Alembic without alembic.ini: the migrations ship inside the package, so `revcycle db upgrade`
works from an installed wheel.

On SQLite a migration that rebuilds a table (SQLite cannot alter a column or a constraint in place)
runs with foreign key enforcement off, as SQLite's documented procedure for schema changes says; every
reference is checked (`PRAGMA foreign_key_check`) before the migration commits, so a broken one rolls
back whole."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Bring the database to `revision` (default: the newest); returns the revision it is at."""
    config = alembic_config()
    with engine.connect() as connection, _references_checked_at_commit(connection), connection.begin():
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        if connection.dialect.name == "sqlite" and (broken := connection.exec_driver_sql("PRAGMA foreign_key_check").all()):
            raise RuntimeError(f"the migration left {len(broken)} broken reference(s), e.g. {tuple(broken[0])}; rolled back")
    return current_revision(engine)


@contextmanager
def _references_checked_at_commit(connection: Connection) -> Iterator[None]:
    """SQLite: enforcement off for the migration (outside any transaction, as SQLite requires), on after."""
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.dbapi_connection
    assert raw is not None
    raw.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys = ON")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
