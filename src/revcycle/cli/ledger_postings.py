"""`revcycle ledger payment|refund|write-off|transfer|deposits` — the biller's and the manager's hand postings.

    revcycle ledger payment --patient ID --amount 140.00 --method cash|check|card [--reference R]
                            [--apply oldest|credit] [--claim C2 --claim-amount 50.00 ...] --user U
    revcycle ledger apply-credit --patient ID [--claim C2 ...] --user U    (the unapplied credit to what is owed)
    revcycle ledger refund --patient ID --amount 34.00 --reason TEXT [--claim C2] --user U    (a manager)
    revcycle ledger write-off --claim C2 [--line 2] --kind small_balance --amount 6.00 --reason TEXT [--payer 87726] --user U
    revcycle ledger transfer --claim C2 [--line 2] --amount 80.00 --from-payer 87726 [--to-payer 00431] --reason TEXT --user U
    revcycle ledger deposits --day 2026-03-20 [--record SLIP-1 --amount 94.00] --user U    (exit 1 when off)

Claims are named by their number, their lines by their line number (a write-off or transfer without `--line`
posts on the claim as a whole), payers by their payer id. Each posting is one journal entry; its key is
`--key`, else derived from what was typed (same patient, day, method, reference and amount for a payment;
same claim, kind and amount for a write-off ...), so running the same command twice posts once.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from revcycle.cli.db import (
    DatabaseOption,
    JsonOption,
    UserOption,
    dollars,
    dollars_to_cents,
    one_line_errors,
    open_as,
)
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.ledger.deposits import Reconciliation
from revcycle.ledger.entries import PostedEntry
from revcycle.services import adjustments, deposits, ledger

console = Console(highlight=False, soft_wrap=True)
Amount = Annotated[str, typer.Option("--amount", help="dollars, e.g. 140.00")]
Reason = Annotated[str, typer.Option("--reason", help="why (kept with the entry)")]
Key = Annotated[str, typer.Option("--key", help="idempotency key (default: derived from the command)")]
On = Annotated[str, typer.Option("--on", help="effective date YYYY-MM-DD (default: today)")]
Line = Annotated[
    int | None, typer.Option("--line", min=1, help="the claim line's number (default: the claim as a whole)")
]


def _day(text: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RevcycleError(ErrorCode.INVALID_DATE, f"date {text!r}: YYYY-MM-DD") from None


def _done(posted: PostedEntry, as_json: bool) -> None:
    if as_json:
        lines = [{"account": line.account.code, "amount_cents": line.amount_cents} for line in posted.lines]
        print(json.dumps({"entry_id": posted.id, "kind": posted.kind.value, "memo": posted.entry.memo,
                          "effective_date": posted.entry.effective_date.isoformat(), "lines": lines}))  # fmt: skip
        return
    console.print(f"posted entry {posted.id}: {posted.kind.value.replace('_', ' ')} — {posted.entry.memo}")
    for line in posted.lines:
        console.print(f"  {line.account.code:<32} {dollars(line.amount_cents):>12}")


def payment(
    patient: Annotated[int, typer.Option("--patient", help="patient id")],
    amount: Amount,
    method: Annotated[str, typer.Option("--method", help="cash, check or card")],
    user: UserOption,
    reference: Annotated[str, typer.Option("--reference", help="check number or card reference")] = "",
    apply: Annotated[str, typer.Option("--apply", help="oldest (default) or credit")] = "oldest",
    claim: Annotated[list[str] | None, typer.Option("--claim", help="apply to this claim (repeat)")] = None,
    claim_amount: Annotated[
        list[str] | None, typer.Option("--claim-amount", help="how much to each --claim")
    ] = None,
    on: On = "",
    key: Key = "",
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """A patient's payment: applied to the oldest charges, to the claims named, or kept as a credit."""
    cents = dollars_to_cents(amount)
    chosen = None
    if claim:
        if len(claim) != len(claim_amount or []):
            raise RevcycleError(ErrorCode.VALIDATION, "give one --claim-amount for each --claim")
        uow, acting = open_as(database, user)
        chosen = {adjustments.claim_parties(uow, acting, number).claim_id: dollars_to_cents(part)
                  for number, part in zip(claim, claim_amount or [], strict=True)}  # fmt: skip
        apply = "chosen"
    when = _day(on)
    key = key or f"cli:payment:{patient}:{when or 'today'}:{method}:{reference}:{cents}"
    posted = adjustments.take_patient_payment(*open_as(database, user), key, patient, cents, method, reference.strip(),
                                              apply, chosen, when)  # fmt: skip
    _done(posted, as_json)



def apply_credit(
    patient: Annotated[int, typer.Option("--patient", help="patient id")],
    user: UserOption,
    claim: Annotated[list[str] | None, typer.Option("--claim", help="apply toward this claim (repeat)")] = None,
    on: On = "",
    key: Key = "",
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Apply the patient's unapplied credit (a copay taken at check-in) to the oldest charges, or to the claims."""
    chosen = None
    if claim:
        uow, acting = open_as(database, user)
        chosen = {adjustments.claim_parties(uow, acting, number).claim_id: 1 for number in claim}
    when = _day(on)
    credit = -ledger.patient_balance(*open_as(database, user), patient).unapplied_cents  # a new credit, a new key
    key = key or f"cli:apply-credit:{patient}:{'+'.join(claim or ['oldest'])}:{when or 'today'}:{credit}"
    posted = adjustments.apply_credit(*open_as(database, user), key, patient, "claim" if chosen else "oldest",
                                      chosen, when)  # fmt: skip
    _done(posted, as_json)


def refund(
    patient: Annotated[int, typer.Option("--patient", help="patient id")],
    amount: Amount,
    reason: Reason,
    user: UserOption,
    claim: Annotated[
        str, typer.Option("--claim", help="an overpaid claim (default: the unapplied credit)")
    ] = "",
    on: On = "",
    key: Key = "",
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Pay a patient back their unapplied credit, or an overpayment on a claim (a manager's act)."""
    uow, acting = open_as(database, user)
    claim_id = adjustments.claim_parties(uow, acting, claim).claim_id if claim else None
    cents, when = dollars_to_cents(amount), _day(on)
    key = key or f"cli:refund:{patient}:{claim or 'credit'}:{when or 'today'}:{cents}"
    _done(adjustments.refund(*open_as(database, user), key, patient, cents, reason, claim_id, when), as_json)


def write_off(
    claim: Annotated[str, typer.Option("--claim", help="claim number")],
    kind: Annotated[
        str, typer.Option("--kind", help="small_balance, non_covered, timely_filing, bad_debt, courtesy")
    ],
    amount: Amount,
    reason: Reason,
    user: UserOption,
    payer: Annotated[
        str, typer.Option("--payer", help="write off this payer's balance (default: the patient's)")
    ] = "",
    line: Line = None,
    on: On = "",
    key: Key = "",
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write off part of a claim's (or one claim line's) balance; each kind has its permission (small balance:
    billers)."""
    uow, acting = open_as(database, user)
    parties = adjustments.claim_parties(uow, acting, claim, line)
    payer_id = adjustments.payer_id_of(*open_as(database, user), payer) if payer else None
    cents, when = dollars_to_cents(amount), _day(on)
    where = f"{claim}:line:{line}" if line else claim
    key = key or f"cli:write-off:{where}:{kind}:{payer or 'patient'}:{when or 'today'}:{cents}"
    posted = adjustments.write_off(*open_as(database, user), key, kind, parties.patient_id, parties.claim_id, cents,
                                   reason, payer_id, when, parties.service_line_id)  # fmt: skip
    _done(posted, as_json)


def transfer(
    claim: Annotated[str, typer.Option("--claim", help="claim number")],
    amount: Amount,
    from_payer: Annotated[str, typer.Option("--from-payer", help="payer id owing it now")],
    reason: Reason,
    user: UserOption,
    to_payer: Annotated[str, typer.Option("--to-payer", help="the next payer (default: the patient)")] = "",
    line: Line = None,
    on: On = "",
    key: Key = "",
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Move a payer's balance on a claim (or one claim line) to the patient or to the next payer."""
    uow, acting = open_as(database, user)
    parties = adjustments.claim_parties(uow, acting, claim, line)
    source = adjustments.payer_id_of(*open_as(database, user), from_payer)
    target = adjustments.payer_id_of(*open_as(database, user), to_payer) if to_payer else None
    cents, when = dollars_to_cents(amount), _day(on)
    where = f"{claim}:line:{line}" if line else claim
    key = key or f"cli:transfer:{where}:{from_payer}:{to_payer or 'patient'}:{when or 'today'}:{cents}"
    posted = adjustments.transfer_balance(*open_as(database, user), key, parties.patient_id, parties.claim_id, cents,
                                          source, reason, target, when, parties.service_line_id)  # fmt: skip
    _done(posted, as_json)


def deposits_command(
    day: Annotated[str, typer.Option("--day", help="YYYY-MM-DD")],
    user: UserOption,
    record: Annotated[str, typer.Option("--record", help="record a bank deposit with this reference")] = "",
    amount: Annotated[str, typer.Option("--amount", help="the deposit's amount (with --record)")] = "",
    note: Annotated[str, typer.Option("--note")] = "",
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """The day's receipts by source against its bank deposits; exit 1 when they differ."""
    when = _day(day)
    assert when is not None
    if record:
        if not amount:
            raise RevcycleError(ErrorCode.VALIDATION, "--record needs --amount")
        if not deposits.record_deposit(
            *open_as(database, user), when, record, dollars_to_cents(amount), note
        ):
            console.print(f"deposit {record} of {when} was recorded before; nothing changed")
    result = deposits.reconcile_day(*open_as(database, user), when)
    if as_json:
        print(json.dumps({"day": when.isoformat(), "by_source": result.by_source, "receipts_cents": result.receipts_cents,
                          "deposited_cents": result.deposited_cents, "difference_cents": result.difference_cents,
                          "unmatched_efts": [r.reference for r in result.unmatched_efts], "balanced": result.balanced}))  # fmt: skip
    else:
        _show_reconciliation(result)
    if not result.balanced:
        raise typer.Exit(1)


def _show_reconciliation(result: Reconciliation) -> None:
    table = Table(title=f"deposits of {result.day}")
    for column in ("source", "reference", "from", "amount"):
        table.add_column(column, justify="right" if column == "amount" else "left")
    for receipt in result.receipts:
        table.add_row(receipt.source, receipt.reference, receipt.party, dollars(receipt.amount_cents))
    table.add_row("received", "", "", dollars(result.receipts_cents), end_section=True)
    for deposit in result.deposits:
        table.add_row("bank deposit", deposit.reference, deposit.note, dollars(deposit.amount_cents))
    table.add_row("deposited", "", "", dollars(result.deposited_cents), end_section=True)
    table.add_row("difference", "", "", dollars(result.difference_cents))
    console.print(table)
    for eft in result.unmatched_efts:
        console.print(
            f"[red]EFT {eft.reference} ({eft.party}, {dollars(eft.amount_cents)}): no deposit of that amount[/]"
        )
    console.print("balanced" if result.balanced else "[red]not balanced[/]")


def register(app: typer.Typer) -> None:
    for name, command in (("payment", payment), ("apply-credit", apply_credit), ("refund", refund), ("write-off", write_off),
                          ("transfer", transfer), ("deposits", deposits_command)):  # fmt: skip
        app.command(name)(one_line_errors(command))
