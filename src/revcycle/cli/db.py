"""`revcycle db ...` — create or upgrade the database schema (Alembic migrations shipped in the package).

    revcycle db upgrade [--database-url URL] [--json]
    revcycle db status  [--database-url URL] [--json]

The database is `--database-url`, else `$REVCYCLE_DATABASE_URL`, else a SQLite file in the user's
data directory (see `revcycle.store.database`). Also home of what the command groups share: the
database option, the acting-user and trading-partner options, amounts typed and printed in dollars (the one-line error
handling is `revcycle.cli.errors`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.engine import make_url

from revcycle.cli.errors import one_line_errors
from revcycle.kernel.clock import SystemClock
from revcycle.kernel.money import Money
from revcycle.practice.users import User
from revcycle.services.users import acting_user
from revcycle.store import UnitOfWork, current_revision, database_url, head_revision, make_engine, upgrade

app = typer.Typer(
    name="db", help="The database: create it or bring its schema up to date.", no_args_is_help=True
)

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database-url", help="SQLAlchemy URL (default: $REVCYCLE_DATABASE_URL, else the data dir)"
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="machine-readable output")]
UserOption = Annotated[
    str, typer.Option("--user", envvar="REVCYCLE_USER", help="the user the command runs as (audited)")
]
PartnerOption = Annotated[Path, typer.Option("--partner", help="trading partner configuration (JSON)")]


def dollars_to_cents(text: str) -> int:
    """An amount typed in dollars ("80", "$80.50") in cents; a RevcycleError when it is not one."""
    return Money.from_decimal(text.strip().lstrip("$")).cents


def dollars(cents: int) -> str:
    return str(Money(cents))


def open_unit_of_work(url: str | None) -> UnitOfWork:
    return UnitOfWork(make_engine(database_url(url)), SystemClock())


def as_user(uow: UnitOfWork, username: str) -> User:
    return acting_user(uow, username)


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


@app.command("upgrade")
@one_line_errors
def upgrade_command(database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """Create the database if needed and apply every migration up to the newest."""
    url = database_url(database)
    revision = upgrade(make_engine(url))
    if as_json:
        print(json.dumps({"database": _shown(url), "revision": revision}))
    else:
        typer.echo(f"database {_shown(url)} is at revision {revision} (head)")


@app.command("status")
@one_line_errors
def status_command(database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """The schema revision of the database and the newest one this revcycle knows; exit 1 when behind."""
    url = database_url(database)
    current, head = current_revision(make_engine(url)), head_revision()
    if as_json:
        print(json.dumps({"database": _shown(url), "revision": current, "head": head}))
    else:
        typer.echo(f"database {_shown(url)}: revision {current or 'none'}, head {head}")
    if current != head:
        raise typer.Exit(1)
