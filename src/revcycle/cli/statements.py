"""`revcycle statements run --out DIR --user U` — patient statements (PDF) for every guarantor who owes.

    revcycle statements run --out DIR --user U [--on DATE] [--minimum 5.00] [--cycle-days 30]
                            [--due-days 21] [--phone "(217) 555-0100"] [--json]
    revcycle statements reprint G12-2026-04-15 --out DIR --user U     (or --account G12 --on 2026-04-15)

Guarantors owing less than `--minimum`, or sent a statement within `--cycle-days`, are skipped (listed,
and counted in the closing line). The phone printed is `--phone`, else the practice's. `reprint` prints a
statement sent before again (as of its date), without sending a new one.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from revcycle.cli.db import DatabaseOption, JsonOption, UserOption, dollars_to_cents, one_line_errors, open_as
from revcycle.kernel.clock import parse_date
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.money import Money
from revcycle.services.statements import StatementBatch, reprint_statement, run_statements, statement_key
from revcycle.statements import StatementSettings

app = typer.Typer(name="statements", help="Patient statements: one PDF per guarantor with a balance.",
                  no_args_is_help=True)
console = Console(highlight=False, soft_wrap=True)  # a file path printed whole, never broken across lines


def _cents(text: str) -> int:
    try:
        return dollars_to_cents(text)
    except RevcycleError as error:
        raise RevcycleError(ErrorCode.INVALID_AMOUNT, f"not an amount in dollars: {text!r}") from error


@app.command("run")
@one_line_errors
def run(out: Annotated[Path, typer.Option("--out", help="folder for the PDFs")], user: UserOption,
        on: Annotated[str | None, typer.Option("--on", help="statement date (default: today)")] = None,
        minimum: Annotated[str, typer.Option("--minimum", help="minimum amount due, dollars")] = "5.00",
        cycle_days: Annotated[int, typer.Option("--cycle-days", min=1)] = 30,
        due_days: Annotated[int, typer.Option("--due-days", min=1)] = 21,
        phone: Annotated[str, typer.Option("--phone", help="billing office phone printed on the statement")] = "",
        database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """Write a statement for every guarantor who owes at least the minimum and is due in the cycle."""
    settings = StatementSettings(_cents(minimum), cycle_days, due_days, phone)
    _require_folder(out)
    batch = run_statements(*open_as(database, user), out, settings, parse_date(on) if on else None)
    if as_json:
        typer.echo(json.dumps({"on": batch.on.isoformat(), "statements": [
            {"account": r.account_number, "patients": list(r.patient_ids), "amount_due_cents": r.amount_due_cents,
             "file": str(r.path) if r.path else None, "skipped": r.skipped} for r in batch.runs]}, indent=2))
        return
    table = Table(title=f"Statements {batch.on}")
    for column in ("account", "patients", "amount due", "file / skipped"):
        table.add_column(column)
    for r in batch.runs:
        table.add_row(r.account_number, ",".join(map(str, r.patient_ids)), str(Money(r.amount_due_cents)),
                      str(r.path) if r.path else r.skipped)
    console.print(table)
    console.print(_closing_line(batch, out), markup=False)


def _require_folder(out: Path) -> None:
    """`--out` names a folder (made when missing); an existing file there is a one-line error."""
    if out.exists() and not out.is_dir():
        raise RevcycleError(ErrorCode.VALIDATION, f"--out {out}: is a file; give a folder for the statement PDFs")


def _closing_line(batch: StatementBatch, out: Path) -> str:
    """How many were written, and when none, why each account was skipped (counted by reason)."""
    written = len(batch.written)
    if written:
        return f"{written} statement(s) written to {out}"
    reasons = Counter("within the cycle" if "cycle" in r.skipped else r.skipped for r in batch.runs)
    why = "; ".join(f"{count} {reason}" for reason, count in sorted(reasons.items())) or "no guarantor owes anything"
    return (f"0 statements written (nothing new to send: {why}). To print one again: "
            "revcycle statements reprint ACCOUNT-DATE --out DIR")


@app.command("reprint")
@one_line_errors
def reprint(user: UserOption, out: Annotated[Path, typer.Option("--out", help="folder for the PDF")],
            statement: Annotated[str | None, typer.Argument(help="ACCOUNT-DATE, e.g. G12-2026-04-15")] = None,
            account: Annotated[str | None, typer.Option("--account", help="guarantor account, e.g. G12")] = None,
            on: Annotated[str | None, typer.Option("--on", help="the statement's date")] = None,
            phone: Annotated[str, typer.Option("--phone", help="billing office phone printed")] = "",
            database: DatabaseOption = None) -> None:  # fmt: skip
    """Print a statement sent before again (rebuilt as of its date); no new statement is sent."""
    if statement:
        wanted, day = statement_key(statement)
    elif account and on:
        wanted, day = account.strip().upper(), parse_date(on)
    else:
        raise RevcycleError(ErrorCode.VALIDATION, "name the statement: ACCOUNT-DATE, or --account and --on")
    _require_folder(out)
    out.mkdir(parents=True, exist_ok=True)
    settings = StatementSettings(billing_phone=phone)
    path = reprint_statement(*open_as(database, user), wanted, day, out, settings)
    console.print(f"reprinted statement {wanted} of {day.isoformat()}: {path}", markup=False)
