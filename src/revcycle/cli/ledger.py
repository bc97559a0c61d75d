"""`revcycle ledger ...` — balances derived from the journal.

    revcycle ledger balance --patient ID --user USERNAME [--json]
    revcycle ledger journal --patient ID --user USERNAME [--json]
    revcycle ledger trial-balance --user USERNAME [--json]
    revcycle ledger verify --user USERNAME [--json]      (exit 1 when an invariant is broken)
    revcycle ledger payment|refund|write-off|transfer|deposits ...   (hand postings: `cli.ledger_postings`)

`--user` (or `$REVCYCLE_USER`) names the acting user: reading a patient's balance is an audited
read of patient data. Amounts print as dollars; `--json` gives integer cents.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from revcycle.cli import ledger_postings
from revcycle.cli.db import DatabaseOption, JsonOption, UserOption, one_line_errors, open_as
from revcycle.kernel.money import Money
from revcycle.services import ledger

app = typer.Typer(
    name="ledger",
    help="The patient ledger: balances, the trial balance; payments, refunds, write-offs, transfers, deposits.",
    no_args_is_help=True,
)
console = Console(highlight=False)

PatientOption = Annotated[int, typer.Option("--patient", help="patient id")]


@app.command("balance")
@one_line_errors
def balance(
    patient: PatientOption, user: UserOption, database: DatabaseOption = None, as_json: JsonOption = False
) -> None:
    """What is owed on a patient's account: by insurance, by the patient, unapplied credit, total."""
    owed = ledger.patient_balance(*open_as(database, user), patient)
    parts = {
        "insurance_cents": owed.insurance_cents,
        "patient_cents": owed.patient_cents,
        "unapplied_cents": owed.unapplied_cents,
        "total_cents": owed.total_cents,
    }
    if as_json:
        print(json.dumps({"patient_id": patient, **parts}))
        return
    table = Table(title=f"patient {patient}")
    table.add_column("owed by")
    table.add_column("amount", justify="right")
    for name, cents in parts.items():
        table.add_row(name.removesuffix("_cents"), str(Money(cents)))
    console.print(table)


@app.command("trial-balance")
@one_line_errors
def trial_balance(user: UserOption, database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """Every account's balance (debits positive, credits negative); the total is always zero."""
    balances = ledger.trial_balance(*open_as(database, user))
    total = sum(balances.values())
    if as_json:
        print(json.dumps({"accounts": balances, "total_cents": total}))
        return
    table = Table(title="trial balance")
    table.add_column("account")
    table.add_column("debit", justify="right")
    table.add_column("credit", justify="right")
    for code, cents in balances.items():
        table.add_row(code, str(Money(cents)) if cents > 0 else "", str(Money(-cents)) if cents < 0 else "")
    table.add_row("total", str(Money(total)), "", end_section=True)
    console.print(table)


@app.command("verify")
@one_line_errors
def verify(user: UserOption, database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """Check the stored journal: every entry sums to zero, the trial balance is zero, running totals agree."""
    findings = ledger.verify_ledger(*open_as(database, user))
    if as_json:
        print(json.dumps({"ok": not findings, "findings": [finding.to_dict() for finding in findings]}))
    elif not findings:
        typer.echo("ledger ok: every entry balances, the trial balance is zero, running totals agree")
    for finding in [] if as_json else findings:
        typer.echo(f"{finding.severity}: {finding.code}: {finding.message}")
    if findings:
        raise typer.Exit(1)


@app.command("journal")
@one_line_errors
def journal(
    patient: PatientOption, user: UserOption, database: DatabaseOption = None, as_json: JsonOption = False
) -> None:
    """Every entry touching a patient, oldest first, with its lines (an audited read)."""
    entries = ledger.patient_journal(*open_as(database, user), patient)
    if as_json:
        payload = [
            {
                "id": posted.id,
                "kind": posted.kind.value,
                "effective_date": posted.entry.effective_date.isoformat(),
                "idempotency_key": posted.idempotency_key,
                "reverses_entry_id": posted.entry.reverses_entry_id,
                "lines": [
                    {
                        "account": line.account.code,
                        "amount_cents": line.amount_cents,
                        "claim_id": line.claim_id,
                        "service_line_id": line.service_line_id,
                    }
                    for line in posted.lines
                ],
            }  # fmt: skip
            for posted in entries
        ]
        print(json.dumps({"patient_id": patient, "entries": payload}))
        return
    table = Table(title=f"journal of patient {patient}")
    for column in ("entry", "date", "kind", "account", "debit", "credit"):
        table.add_column(
            column, justify="right" if column in {"debit", "credit"} else "left", overflow="fold"
        )
    for posted in entries:
        for number, line in enumerate(posted.lines):
            head = (
                (str(posted.id), posted.entry.effective_date.isoformat(), posted.kind.value)
                if number == 0
                else ("", "", "")
            )
            cents = line.amount_cents
            table.add_row(
                *head,
                line.account.code,
                str(Money(cents)) if cents > 0 else "",
                str(Money(-cents)) if cents < 0 else "",
            )
    console.print(table)


ledger_postings.register(app)
