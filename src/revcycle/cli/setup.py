"""`revcycle setup ...` — the practice's set-up from files, as a practice manager keeps it.

    revcycle setup import examples/practice.yaml --user dana        # a whole practice (YAML), or a fee CSV
    revcycle setup export --user dana [--out practice.yaml]         # what `setup import` reads back unchanged
    revcycle setup fees import fees.csv --schedule Standard --user dana
    revcycle setup fees export --schedule Standard --user dana [--out fees.csv]
    revcycle setup fees show 99213 --modifier 25 --dos 2026-03-04 --user dana

An import is one transaction: a bad file loads nothing and says where (`file:line: field: why`);
importing the same file again changes nothing; a changed fee (with a later effective_from) becomes a
new version that ends the old one. New users get a one-time password, printed once.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Annotated

import typer

from revcycle.cli.db import DatabaseOption, UserOption, open_as
from revcycle.cli.errors import one_line_errors, read_bytes
from revcycle.cli.options import DosOption, JsonOption, date_of_service
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.money import Money
from revcycle.services import fee_schedules, setup, setup_export

app = typer.Typer(name="setup", help="Practice set-up: import or export a practice, its fee schedules.",
                  no_args_is_help=True)  # fmt: skip
fees_app = typer.Typer(
    name="fees", help="Fee schedules: import or export CSV, look a fee up.", no_args_is_help=True
)
app.add_typer(fees_app)

FileArgument = Annotated[Path, typer.Argument(help="practice.yaml (a whole practice) or a fee schedule .csv")]
OutOption = Annotated[
    Path | None, typer.Option("--out", help="write to this file (default: standard output)")
]
ScheduleOption = Annotated[str, typer.Option("--schedule", help="the fee schedule's name")]


def read_text(path: Path) -> str:
    """The file's text (UTF-8); NOT_FOUND naming it when it cannot be read, VALIDATION when not text."""
    try:
        return read_bytes(path).decode("utf-8")
    except UnicodeDecodeError as error:
        raise RevcycleError(ErrorCode.VALIDATION, f"{path}: not UTF-8 text (byte {error.start})") from error


def _beside(path: Path):  # noqa: ANN202 - the reader of the files a set-up file names
    def read_file(name: str) -> str:
        return read_text(path.parent / name)

    return read_file


def _write(text: str, out: Path | None) -> None:
    if out is None:
        typer.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        raise RevcycleError(ErrorCode.NOT_FOUND, f"cannot write {out}: {error.strerror}") from error
    typer.echo(f"wrote {out}", err=True)


@app.command("import")
@one_line_errors
def import_command(path: FileArgument, user: UserOption,
                   schedule: Annotated[str, typer.Option("--schedule", help="a CSV's fee schedule")] = "Standard",
                   database: DatabaseOption = None, as_json: JsonOption = False) -> None:  # fmt: skip
    """Load a practice from a set-up file (YAML), or a fee schedule from a CSV, in one transaction."""
    text = read_text(path)
    uow, manager = open_as(database, user)
    if path.suffix.lower() == ".csv":
        _show_fees(fee_schedules.import_fees_csv(uow, manager, schedule, text, path.name), schedule, as_json)
        return
    passwords: dict[str, str] = {}

    def new_password(username: str) -> str:
        return passwords.setdefault(username, secrets.token_urlsafe(12))

    report = setup.import_practice(uow, manager, text, path.name, _beside(path), new_password)
    _show_import(report, passwords, as_json)


def _show_import(report: setup.SetupReport, passwords: dict[str, str], as_json: bool) -> None:
    if as_json:
        print(json.dumps({"added": dict(report.added), "changed": dict(report.changed),
                          "unchanged": dict(report.unchanged), "contracts_changed": report.contracts_changed,
                          "fees": {"added": report.fees.added, "ended": report.fees.ended,
                                   "unchanged": report.fees.unchanged},
                          "new_users": {name: passwords[name] for name in report.new_users}}, indent=2))  # fmt: skip
        return
    if report.changes == 0:
        typer.echo("nothing changed: the database already holds this set-up")
    for label, counts in (
        ("added", report.added),
        ("changed", report.changed),
        ("unchanged", report.unchanged),
    ):
        if counts:
            typer.echo(
                f"{label}: "
                + ", ".join(f"{count} {kind.replace('_', ' ')}" for kind, count in sorted(counts.items()))
            )
    typer.echo(
        f"fees: {report.fees.added} versions added, {report.fees.ended} ended, {report.fees.unchanged} unchanged"
    )
    if report.contracts_changed:
        typer.echo(f"contracts changed: {report.contracts_changed}")
    for name in report.new_users:
        typer.echo(f"new user {name}: one-time password {passwords[name]} (give it to them; shown once)")


def _show_fees(report: fee_schedules.FeeReport, schedule: str, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"schedule": schedule, "added": report.added, "ended": report.ended,
                          "unchanged": report.unchanged}))  # fmt: skip
        return
    typer.echo(
        f"{schedule}: {report.added} fee versions added, {report.ended} ended, {report.unchanged} unchanged"
    )


@app.command("export")
@one_line_errors
def export_command(user: UserOption, out: OutOption = None, database: DatabaseOption = None) -> None:
    """Write the practice's set-up as a set-up file (YAML), every fee and contract rate version inline."""
    uow, manager = open_as(database, user)
    _write(setup_export.export_practice(uow, manager), out)


@fees_app.command("import")
@one_line_errors
def fees_import(path: Annotated[Path, typer.Argument(help="fees CSV: code, modifier, amount, effective_from, effective_to")],
                user: UserOption, schedule: ScheduleOption = "Standard", database: DatabaseOption = None,
                as_json: JsonOption = False) -> None:  # fmt: skip
    """Load a fee schedule CSV (one transaction; a row without effective_from starts today)."""
    text = read_text(path)
    uow, manager = open_as(database, user)
    _show_fees(fee_schedules.import_fees_csv(uow, manager, schedule, text, path.name), schedule, as_json)


@fees_app.command("export")
@one_line_errors
def fees_export(user: UserOption, schedule: ScheduleOption = "Standard", out: OutOption = None,
                database: DatabaseOption = None) -> None:  # fmt: skip
    """Write every version of a fee schedule's fees as CSV."""
    uow, manager = open_as(database, user)
    _write(fee_schedules.export_fees_csv(uow, manager, schedule), out)


@fees_app.command("show")
@one_line_errors
def fees_show(code: str, user: UserOption, modifier: Annotated[list[str] | None, typer.Option("--modifier")] = None,
              dos: DosOption = None, schedule: ScheduleOption = "Standard", database: DatabaseOption = None,
              as_json: JsonOption = False) -> None:  # fmt: skip
    """The fee charged for a code (with its modifiers) on a date of service."""
    uow, manager = open_as(database, user)
    on = date_of_service(dos)
    fee = fee_schedules.fee_for(uow, manager, code, tuple(modifier or ()), on, schedule)
    if fee is None:
        raise RevcycleError(ErrorCode.NOT_FOUND, f"{schedule} has no fee for {code.upper()} on {on}")
    if as_json:
        print(json.dumps({"code": fee.code, "modifier": fee.modifier, "amount": str(Money(fee.amount_cents).to_decimal()),
                          "effective_from": fee.effective_from.isoformat(),
                          "effective_to": fee.effective_to.isoformat() if fee.effective_to else None}))  # fmt: skip
        return
    until = f" until {fee.effective_to}" if fee.effective_to else ""
    typer.echo(f"{fee.label}: {Money(fee.amount_cents)} (from {fee.effective_from}{until}, {schedule})")
