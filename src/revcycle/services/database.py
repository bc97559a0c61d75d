"""The database as the outer layers (CLI, API, web) reach it: a unit of work to hand to the use cases, and the
schema brought up to date or reported — so they need not import `revcycle.store`.

    uow = open_unit_of_work(url)            # the CLI: `url`, else $REVCYCLE_DATABASE_URL, else the data dir
    uow = UnitOfWork(engine, clock)         # the API: one per use case call, on the app's engine and clock
    state = upgrade_database(url)           # state.url (password hidden), state.revision, state.head

`UnitOfWork` is the type every use case takes first (named here for the outer layers to make and annotate).
Nothing here is audited: no user acts and no patient data is read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from revcycle.kernel.clock import SystemClock
from revcycle.store import UnitOfWork, current_revision, database_url, head_revision, make_engine, upgrade

__all__ = ["DatabaseState", "UnitOfWork", "database_status", "open_engine", "open_unit_of_work", "upgrade_database"]


@dataclass(frozen=True, slots=True)
class DatabaseState:
    url: str  # as shown to people: the password hidden
    revision: str | None  # the schema revision the database is at (None: never migrated)
    head: str | None  # the newest revision this revcycle knows

    @property
    def current(self) -> bool:
        return self.revision == self.head


def open_engine(url: str | None = None) -> Engine:
    """An engine on the database named by `url` (else $REVCYCLE_DATABASE_URL, else the data dir's SQLite file)."""
    return make_engine(database_url(url))


def open_unit_of_work(url: str | None = None) -> UnitOfWork:
    """A unit of work on the database named by `url` (see `revcycle.store.database.database_url`), system clock."""
    return UnitOfWork(open_engine(url), SystemClock())


def upgrade_database(url: str | None = None) -> DatabaseState:
    """Create the database if needed and apply every migration up to the newest."""
    return _state(url, upgrade)


def database_status(url: str | None = None) -> DatabaseState:
    """The schema revision of the database and the newest one this revcycle knows."""
    return _state(url, current_revision)


def _state(url: str | None, revision_of: Callable[[Engine], str | None]) -> DatabaseState:
    """`revision_of` run on an engine on the database named by `url` (disposed after), beside the head."""
    resolved = database_url(url)
    engine = make_engine(resolved)
    try:
        revision = revision_of(engine)
    finally:
        engine.dispose()
    return DatabaseState(_shown(resolved), revision, head_revision())


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)
