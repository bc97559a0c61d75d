"""A patient who cannot pay at once: Richard Roe (synthetic) is seen on 2026-03-02 (99214 + 83036,
$190.00). The claim goes to Acme Health through the simulator clearinghouse; the 835 pays $74.40 and
leaves him $68.60 (PPO: the last $50.00 of his deductible and 20% coinsurance). On 2026-03-25 the
biller agrees a plan of 6 monthly installments from Apr 15; he pays the first by check, misses May's,
the missed check flags it, and the statement of May 28 asks for the missed and the next installment
($22.86), not the whole $57.17, and prints the plan lines."""

from __future__ import annotations

import datetime as dt

import pdfplumber
import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from followup_setup import SETTINGS, family_payer, set_up_clinic

from revcycle.clearinghouse.simulated import SimulatorClearinghouse
from revcycle.practice.organization import Submitter
from revcycle.services import claims as claim_services
from revcycle.services import payment_plans as plans
from revcycle.services import users
from revcycle.services.clearinghouse import collect, submit_batch
from revcycle.services.statements import run_statements
from revcycle.statements import StatementSettings
from revcycle.statements.plans import PlanSettings
from revcycle.store.testing import database_url, engine  # noqa: F401  (pytest fixtures)

SET_UP = dt.datetime(2026, 3, 1, 17, 0, tzinfo=dt.UTC)
SUBMITTED = dt.datetime(2026, 3, 5, 10, 0, tzinfo=dt.UTC)
COLLECTED = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)
AGREED = dt.datetime(2026, 3, 25, 11, 0, tzinfo=dt.UTC)
FOLLOW_UP = dt.datetime(2026, 5, 28, 8, 0, tzinfo=dt.UTC)
DOS = dt.date(2026, 3, 2)
SUBMITTER = Submitter("Springfield Family Medicine", "CLINIC01", "Billing Office", "2175550100")


@pytest.fixture(autouse=True)
def cheap_password_hashing():
    previous = users.use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))
    yield
    users.use_password_hasher(previous)


def _billed_and_paid(clinic, tmp_path) -> int:
    """Roe's visit billed, adjudicated and its 835 posted; returns his patient id."""
    encounter_id = clinic.encounter("roe", DOS, SET_UP)
    claim_services.build_encounter_claims(clinic.uow(SUBMITTED), clinic.biller, encounter_id)
    run = claim_services.scrub_claims(clinic.uow(SUBMITTED), clinic.biller)
    partner = SimulatorClearinghouse(
        SETTINGS, tmp_path / "acme", family_payer(), received_on=SUBMITTED.date()
    )
    submit_batch(clinic.uow(SUBMITTED), clinic.biller, partner, run.batch_id, SUBMITTER)
    report = collect(clinic.uow(COLLECTED), clinic.biller, partner)
    assert report.remittances[0]["claims_posted"] == 1
    return clinic.patients["roe"][0]


def text_of(path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() for page in pdf.pages)


def test_a_plan_on_the_patient_responsibility_is_paid_missed_flagged_and_printed(engine, tmp_path):  # noqa: F811
    # given Roe's visit billed and its 835 posted: $68.60 is his to pay
    clinic = set_up_clinic(engine, SET_UP)
    roe = _billed_and_paid(clinic, tmp_path)
    with clinic.uow(COLLECTED) as uow:
        owed = uow.journal.receivable(patient_id=roe)
    assert (owed.insurance_cents, owed.patient_cents, owed.unapplied_cents) == (0, 6860, 0)

    # when the biller agrees 6 monthly installments from Apr 15 on his balance
    plan = plans.create_plan(
        clinic.uow(AGREED), clinic.biller, roe, installments=6, first_due=dt.date(2026, 4, 15)
    )
    # then $11.43 five times and the remainder, $11.45, last
    assert [(i.due_date, i.amount_cents) for i in plan.installments] == [
        (dt.date(2026, 4, 15), 1143), (dt.date(2026, 5, 15), 1143), (dt.date(2026, 6, 15), 1143),
        (dt.date(2026, 7, 15), 1143), (dt.date(2026, 8, 15), 1143), (dt.date(2026, 9, 15), 1145)]  # fmt: skip

    # when he pays the first installment by check on Apr 14 (and the front desk records it twice)
    paid = plans.record_plan_payment(
        clinic.uow(AGREED), clinic.biller, plan.id, 1143, dt.date(2026, 4, 14), "check", "4471"
    )
    again = plans.record_plan_payment(
        clinic.uow(AGREED), clinic.biller, plan.id, 1143, dt.date(2026, 4, 14), "check", "4471"
    )
    # then one patient payment is posted: Dr cash, Cr his AR; installment 1 is covered
    assert (paid.applied, again.replayed, again.entry.id) == (((1, 1143),), True, paid.entry.id)
    assert [(line.account.code, line.amount_cents) for line in paid.entry.entry.lines] == [
        ("cash", 1143), (f"patient_ar:patient={roe}", -1143)]  # fmt: skip

    # when the missed check runs on May 28 (10 grace days after May 15 have passed)
    found = plans.flag_missed_installments(clinic.uow(FOLLOW_UP), clinic.biller, settings=PlanSettings(10, 2))
    # then May's installment is flagged missed from May 26; one miss does not default the plan
    assert [(m.plan.id, [(i.number, i.missed_on) for i in m.missed], m.past_due_cents, m.plan.status) for m in found] == [
        (plan.id, [(2, dt.date(2026, 5, 26))], 1143, "active")]  # fmt: skip

    # when the statements run on May 28
    batch = run_statements(clinic.uow(FOLLOW_UP), clinic.biller, tmp_path / "out", StatementSettings())
    # then Roe's statement asks for the missed and the next installment, $22.86 of the $57.17 he owes
    (run,) = batch.written
    assert (run.account_number, run.amount_due_cents, run.path.name) == (
        "P1",
        2286,
        "statement-P1-2026-05-28.pdf",
    )
    text = text_of(run.path)
    assert "Amount due $22.86" in text and "Please pay by 06/15/2026" in text
    assert "Payment plan 1: $68.60 in 6 monthly installments" in text
    assert "Past due installments: $11.43" in text
    assert "Next installment: $11.43 due 06/15/2026" in text
    assert "Plan balance remaining: $57.17" in text
    assert "Payment on account $0.00 $0.00 $0.00 $11.43 $0.00 -$11.43" in text
    # and every step on the plan is in the audit log (ids and cents only)
    with clinic.uow(FOLLOW_UP) as uow:
        events = [(e.action, e.detail) for e in uow.audit.events("payment_plan", str(plan.id))]
    assert events == [
        ("create", f"patient={roe} total=6860 installments=6 monthly"),
        ("change", f"payment entry={paid.entry.id} cents=1143 installments=1:1143 status=active"),
        ("change", "missed=2 status=active"),
        ("read", f"patient={roe} missed"),
    ]
