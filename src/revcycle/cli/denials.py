"""`revcycle denials list` — the denials work queue by category, with the next action for each;
`revcycle denials appeal CLAIM --out FILE.pdf [--note TEXT]` — draft an appeal and print its letter;
`revcycle denials appeals [--open]` — appeals by deadline (overdue flagged); `appeal-sent`, `appeal-outcome`,
`appeal-window` move an appeal along and set a payer's appeal window."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from revcycle.cli.db import DatabaseOption, JsonOption, UserOption, one_line_errors, open_as
from revcycle.denials.categories import next_action
from revcycle.kernel.clock import parse_date
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.money import Money
from revcycle.services import appeals as appeal_services
from revcycle.services.denials import denial_queue

app = typer.Typer(name="denials", help="The denials work queue (by CARC category).", no_args_is_help=True)
console = Console(highlight=False, soft_wrap=True)
AppealIdArgument = Annotated[int, typer.Argument(help="appeal id")]
LetterOption = Annotated[Path, typer.Option("--out", help="the appeal letter PDF to write")]


@app.command("list")
@one_line_errors
def list_denials(user: UserOption, database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """Open denials grouped by category (eligibility, authorization, coding, …), oldest and largest first."""
    groups = denial_queue(*open_as(database, user)).groups()
    if as_json:
        print(json.dumps([
            {"category": category.value, "total_cents": total, "next_action": items[0].next_action,
             "items": [{"id": i.id, "claim": i.claim_control_number, "procedure": i.procedure_code,
                        "adjustment": f"{i.group}-{i.carc}", "remarks": list(i.remarks), "amount_cents": i.amount_cents,
                        "denied_on": i.denied_on.isoformat()} for i in items]}
            for category, items, total in groups
        ]))  # fmt: skip
        return
    if not groups:
        console.print("no open denials")
    for category, items, total in groups:
        table = Table(
            title=f"{category.value}: {len(items)} items, {Money(total)} — next: {items[0].next_action}"
        )
        for column in ("claim", "procedure", "adjustment", "remarks", "amount", "denied on"):
            table.add_column(column)
        for item in items:
            table.add_row(item.claim_control_number, item.procedure_code, f"{item.group}-{item.carc}",
                          ",".join(item.remarks), str(Money(item.amount_cents)), item.denied_on.isoformat())  # fmt: skip
        console.print(table)


def _claim(value: str) -> int | str:
    """A claims row id (digits, as `revcycle claims build` and the claims page show) or a claim number (CLM01)."""
    return int(value) if value.isdecimal() else value


def _summary(view: appeal_services.AppealView) -> str:
    a = view.appeal
    when = f"{abs(view.days_to_deadline)} days {'ago' if view.days_to_deadline < 0 else 'left'}"
    return (f"appeal {a.id} ({a.status}) for claim {a.claim_control_number}: {a.category}, level {a.level}, "
            f"{Money(a.denied_cents)} denied on {a.denied_on}, deadline {a.deadline} ({when})")  # fmt: skip


def _letter(out: Path, pages: int) -> str:
    return f"letter {out} ({pages} page{'s' if pages > 1 else ''})"


@app.command("appeal")
@one_line_errors
def appeal(
    user: UserOption,
    claim: Annotated[str, typer.Argument(help="claim id (as `revcycle claims build` and the claims page show) or claim number")],
    out: LetterOption,
    note: Annotated[
        str, typer.Option("--note", help="the coder's or biller's notes printed in the letter")
    ] = "",
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Draft an appeal of the claim's open denials (deadline from the payer's window) and write its letter."""
    if not out.parent.is_dir():
        raise RevcycleError(ErrorCode.VALIDATION, f"{out.parent} is not a directory")
    uow, acting = open_as(database, user)
    view = appeal_services.draft_appeal(uow, acting, _claim(claim), note=note)
    pages = appeal_services.appeal_letter(uow, acting, view.appeal.id, out)  # type: ignore[arg-type]
    if as_json:
        print(json.dumps(view.to_dict() | {"letter": str(out), "pages": pages}))
        return
    console.print(f"{_summary(view)}; {_letter(out, pages)}", markup=False)
    if not view.appeal_first:
        console.print(f"note: for {view.appeal.category} denials the usual next action is to "
                      f"{next_action(view.appeal.category)}", markup=False)  # fmt: skip


@app.command("appeal-letter")
@one_line_errors
def appeal_letter(
    user: UserOption,
    appeal: Annotated[str, typer.Argument(help="appeal id, or a claim number (its latest appeal)")],
    out: LetterOption,
    database: DatabaseOption = None,
) -> None:
    """Write an existing appeal's letter again."""
    pages = appeal_services.appeal_letter(*open_as(database, user), _claim(appeal), out)
    console.print(_letter(out, pages), markup=False)


@app.command("appeals")
@one_line_errors
def list_appeals(
    user: UserOption,
    open_only: Annotated[bool, typer.Option("--open", help="only drafted and sent appeals")] = False,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Appeals by deadline, soonest first: days left, overdue (a draft past its deadline) flagged."""
    views = appeal_services.list_appeals(*open_as(database, user), open_only=open_only)
    if as_json:
        print(json.dumps([view.to_dict() for view in views]))
        return
    if not views:
        console.print("no appeals")
        return
    table = Table(title=f"{len(views)} appeals", box=box.SIMPLE_HEAD, pad_edge=False)
    for column in (
        "id",
        "claim",
        "payer",
        "category",
        "status",
        "denied",
        "deadline",
        "days left",
        "recovered",
    ):
        right = column in ("denied", "days left", "recovered")
        table.add_column(column, justify="right" if right else "left", no_wrap=True)
    for view in views:
        a = view.appeal
        left = "OVERDUE" if view.overdue else (str(view.days_to_deadline) if a.is_open else "")
        recovered = "" if a.recovered_cents is None else str(Money(a.recovered_cents))
        status = a.status.value if a.level == 1 else f"{a.status.value} (level {a.level})"
        table.add_row(str(a.id), a.claim_control_number, view.stored.payer_name, a.category.value, status,
                      str(Money(a.denied_cents)), a.deadline.isoformat(), left, recovered,
                      style="red" if view.overdue else None)  # fmt: skip
    Console(highlight=False, width=max(console.width, 110)).print(table)  # one row per appeal, never folded


@app.command("appeal-sent")
@one_line_errors
def appeal_sent(
    user: UserOption,
    appeal_id: AppealIdArgument,
    on: Annotated[str, typer.Option("--on", help="the day it was sent (YYYY-MM-DD); default today")] = "",
    database: DatabaseOption = None,
) -> None:
    """Record that the appeal letter went to the payer."""
    view = appeal_services.mark_appeal_sent(*open_as(database, user), appeal_id, parse_date(on) if on else None)
    console.print(_summary(view), markup=False)


@app.command("appeal-outcome")
@one_line_errors
def appeal_outcome(
    user: UserOption,
    appeal_id: AppealIdArgument,
    outcome: Annotated[str, typer.Argument(help="won | partially_won | upheld | withdrawn")],
    recovered: Annotated[
        str, typer.Option("--recovered", help="amount the payer agreed to pay, e.g. 392.00")
    ] = "",
    database: DatabaseOption = None,
) -> None:
    """Record the payer's decision given by letter or phone (an 835 decides sent appeals by itself)."""
    cents = Money.from_decimal(recovered).cents if recovered else None
    view = appeal_services.record_appeal_outcome(*open_as(database, user), appeal_id, outcome, cents)
    console.print(_summary(view), markup=False)


@app.command("appeal-window")
@one_line_errors
def appeal_window(
    user: UserOption,
    payer_id: Annotated[int, typer.Argument(help="payer id")],
    days: Annotated[int, typer.Argument(help="days after the denial the payer accepts an appeal")],
    category: Annotated[str, typer.Option("--category", help="one denial category; default: all")] = "",
    database: DatabaseOption = None,
) -> None:
    """Set a payer's own appeal window (deadlines of appeals drafted afterwards use it)."""
    appeal_services.set_appeal_window(*open_as(database, user), payer_id, days, category or None)
    console.print(
        f"payer {payer_id}: appeal window {days} days for {category or 'every category'}", markup=False
    )
