"""`revcycle users ...` — manage who may use revcycle.

    revcycle users add USERNAME --role coder|biller|manager|admin|auditor [--password P] [--database-url URL]
    revcycle users unlock [USERNAME] [--address IP] --user MANAGER   # lift a sign-in lockout

Without `--password`, the password is prompted for (hidden, twice) on a terminal, or read as one
line from standard input when piped. Run from the shell, `users add` is the bootstrap: it needs
no acting user and is audited as `system`.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from revcycle.cli.db import (
    DatabaseOption,
    JsonOption,
    UserOption,
    one_line_errors,
    open_as,
    open_unit_of_work,
)
from revcycle.practice.users import Role
from revcycle.services import sign_in, users

app = typer.Typer(name="users", help="Users and their roles (argon2-hashed passwords).", no_args_is_help=True)

RoleOption = Annotated[Role, typer.Option("--role", help="what the user may do", case_sensitive=False)]
PasswordOption = Annotated[
    str | None, typer.Option("--password", help="the password (default: prompt, or stdin)")
]


def _read_password() -> str:
    if sys.stdin.isatty():
        return typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@app.command("add")
@one_line_errors
def add(
    username: str,
    role: RoleOption,
    password: PasswordOption = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add a user with a role."""
    secret = password if password is not None else _read_password()
    user = users.add_user(open_unit_of_work(database), username, role, secret)
    if as_json:
        print(json.dumps({"id": user.id, "username": user.username, "role": user.role.value}))
    else:
        typer.echo(f"added user {user.username} ({user.role.value}), id {user.id}")


@app.command("unlock")
@one_line_errors
def unlock(
    user: UserOption,
    username: Annotated[str | None, typer.Argument(help="the user whose sign-in lockout is lifted")] = None,
    address: Annotated[str | None, typer.Option("--address", help="a client address to lift too")] = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Lift a sign-in lockout (after too many wrong passwords) of a user and/or a client address (managers)."""
    uow, manager = open_as(database, user)
    cleared = sign_in.unlock(uow, manager, username, address)
    if as_json:
        print(json.dumps({"username": username, "address": address, "cleared": cleared}))
    else:
        what = " and ".join(
            part for part in (username and f"user {username}", address and f"address {address}") if part
        )
        typer.echo(f"unlocked {what}" if cleared else f"{what}: not locked (nothing to lift)")
