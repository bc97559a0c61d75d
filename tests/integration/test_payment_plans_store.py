"""Payment plans on a real database (SQLite, and PostgreSQL when configured): created on the patient's
balance, paid through the ledger (a replay changes nothing), missed installments flagged and the plan
defaulted, listed and cancelled; every read and change audited."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from practice_rows import ADDRESS
from services_setup import set_up_practice

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.ledger.postings import ChargeRef
from revcycle.practice import Patient
from revcycle.services import ledger, patients
from revcycle.services import payment_plans as plans
from revcycle.statements.plans import PlanSettings, PlanStatus
from revcycle.store.repositories.payment_plans import PaymentPlanRepository


def owing(engine, cents=30000):
    """The practice's patient 1 owes `cents` for a self-pay visit on 2026-03-04."""
    practice = set_up_practice(engine)
    ledger.post_charge(
        practice.uow(), practice.biller, "visit-1", ChargeRef(practice.patient_id), cents, on=date(2026, 3, 4)
    )
    return practice


def test_a_plan_is_agreed_on_the_balance_and_stored_with_its_schedule(engine):
    # given patient 1 owing $300.01
    practice = owing(engine, 30001)
    # when a plan of 3 monthly installments from Apr 15 is agreed
    plan = plans.create_plan(
        practice.uow(), practice.biller, practice.patient_id, installments=3, first_due=date(2026, 4, 15)
    )
    # then it is stored as made: $100.00, $100.00 and $100.01, active
    with practice.uow() as uow:
        stored = PaymentPlanRepository(uow.connection).get(plan.id)
        events = [(e.action, e.detail) for e in uow.audit.events("payment_plan", str(plan.id))]
    assert stored == plan
    assert [(i.number, i.due_date, i.amount_cents) for i in stored.installments] == [
        (1, date(2026, 4, 15), 10000), (2, date(2026, 5, 15), 10000), (3, date(2026, 6, 15), 10001)]  # fmt: skip
    assert (stored.total_cents, stored.status, stored.frequency) == (30001, "active", "monthly")
    assert events == [("create", "patient=1 total=30001 installments=3 monthly")]


def test_a_second_plan_a_plan_beyond_the_balance_and_a_plan_on_nothing_are_refused(engine):
    # given patient 1 owing $300.00 with a plan, and patient 2 owing nothing
    practice = owing(engine)
    plans.create_plan(practice.uow(), practice.biller, practice.patient_id, installment_cents=5000)
    other = patients.register_patient(
        practice.uow(), practice.biller, Patient("Al", "Owes-Nothing", date(1990, 1, 1), "M", ADDRESS)
    )
    # when each is tried / then each is refused with its code, and nothing more is stored
    refused = {}
    for name, call in {
        "second": lambda: plans.create_plan(
            practice.uow(), practice.biller, practice.patient_id, installments=2
        ),
        "nothing owed": lambda: plans.create_plan(practice.uow(), practice.biller, other.id, installments=2),
        "unknown": lambda: plans.create_plan(practice.uow(), practice.biller, 99, installments=2),
        "auditor": lambda: plans.create_plan(practice.uow(), practice.auditor, other.id, installments=2),
    }.items():
        with pytest.raises(RevcycleError) as error:
            call()
        refused[name] = error.value.code
    assert refused == {"second": ErrorCode.CONFLICT, "nothing owed": ErrorCode.VALIDATION,
                       "unknown": ErrorCode.NOT_FOUND, "auditor": ErrorCode.FORBIDDEN}  # fmt: skip
    plans.cancel_plan(practice.uow(), practice.biller, 1)
    with pytest.raises(RevcycleError, match="a plan of 30001 cents is more than the 30000 cents owed"):
        plans.create_plan(
            practice.uow(), practice.biller, practice.patient_id, installments=2, total_cents=30001
        )
    with practice.uow() as uow:
        assert [(p.id, p.status) for p in PaymentPlanRepository(uow.connection).plans()] == [(1, "cancelled")]


def test_a_plan_payment_posts_to_the_ledger_once_and_fills_installments_in_order(engine):
    # given a $300.00 plan in 3
    practice = owing(engine)
    plan = plans.create_plan(practice.uow(), practice.biller, 1, installments=3, first_due=date(2026, 4, 1))
    # when $150.00 is paid by check 1001, and the same payment is recorded again
    paid = plans.record_plan_payment(
        practice.uow(), practice.biller, plan.id, 15000, date(2026, 4, 1), "check", "1001"
    )
    with practice.uow() as uow:
        counts = (uow.journal.row_counts(), uow.audit.count())
    again = plans.record_plan_payment(
        practice.uow(), practice.biller, plan.id, 15000, date(2026, 4, 1), "check", "1001"
    )
    # then one patient payment is in the journal, installment 1 and half of 2 are covered, the replay wrote nothing
    assert (paid.applied, paid.plan.remaining_cents(), paid.replayed) == (
        ((1, 10000), (2, 5000)),
        15000,
        False,
    )
    assert (again.replayed, again.entry.id, again.plan.remaining_cents()) == (True, paid.entry.id, 15000)
    with practice.uow() as uow:
        assert (uow.journal.row_counts(), uow.audit.count()) == counts
        assert paid.entry.entry.idempotency_key == "plan:1:1001"
        assert uow.journal.receivable(patient_id=1).patient_cents == 15000
        assert uow.journal.trial_balance()["cash"] == 15000
        assert [e.detail for e in uow.audit.events("payment_plan", "1")][-1] == (
            f"payment entry={paid.entry.id} cents=15000 installments=1:10000,2:5000 status=active"
        )


def test_a_payment_beyond_the_plan_or_reusing_a_reference_writes_nothing_and_the_last_completes_it(engine):
    # given a $300.00 plan in 3 with $250.00 paid
    practice = owing(engine)
    plan = plans.create_plan(practice.uow(), practice.biller, 1, installments=3, first_due=date(2026, 4, 1))
    plans.record_plan_payment(practice.uow(), practice.biller, plan.id, 25000, date(2026, 4, 1), "card", "r1")
    with practice.uow() as uow:
        counts = (uow.journal.row_counts(), uow.audit.count())
    # when $60.00 is offered, and reference r1 is reused for another amount
    with pytest.raises(RevcycleError) as too_much:
        plans.record_plan_payment(
            practice.uow(), practice.biller, plan.id, 6000, date(2026, 4, 2), "card", "r2"
        )
    with pytest.raises(RevcycleError) as reused:
        plans.record_plan_payment(
            practice.uow(), practice.biller, plan.id, 5000, date(2026, 4, 2), "card", "r1"
        )
    # then both are refused and nothing was written
    assert (too_much.value.code, reused.value.code) == (ErrorCode.VALIDATION, ErrorCode.IDEMPOTENCY_CONFLICT)
    with practice.uow() as uow:
        assert (uow.journal.row_counts(), uow.audit.count()) == counts
    # and the last $50.00 completes the plan, which then takes nothing more
    last = plans.record_plan_payment(practice.uow(), practice.biller, plan.id, 5000, date(2026, 5, 1), "cash")
    assert (last.plan.status, last.applied, last.entry.entry.idempotency_key) == (
        "completed", ((3, 5000),), "plan:1:2026-05-01:5000:cash")  # fmt: skip
    with pytest.raises(RevcycleError, match="completed: it takes no payments"):
        plans.record_plan_payment(practice.uow(), practice.biller, plan.id, 100, date(2026, 5, 2))
    assert plans.get_plan(practice.uow(), practice.biller, plan.id).status is PlanStatus.COMPLETED


def test_missed_installments_are_flagged_once_and_the_plan_defaults_after_two(engine):
    # given a $300.00 plan from Apr 1 with installment 1 paid and nothing after
    practice = owing(engine)
    plan = plans.create_plan(practice.uow(), practice.biller, 1, installments=3, first_due=date(2026, 4, 1))
    plans.record_plan_payment(practice.uow(), practice.biller, plan.id, 10000, date(2026, 4, 1))
    settings = PlanSettings(grace_days=10, default_after_missed=2)
    # when the missed check runs on May 12 (a read first), on May 12 again, and on Jun 12
    seen = plans.plans_with_missed_installments(practice.uow(), practice.biller, date(2026, 5, 12), settings)
    first = plans.flag_missed_installments(practice.uow(), practice.biller, date(2026, 5, 12), settings)
    again = plans.flag_missed_installments(practice.uow(), practice.biller, date(2026, 5, 12), settings)
    june = plans.flag_missed_installments(practice.uow(), practice.biller, date(2026, 6, 12), settings)
    # then installment 2 is missed from May 12 (flagged once), then 3, and the plan defaults
    assert [(m.plan.id, [i.number for i in m.missed], m.newly_flagged, m.plan.missed) for m in seen] == [
        (1, [2], (2,), ())
    ]
    assert [(m.newly_flagged, m.defaulted_now, m.past_due_cents, m.plan.status) for m in first] == [
        ((2,), False, 10000, "active")
    ]
    assert [(m.newly_flagged, m.defaulted_now) for m in again] == [((), False)]
    assert [(m.newly_flagged, m.defaulted_now, m.past_due_cents, m.plan.status) for m in june] == [
        ((3,), True, 20000, "defaulted")]  # fmt: skip
    with practice.uow() as uow:
        stored = PaymentPlanRepository(uow.connection).get(1)
        changes = [e.detail for e in uow.audit.events("payment_plan", "1") if e.action == "change"]
    assert [(i.number, i.missed_on) for i in stored.missed] == [
        (2, date(2026, 5, 12)),
        (3, date(2026, 6, 12)),
    ]
    assert changes[-2:] == ["missed=2 status=active", "missed=3 status=defaulted"]


def test_plans_are_listed_with_an_audited_read_each_and_cancelled(engine):
    # given two patients with plans
    practice = owing(engine)
    other = patients.register_patient(
        practice.uow(), practice.biller, Patient("Bo", "Owes", date(1990, 1, 1), "M", ADDRESS)
    )
    ledger.post_charge(
        practice.uow(), practice.biller, "visit-2", ChargeRef(other.id), 9000, on=date(2026, 3, 4)
    )
    plans.create_plan(practice.uow(), practice.biller, 1, installments=3)
    plans.create_plan(practice.uow(), practice.biller, other.id, installments=2, first_due=date(2026, 3, 31))
    # when the second is cancelled and an auditor lists them
    cancelled = plans.cancel_plan(practice.uow(), practice.biller, 2)
    listed = plans.list_plans(practice.uow(), practice.auditor)
    active = plans.list_plans(practice.uow(), practice.auditor, statuses=(PlanStatus.ACTIVE,))
    # then both are listed, the first due a month after today (2026-03-10), and a cancelled plan stays cancelled
    assert [(p.id, p.patient_id, p.status, p.first_due, p.total_cents) for p in listed] == [
        (1, 1, "active", date(2026, 4, 10), 30000), (2, other.id, "cancelled", date(2026, 3, 31), 9000)]  # fmt: skip
    assert ([p.id for p in active], cancelled.status) == ([1], "cancelled")
    with pytest.raises(RevcycleError) as again:
        plans.cancel_plan(practice.uow(), practice.biller, 2)
    assert again.value.code is ErrorCode.ILLEGAL_TRANSITION
    with practice.uow() as uow:
        reads = [(e.username, e.entity_id) for e in uow.audit.events("payment_plan") if e.action == "read"]
    assert reads == [("auditor1", "1"), ("auditor1", "2"), ("auditor1", "1")]


def test_a_failure_after_the_ledger_posting_leaves_no_entry_no_plan_payment_and_no_audit_row(
    engine, monkeypatch
):
    # given a plan, and the plan payment's own insert failing after the journal entry was posted
    practice = owing(engine)
    plan = plans.create_plan(practice.uow(), practice.biller, 1, installments=3, first_due=date(2026, 4, 1))
    with practice.uow() as uow:
        before = (uow.journal.row_counts(), uow.audit.count())

    def fail(self, payment, recorded_at, user_id):
        raise RevcycleError(ErrorCode.CONFLICT, "disk full (simulated)")

    monkeypatch.setattr(PaymentPlanRepository, "add_payment", fail)
    # when a payment is recorded / then it fails and everything is rolled back
    with pytest.raises(RevcycleError, match="simulated"):
        plans.record_plan_payment(practice.uow(), practice.biller, plan.id, 10000, date(2026, 4, 1))
    with practice.uow() as uow:
        assert (uow.journal.row_counts(), uow.audit.count()) == before
        assert PaymentPlanRepository(uow.connection).get(plan.id).payments == ()


def test_two_clerks_agreeing_a_plan_for_the_same_patient_at_once_make_one_plan(engine):
    # given 6 patients owing $90.00 each
    practice = owing(engine, 9000)
    ids = [1] + [
        patients.register_patient(practice.uow(), practice.biller, Patient(f"P{n}", "Owes", date(1990, 1, n), "F", ADDRESS)).id
        for n in range(1, 6)
    ]  # fmt: skip
    for patient_id in ids[1:]:
        ledger.post_charge(
            practice.uow(), practice.biller, f"visit-{patient_id}", ChargeRef(patient_id), 9000
        )
    outcomes: list[str] = []

    def agree(patient_id: int, barrier: threading.Barrier) -> None:
        barrier.wait(timeout=30)
        try:
            plan = plans.create_plan(practice.uow(), practice.biller, patient_id, installments=3)
            outcomes.append(f"plan {plan.id}")
        except RevcycleError as refused:
            outcomes.append(refused.code.value)

    # when two clerks agree a plan for each patient at the same moment
    for patient_id in ids:
        barrier = threading.Barrier(2)
        clerks = [threading.Thread(target=agree, args=(patient_id, barrier)) for _ in range(2)]
        for clerk in clerks:
            clerk.start()
        for clerk in clerks:
            clerk.join(timeout=60)
    # then each patient has exactly one plan; the other clerk was told so
    assert sorted(outcome for outcome in outcomes if not outcome.startswith("plan")) == ["conflict"] * 6
    with practice.uow() as uow:
        stored = PaymentPlanRepository(uow.connection).plans()
    assert sorted(plan.patient_id for plan in stored) == sorted(ids)


def test_two_payments_at_once_never_pay_a_plan_beyond_its_total(engine):
    # given 4 plans of $300.00 (one patient each)
    practice = owing(engine)
    ids = [1] + [
        patients.register_patient(practice.uow(), practice.biller, Patient(f"P{n}", "Owes", date(1990, 1, n), "F", ADDRESS)).id
        for n in range(1, 4)
    ]  # fmt: skip
    for patient_id in ids[1:]:
        ledger.post_charge(
            practice.uow(), practice.biller, f"visit-{patient_id}", ChargeRef(patient_id), 30000
        )
    plan_ids = [plans.create_plan(practice.uow(), practice.biller, p, installments=3).id for p in ids]
    outcomes: list[str] = []

    def pay(plan_id: int, reference: str, barrier: threading.Barrier) -> None:
        barrier.wait(timeout=30)
        try:
            plans.record_plan_payment(
                practice.uow(), practice.biller, plan_id, 20000, date(2026, 4, 1), "card", reference
            )
            outcomes.append("paid")
        except RevcycleError as refused:
            outcomes.append(refused.code.value)

    # when $200.00 is paid twice on each plan at the same moment (two receipts)
    for plan_id in plan_ids:
        barrier = threading.Barrier(2)
        payers = [threading.Thread(target=pay, args=(plan_id, f"r{n}", barrier)) for n in (1, 2)]
        for thread in payers:
            thread.start()
        for thread in payers:
            thread.join(timeout=60)
    # then one payment per plan landed; the other was refused as more than the $100.00 left
    assert sorted(outcomes) == ["paid"] * 4 + ["validation"] * 4
    with practice.uow() as uow:
        assert [p.remaining_cents() for p in PaymentPlanRepository(uow.connection).plans()] == [10000] * 4
        assert uow.journal.trial_balance()["cash"] == 80000
