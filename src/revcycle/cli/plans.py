"""`revcycle plans ...` — patient payment plans.

    revcycle plans create --patient ID (--installments N | --amount 50.00) [--first-due DATE]
                          [--frequency monthly|biweekly|weekly] [--total 300.00] --user U [--json]
    revcycle plans list [--patient ID] [--status active] --user U [--json]
    revcycle plans show PLAN_ID --user U [--json]
    revcycle plans pay PLAN_ID --amount 50.00 [--on DATE] [--method cash|check|card|ach] [--reference R]
                       --user U [--json]
    revcycle plans missed [--on DATE] [--grace-days 10] [--default-after 2] --user U [--json]
    revcycle plans cancel PLAN_ID --user U

`create` plans the patient's whole balance unless `--total` is given. `pay` posts a patient payment
to the ledger; recording it again (same reference, or same day, amount and method) changes nothing.
`missed` flags the installments missed by the date and defaults plans with too many misses.
Amounts print as dollars; `--json` gives integer cents.
"""

from __future__ import annotations

import json
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
from revcycle.kernel.clock import parse_date
from revcycle.services import payment_plans
from revcycle.statements.plans import Frequency, PaymentPlan, PlanSettings, PlanStatus, paid_by_installment

app = typer.Typer(name="plans", help="Patient payment plans: agree, pay, follow up.", no_args_is_help=True)
console = Console(highlight=False)

PlanArgument = Annotated[int, typer.Argument(help="payment plan id")]
DEFAULT_SETTINGS = PlanSettings()
OnOption = Annotated[str | None, typer.Option("--on", help="date, YYYY-MM-DD (default: today)")]


def _plan_json(plan: PaymentPlan) -> dict:
    paid = paid_by_installment(plan)
    return {
        "id": plan.id, "patient_id": plan.patient_id, "status": plan.status.value, "frequency": plan.frequency.value,
        "total_cents": plan.total_cents, "paid_cents": plan.paid_cents(), "remaining_cents": plan.remaining_cents(),
        "installments": [
            {"number": i.number, "due_date": i.due_date.isoformat(), "amount_cents": i.amount_cents,
             "paid_cents": p, "missed_on": i.missed_on.isoformat() if i.missed_on else None}
            for i, p in zip(plan.installments, paid, strict=True)
        ],
    }  # fmt: skip


def _schedule(plan: PaymentPlan) -> Table:
    table = Table(title=f"Plan {plan.id} · patient {plan.patient_id} · {plan.status} · {plan.frequency}")
    for column, justify in (
        ("#", "right"),
        ("due", "left"),
        ("amount", "right"),
        ("paid", "right"),
        ("missed", "left"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for i, paid in zip(plan.installments, paid_by_installment(plan), strict=True):
        missed = i.missed_on.isoformat() if i.missed_on else ""
        table.add_row(str(i.number), i.due_date.isoformat(), dollars(i.amount_cents), dollars(paid), missed)
    table.caption = f"total {dollars(plan.total_cents)} · paid {dollars(plan.paid_cents())} · left {dollars(plan.remaining_cents())}"
    return table


def _print_plan(plan: PaymentPlan, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(_plan_json(plan), indent=2))
        return
    console.print(_schedule(plan))


@app.command("create")
@one_line_errors
def create(
    patient: Annotated[int, typer.Option("--patient", help="patient id")],
    user: UserOption,
    installments: Annotated[
        int | None, typer.Option("--installments", min=1, help="number of installments")
    ] = None,
    amount: Annotated[str | None, typer.Option("--amount", help="installment amount in dollars")] = None,
    first_due: Annotated[
        str | None, typer.Option("--first-due", help="first due date (default: in a month)")
    ] = None,
    frequency: Annotated[Frequency, typer.Option("--frequency")] = Frequency.MONTHLY,
    total: Annotated[
        str | None, typer.Option("--total", help="plan total in dollars (default: the balance)")
    ] = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Agree a payment plan on a patient's balance."""
    plan = payment_plans.create_plan(
        *open_as(database, user), patient, installments, parse_date(first_due) if first_due else None, frequency,
        dollars_to_cents(amount) if amount else None, dollars_to_cents(total) if total else None,
    )  # fmt: skip
    _print_plan(plan, as_json)


@app.command("list")
@one_line_errors
def list_command(
    user: UserOption,
    patient: Annotated[int | None, typer.Option("--patient", help="only this patient's plans")] = None,
    status: Annotated[
        list[PlanStatus] | None, typer.Option("--status", help="only plans in this status")
    ] = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Payment plans, oldest first."""
    found = payment_plans.list_plans(*open_as(database, user), patient, tuple(status or ()))
    if as_json:
        typer.echo(json.dumps([_plan_json(plan) for plan in found], indent=2))
        return
    table = Table(title="Payment plans")
    for column in ("plan", "patient", "status", "schedule", "total", "left", "missed"):
        table.add_column(column, justify="right" if column in ("total", "left") else "left")
    for plan in found:
        table.add_row(str(plan.id), str(plan.patient_id), plan.status, f"{len(plan.installments)} {plan.frequency}",
                      dollars(plan.total_cents), dollars(plan.remaining_cents()), str(len(plan.missed)))  # fmt: skip
    console.print(table)


@app.command("show")
@one_line_errors
def show(
    plan_id: PlanArgument, user: UserOption, database: DatabaseOption = None, as_json: JsonOption = False
) -> None:
    """A plan's schedule: each installment, what it has been paid, and whether it was missed."""
    plan = payment_plans.get_plan(*open_as(database, user), plan_id)
    _print_plan(plan, as_json)


@app.command("pay")
@one_line_errors
def pay(
    plan_id: PlanArgument,
    user: UserOption,
    amount: Annotated[str, typer.Option("--amount", help="dollars, e.g. 50.00")],
    on: OnOption = None,
    method: Annotated[str, typer.Option("--method", help="cash, check, card or ach")] = "cash",
    reference: Annotated[str, typer.Option("--reference", help="check or receipt number")] = "",
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record a payment on a plan: posted to the ledger, applied to the installments in order."""
    result = payment_plans.record_plan_payment(
        *open_as(database, user), plan_id, dollars_to_cents(amount), parse_date(on) if on else None, method, reference
    )
    applied = ", ".join(f"#{number} {dollars(cents)}" for number, cents in result.applied)
    if as_json:
        typer.echo(json.dumps({"journal_entry_id": result.entry.id, "replayed": result.replayed,
                               "applied": [list(pair) for pair in result.applied], "plan": _plan_json(result.plan)}, indent=2))  # fmt: skip
        return
    if result.replayed:
        console.print(f"already recorded as journal entry {result.entry.id}: nothing changed")
    else:
        console.print(
            f"journal entry {result.entry.id}: {dollars(sum(c for _, c in result.applied))} applied to {applied}"
        )
    console.print(_schedule(result.plan))


@app.command("missed")
@one_line_errors
def missed(
    user: UserOption,
    on: OnOption = None,
    grace_days: Annotated[int, typer.Option("--grace-days", min=0)] = DEFAULT_SETTINGS.grace_days,
    default_after: Annotated[
        int, typer.Option("--default-after", min=1, help="missed installments")
    ] = DEFAULT_SETTINGS.default_after_missed,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Flag the installments missed by the date; list the plans with missed installments."""
    settings = PlanSettings(grace_days, default_after)
    found = payment_plans.flag_missed_installments(
        *open_as(database, user), parse_date(on) if on else None, settings
    )
    if as_json:
        typer.echo(json.dumps([{
            "plan_id": m.plan.id, "patient_id": m.plan.patient_id, "status": m.plan.status.value,
            "missed": [i.number for i in m.missed], "newly_flagged": list(m.newly_flagged),
            "defaulted_now": m.defaulted_now, "past_due_cents": m.past_due_cents} for m in found], indent=2))  # fmt: skip
        return
    table = Table(title="Plans with missed installments")
    for column in ("plan", "patient", "status", "missed", "flagged now", "past due"):
        table.add_column(column, justify="right" if column == "past due" else "left")
    for m in found:
        missed_text = ", ".join(f"#{i.number} due {i.due_date.isoformat()}" for i in m.missed)
        flagged = ", ".join(f"#{n}" for n in m.newly_flagged) + (" · defaulted" if m.defaulted_now else "")
        table.add_row(
            str(m.plan.id),
            str(m.plan.patient_id),
            m.plan.status,
            missed_text,
            flagged,
            dollars(m.past_due_cents),
        )
    console.print(table)


@app.command("cancel")
@one_line_errors
def cancel(plan_id: PlanArgument, user: UserOption, database: DatabaseOption = None) -> None:
    """End a plan; the balance is then due as usual (its payments stay posted)."""
    plan = payment_plans.cancel_plan(*open_as(database, user), plan_id)
    console.print(f"plan {plan.id}: {plan.status}")
