"""A statement with a payment plan asks for the installments due, not the whole balance; the PDF
prints the plan lines (read back with pdfplumber)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pdfplumber

from revcycle.ledger import postings
from revcycle.ledger.postings import ChargeRef
from revcycle.practice.organization import Address
from revcycle.statements import Party, PatientEntries, build_statement
from revcycle.statements.pdf import render_statement
from revcycle.statements.plans import PlanPayment, PlanStatus, apply_payment, new_plan, transition

ANN = 10
PRACTICE = Party("Springfield Family Medicine", Address("100 Main St", "Springfield", "IL", "627011234"))
GUARANTOR = Party("Ann Example", Address("12 Oak Ave", "Springfield", "IL", "62702"))


def ann(extra_items: int = 0):
    """Ann owes $300.00 (Mar 1) under a plan of 3 from Apr 1, paid $100.00 on Apr 1; $50.00 more on Apr 10."""
    entries = [
        postings.charge("visit", date(2026, 3, 1), ChargeRef(ANN, 1, 1), 30000),
        postings.patient_payment("plan:4:1001", date(2026, 4, 1), ChargeRef(ANN), 10000),
        postings.charge("lab", date(2026, 4, 10), ChargeRef(ANN, 2, 2), 5000),
    ]
    entries += [
        postings.charge(f"x{n}", date(2026, 4, 11), ChargeRef(ANN, 100 + n, 100 + n), 100)
        for n in range(extra_items)
    ]
    plan = replace(new_plan(ANN, 30000, date(2026, 4, 1), installments=3), id=4)
    return [PatientEntries(ANN, "Ann Example", entries)], apply_payment(
        plan, PlanPayment(date(2026, 4, 1), 10000)
    )


def statement_on(day, plan_status=PlanStatus.ACTIVE, extra_items=0):
    patients, plan = ann(extra_items)
    if plan_status is not PlanStatus.ACTIVE:
        plan = transition(plan, plan_status)
    return build_statement("P10", GUARANTOR, patients, PRACTICE, PRACTICE, day, plans=[plan])


def test_the_amount_due_is_the_installment_due_plus_what_is_owed_outside_the_plan():
    # given Ann's plan and the $50.00 lab charged after it / when her statement is dated Apr 15
    statement = statement_on(date(2026, 4, 15))
    # then she owes $250.00 in all, but is asked for May 1's $100.00 and the $50.00 outside the plan,
    # by May 1 (the installment's date comes before the usual 21 days, May 6)
    (due,) = statement.plans
    assert statement.due_date == date(2026, 5, 1)
    assert (statement.balance_cents, statement.amount_due_cents) == (25000, 15000)
    assert (due.plan_id, due.past_due_cents, due.next_due, due.next_cents, due.remaining_cents) == (
        4, 0, date(2026, 5, 1), 10000, 20000)  # fmt: skip


def test_a_missed_installment_is_asked_for_with_the_next_one_and_a_defaulted_plan_asks_for_everything():
    # given the same plan on May 20 (May 1 unpaid) / when active, and when defaulted
    active = statement_on(date(2026, 5, 20))
    defaulted = statement_on(date(2026, 5, 20), PlanStatus.DEFAULTED)
    # then $100.00 past due + $100.00 next (Jun 1) + $50.00 outside; a defaulted plan is not shown
    assert (active.plans[0].past_due_cents, active.plans[0].due_now_cents, active.amount_due_cents) == (
        10000,
        20000,
        25000,
    )
    assert (defaulted.plans, defaulted.amount_due_cents) == ((), 25000)


def test_the_pdf_prints_the_plan_lines_under_the_credit_line(tmp_path):
    # given Ann's statement on May 20 / when rendered
    out = tmp_path / "plan.pdf"
    assert render_statement(statement_on(date(2026, 5, 20)), out) == 1
    with pdfplumber.open(out) as pdf:
        text = pdf.pages[0].extract_text()
        words = pdf.pages[0].extract_words(keep_blank_chars=True, x_tolerance=1.5)
    # then the plan, the past due installment, the next one and the plan balance are printed
    lines = [line for line in text.splitlines() if "plan" in line.lower() or "installment" in line.lower()]
    assert lines[:4] == [
        "Payment plan 4: $300.00 in 3 monthly installments Please pay by 06/01/2026",
        "Past due installments: $100.00",
        "Next installment: $100.00 due 06/01/2026",
        "Plan balance remaining: $200.00",
    ]
    assert "Amount due $250.00" in text
    # and the ways to pay start under the last plan line
    plan_bottom = next(w for w in words if w["text"].startswith("Plan balance remaining"))["bottom"]
    ways_top = next(w for w in words if w["text"].startswith("Ways to pay"))["top"]
    assert 0 < ways_top - plan_bottom < 30


def test_with_plan_lines_a_fuller_last_page_sends_the_summary_to_a_page_of_its_own(tmp_path):
    # given 22 items (the summary fits under 24 without a plan, under 21 with three plan lines)
    with_plan = statement_on(date(2026, 4, 15), extra_items=19)
    without = build_statement("P10", GUARANTOR, ann(19)[0], PRACTICE, PRACTICE, date(2026, 4, 15))
    # when both are rendered / then the plan's statement takes a second page, the other one does not
    assert (len(with_plan.items), len(without.items)) == (22, 22)
    assert render_statement(with_plan, tmp_path / "a.pdf") == 2
    assert render_statement(without, tmp_path / "b.pdf") == 1
    assert (with_plan.due_date, without.due_date) == (date(2026, 5, 1), date(2026, 4, 15) + timedelta(days=21))
