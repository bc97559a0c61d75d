"""`revcycle db ...` — create or upgrade the database schema (Alembic migrations shipped in the package).

    revcycle db upgrade [--database-url URL] [--json]
    revcycle db status  [--database-url URL] [--json]

The database is `--database-url`, else `$REVCYCLE_DATABASE_URL`, else a SQLite file in the user's
data directory (see `revcycle.store.database`); the work is `services.database`. Also home of what the command groups share: the
database option, the acting-user and trading-partner options, `open_as` (a unit of work and the user the command acts
as), amounts typed and printed in dollars (the one-line error handling is `revcycle.cli.errors`; `--json` and `--dos`,
which need no database, are `revcycle.cli.options`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from revcycle.cli.errors import one_line_errors
from revcycle.cli.options import JsonOption
from revcycle.kernel.money import Money
from revcycle.practice.users import User
from revcycle.services.database import UnitOfWork, database_status, open_unit_of_work, upgrade_database
from revcycle.services.users import acting_user

app = typer.Typer(
    name="db", help="The database: create it or bring its schema up to date.", no_args_is_help=True
)

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database-url", help="SQLAlchemy URL (default: $REVCYCLE_DATABASE_URL, else the data dir)"
    ),
]
UserOption = Annotated[
    str, typer.Option("--user", envvar="REVCYCLE_USER", help="the user the command runs as (audited)")
]
PartnerOption = Annotated[Path, typer.Option("--partner", help="trading partner file (JSON or TOML)")]


def dollars_to_cents(text: str) -> int:
    """An amount typed in dollars ("80", "$80.50") in cents; a RevcycleError when it is not one."""
    return Money.from_decimal(text.strip().lstrip("$")).cents


def dollars(cents: int) -> str:
    return str(Money(cents))


def open_as(url: str | None, username: str) -> tuple[UnitOfWork, User]:
    """A unit of work on the database and the active user named `username`, whom the use cases audit."""
    uow = open_unit_of_work(url)
    return uow, acting_user(uow, username)


@app.command("upgrade")
@one_line_errors
def upgrade_command(database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """Create the database if needed and apply every migration up to the newest."""
    state = upgrade_database(database)
    if as_json:
        print(json.dumps({"database": state.url, "revision": state.revision}))
    else:
        typer.echo(f"database {state.url} is at revision {state.revision} (head)")


@app.command("status")
@one_line_errors
def status_command(database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """The schema revision of the database and the newest one this revcycle knows; exit 1 when behind."""
    state = database_status(database)
    if as_json:
        print(json.dumps({"database": state.url, "revision": state.revision, "head": state.head}))
    else:
        typer.echo(f"database {state.url}: revision {state.revision or 'none'}, head {state.head}")
    if not state.current:
        raise typer.Exit(1)
