"""`revcycle plans ...` against a real database: create, pay (a replay changes nothing), missed,
list, show, cancel; a command that cannot proceed is one line on stderr and exit code 2."""

from __future__ import annotations

import json
from datetime import date

from services_setup import set_up_practice
from typer.testing import CliRunner

from revcycle.cli.main import app as cli
from revcycle.ledger.postings import ChargeRef
from revcycle.services import ledger


def plans(database_url, *args):
    return CliRunner().invoke(cli, ["plans", *args, "--user", "biller1", "--database-url", database_url])


def test_a_plan_is_created_paid_flagged_listed_and_cancelled_from_the_cli(engine, database_url):
    # given patient 1 owing $300.00
    practice = set_up_practice(engine)
    ledger.post_charge(practice.uow(), practice.biller, "visit-1", ChargeRef(1), 30000, on=date(2026, 3, 4))
    # when a plan of 3 is created from Apr 15
    created = plans(
        database_url, "create", "--patient", "1", "--installments", "3", "--first-due", "2026-04-15", "--json"
    )
    # then its schedule is printed in cents
    assert created.exit_code == 0, created.output
    assert json.loads(created.output) == {
        "id": 1, "patient_id": 1, "status": "active", "frequency": "monthly", "total_cents": 30000,
        "paid_cents": 0, "remaining_cents": 30000, "installments": [
            {"number": 1, "due_date": "2026-04-15", "amount_cents": 10000, "paid_cents": 0, "missed_on": None},
            {"number": 2, "due_date": "2026-05-15", "amount_cents": 10000, "paid_cents": 0, "missed_on": None},
            {"number": 3, "due_date": "2026-06-15", "amount_cents": 10000, "paid_cents": 0, "missed_on": None}]}  # fmt: skip

    # when $150.00 is paid by check 1001 on Apr 15, twice
    payment = ["pay", "1", "--amount", "150.00", "--on", "2026-04-15", "--method", "check"]
    payment += ["--reference", "1001"]
    paid = plans(database_url, *payment)
    again = plans(database_url, *payment)
    # then the first posts journal entry 2 on installments 1 and 2; the second changes nothing
    assert paid.exit_code == 0 and again.exit_code == 0, paid.output + again.output
    assert "journal entry 2: $150.00 applied to #1 $100.00, #2 $50.00" in paid.output
    assert "already recorded as journal entry 2: nothing changed" in again.output

    # when the missed check runs on Jun 1 / then installment 2 is flagged missed from May 26
    missed = plans(database_url, "missed", "--on", "2026-06-01", "--json")
    assert json.loads(missed.output) == [{"plan_id": 1, "patient_id": 1, "status": "active", "missed": [2],
                                          "newly_flagged": [2], "defaulted_now": False, "past_due_cents": 5000}]  # fmt: skip

    # when the plans are listed and shown as tables
    listed = plans(database_url, "list")
    shown = plans(database_url, "show", "1")
    # then the plan's totals and the missed installment are on them
    assert "Payment plans" in listed.output
    assert "│ 1    │ 1       │ active │ 3 monthly │ $300.00 │ $150.00 │ 1      │" in listed.output
    assert "│ 2 │ 2026-05-15 │ $100.00 │  $50.00 │ 2026-05-26 │" in shown.output
    assert "total $300.00 · paid $150.00 · left $150.00" in shown.output

    # when $200.00 is offered on the $150.00 left / then refused in one line, exit code 2
    too_much = plans(database_url, "pay", "1", "--amount", "200.00", "--on", "2026-06-02")
    assert too_much.exit_code == 2
    assert (
        too_much.output
        == "error: [validation] a payment of 20000 cents is more than the 15000 cents left on the plan\n"
    )

    # when the plan is cancelled / then it is, and it cannot be cancelled twice
    assert plans(database_url, "cancel", "1").output == "plan 1: cancelled\n"
    twice = plans(database_url, "cancel", "1")
    assert (twice.exit_code, twice.output) == (
        2,
        "error: [illegal_transition] a cancelled plan cannot become cancelled\n",
    )
