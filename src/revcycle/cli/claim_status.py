"""`revcycle claims status` — ask payers (276/277) about claims that went quiet.

    revcycle claims status --partner PARTNER.json [--stale-days N] --user U [--json]

A claim is quiet when it still awaits the payer N days after submission (N: --stale-days, else
the payer's setting, else 30). Answers are shown in plain words, stored, and move the claims.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from revcycle.clearinghouse.partners import load_partner
from revcycle.cli.db import DatabaseOption, JsonOption, PartnerOption, UserOption, open_as
from revcycle.cli.errors import one_line_errors
from revcycle.kernel.money import Money
from revcycle.services.claim_status import check_claim_status

console = Console(highlight=False, soft_wrap=True)


@one_line_errors
def status_command(
    partner: PartnerOption,
    user: UserOption,
    stale_days: Annotated[int | None, typer.Option("--stale-days", help="days without an answer (default: per payer, 30)")] = None,
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Send 276 claim status requests for quiet claims; show and apply the 277 answers."""
    uow, acting = open_as(database, user)
    clearinghouse = load_partner(partner)
    report = check_claim_status(uow, acting, clearinghouse.payer_desk(), clearinghouse.settings, stale_days)
    if as_json:
        print(json.dumps({"asked": report.asked, "moved": report.moved, "unanswered": report.unanswered,
                          "answers": {k: asdict(v) for k, v in report.answers.items()}}, default=str))  # fmt: skip
        return
    table = Table("claim", "status", "payer claim", "adjudicated", "paid", "paid on", "claim now")
    for claim_id in report.asked:
        answer = report.answers.get(claim_id)
        if answer is None:
            table.add_row(claim_id, "no answer", "", "", "", "", "")
            continue
        paid = "" if answer.paid_cents is None else str(Money(answer.paid_cents))
        table.add_row(claim_id, f"{answer.category}: {answer.words}", answer.payer_claim_number,
                      str(answer.adjudicated_on or ""), paid, str(answer.paid_on or ""), report.moved.get(claim_id, ""))  # fmt: skip
    console.print(table if report.asked else "no quiet claims")
