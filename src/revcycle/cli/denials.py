"""`revcycle denials list` — the denials work queue by category, with the next action for each."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from revcycle.cli.db import (
    DatabaseOption,
    JsonOption,
    UserOption,
    as_user,
    one_line_errors,
    open_unit_of_work,
)
from revcycle.kernel.money import Money
from revcycle.services.denials import denial_queue

app = typer.Typer(name="denials", help="The denials work queue (by CARC category).", no_args_is_help=True)
console = Console(highlight=False, soft_wrap=True)


@app.command("list")
@one_line_errors
def list_denials(user: UserOption, database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """Open denials grouped by category (eligibility, authorization, coding, …), oldest and largest first."""
    uow = open_unit_of_work(database)
    groups = denial_queue(uow, as_user(uow, user)).groups()
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
