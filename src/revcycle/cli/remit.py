"""`revcycle remit ...` — post 835 remittances into the ledger.

revcycle remit post FILE.835 --user USERNAME [--dry-run] [--json]   exit 1 when rejected (unbalanced)
revcycle remit post-eob EOB.yaml|EOB.csv --user USERNAME [--dry-run] [--json]
                                                                    a paper EOB keyed by hand (see remittance.eob_file);
                                                                    exit 2 with every problem located when unbalanced
revcycle remit exceptions --user USERNAME [--json]                  the exception queue
revcycle remit exceptions resolve ID --note TEXT --user USERNAME    take one off the queue (audited)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from revcycle.cli.db import DatabaseOption, JsonOption, UserOption, one_line_errors, open_as
from revcycle.cli.errors import read_bytes
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.money import Money
from revcycle.remittance.eob_file import read_eob
from revcycle.services.denials import exception_queue, resolve_exception
from revcycle.services.paper_eobs import EobNotBalanced, post_paper_eob
from revcycle.services.remittances import PostingReport, post_remittance

app = typer.Typer(name="remit", help="Post 835 remittances; the exception queue.", no_args_is_help=True)
console = Console(highlight=False, soft_wrap=True)


@app.command("post")
@one_line_errors
def post(
    file: Path,
    user: UserOption,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="plan and report; write nothing")] = False,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Post FILE (an 835): one transaction; the same file twice changes nothing."""
    data = read_bytes(file)
    uow, acting = open_as(database, user)
    if as_json:
        report = post_remittance(uow, acting, data, file.name, dry_run)
        print(json.dumps(report.to_dict(), default=str))
    else:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("posting", total=None)
            report = post_remittance(uow, acting, data, file.name, dry_run,
                                     lambda done, total: progress.update(task, completed=done, total=total))  # fmt: skip
        _show(report)
    if report.status == "rejected":
        raise typer.Exit(1)


@app.command("post-eob")
@one_line_errors
def post_eob(
    file: Path,
    user: UserOption,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="check and plan; write nothing")] = False,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Post a paper EOB keyed in FILE (YAML, or CSV one row per line) through the 835's posting; the same payer
    and check number twice changes nothing."""
    try:
        text = read_bytes(file).decode("utf-8")
    except UnicodeDecodeError as error:
        raise RevcycleError(ErrorCode.VALIDATION, f"{file.name}: not UTF-8 text") from error
    eob = read_eob(text, file.name)
    try:
        report = post_paper_eob(
            *open_as(database, user), eob, f"paper EOB {eob.method} {eob.check_number}", dry_run
        )
    except EobNotBalanced as refused:
        if as_json:
            print(json.dumps({"status": "refused", "findings": [f.to_dict() for f in refused.findings]}))
        for finding in [] if as_json else refused.findings:
            typer.echo(f"error: {finding.location}: {finding.message}", err=True)
        raise typer.Exit(2) from refused
    if as_json:
        print(json.dumps(report.to_dict(), default=str))
    else:
        _show(report)


def _show(report: PostingReport) -> None:
    title = f"{report.source}: {report.status}" + (f" — {report.message}" if report.message else "")
    console.print(title)
    if report.status == "already_posted":
        return
    table = Table(
        title=f"{report.claims_posted} of {report.claims} claims, {report.entries_posted} journal entries"
    )
    table.add_column("what")
    table.add_column("amount", justify="right")
    for name, cents in report.totals.items():
        table.add_row(name, str(Money(cents)))
    table.add_row("provider adjustments (PLB)", str(Money(report.provider_adjustment_cents)))
    table.add_row("payment (BPR02)", str(Money(report.total_paid_cents)))
    console.print(table)
    for note in report.notes:
        console.print(f"[yellow]note[/]: {note}")
    for item in report.exceptions:
        console.print(f"[red]exception[/] {item['claim'] or '-'} {item['reason']}: {item['message']}")


exceptions_app = typer.Typer(name="exceptions", invoke_without_command=True,
                             help="The exception queue; `resolve ID --note` takes one off it.")  # fmt: skip
app.add_typer(exceptions_app)
OptionalUser = Annotated[
    str | None, typer.Option("--user", envvar="REVCYCLE_USER", help="the user the command runs as (audited)")
]


@exceptions_app.callback()
@one_line_errors
def exceptions(ctx: typer.Context, user: OptionalUser = None, database: DatabaseOption = None,
               as_json: JsonOption = False) -> None:  # fmt: skip
    """Unresolved remittance items: unbalanced files, unmatched claims or lines, reversals of nothing."""
    if ctx.invoked_subcommand is not None:
        return
    if not user:
        raise RevcycleError(ErrorCode.VALIDATION, "--user is required")
    rows = exception_queue(*open_as(database, user))
    if as_json:
        print(json.dumps(rows))
        return
    table = Table(title=f"{len(rows)} open exceptions")
    for column in ("id", "claim", "reason", "amount", "message"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            str(row["id"]),
            row["claim"] or "-",
            row["reason"],
            str(Money(row["amount_cents"])),
            row["message"],
        )
    console.print(table)


@exceptions_app.command("resolve")
@one_line_errors
def resolve(
    exception_id: int,
    note: Annotated[str, typer.Option("--note", help="what was done about it (kept in the audit log)")],
    user: UserOption,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Mark one exception resolved."""
    resolve_exception(*open_as(database, user), exception_id, note)
    if as_json:
        print(json.dumps({"id": exception_id, "status": "resolved"}))
        return
    console.print(f"exception {exception_id} resolved")
