"""Ledger use cases: checks before posting, idempotent replays, roles, audited reads."""

from datetime import date

import pytest
from practice_rows import patient, table_counts
from services_setup import DOS, set_up_practice
from sqlalchemy import text

from revcycle.kernel import ErrorCode, RevcycleError
from revcycle.ledger import ChargeRef
from revcycle.practice import Encounter, ServiceLine
from revcycle.services import audit, claims, ledger, patients, users


def _encounter_id(p, coverage_id=None):
    lines = (ServiceLine(1, "99213", 15000), ServiceLine(2, "36415", 2500))
    encounter = Encounter(
        p.patient_id, DOS, "11", p.clinic_id, p.doctor_id, ("E11.9",), lines, coverage_id=coverage_id
    )
    return patients.record_encounter(p.uow(), p.biller, encounter).id


def test_self_pay_encounter_charges_post_once_per_line_to_the_patient(engine):
    # given a self-pay encounter with two lines
    p = set_up_practice(engine)
    encounter_id = _encounter_id(p)
    # when its charges are posted twice
    first = ledger.post_encounter_charges(p.uow(), p.biller, encounter_id)
    counts = table_counts(engine)
    second = ledger.post_encounter_charges(p.uow(), p.biller, encounter_id)
    # then the second time returns the same entries and writes no row at all (journal or audit)
    assert [e.id for e in second] == [e.id for e in first]
    assert table_counts(engine) == counts
    assert [[line.as_tuple() for line in e.lines] for e in first] == [
        [("patient_ar:patient=1", 15000, 1, None, None, 1), ("revenue", -15000, 1, None, None, 1)],
        [("patient_ar:patient=1", 2500, 1, None, None, 2), ("revenue", -2500, 1, None, None, 2)],
    ]
    assert ledger.patient_balance(p.uow(), p.biller, p.patient_id).patient_cents == 17500
    assert ledger.service_line_balance(p.uow(), p.biller, 2).patient_cents == 2500


def test_an_insured_encounter_is_charged_by_its_claim_not_twice(engine):
    # given an encounter billed to the primary coverage
    p = set_up_practice(engine)
    encounter_id = _encounter_id(p, p.coverage_id)
    counts = table_counts(engine)
    # when its charges are posted as a self-pay visit
    with pytest.raises(RevcycleError) as refused:
        ledger.post_encounter_charges(p.uow(), p.biller, encounter_id)
    # then it is refused (its claim posts the charges) and nothing is written
    assert refused.value.code is ErrorCode.CONFLICT
    assert "its charges post when its claim is built" in str(refused.value)
    assert table_counts(engine) == counts


def test_posting_for_an_unknown_patient_or_payer_or_a_negative_amount_writes_nothing(engine):
    p = set_up_practice(engine)
    before = table_counts(engine)
    attempts = [
        (
            lambda: ledger.post_charge(p.uow(), p.biller, "c1", ChargeRef(99), 15000),
            ErrorCode.NOT_FOUND,
            "unknown patient 99",
        ),
        (
            lambda: ledger.post_charge(p.uow(), p.biller, "c1", ChargeRef(1), 15000, payer_id=42),
            ErrorCode.NOT_FOUND,
            "unknown payer 42",
        ),
        (
            lambda: ledger.post_charge(p.uow(), p.biller, "c1", ChargeRef(1), -15000),
            ErrorCode.INVALID_AMOUNT,
            "a charge must be positive integer cents, got -15000",
        ),
    ]
    for attempt, code, message in attempts:
        with pytest.raises(RevcycleError) as raised:
            attempt()
        assert (raised.value.code, raised.value.message) == (code, message)
    assert table_counts(engine) == before


def test_same_key_with_other_content_is_a_conflict(engine):
    p = set_up_practice(engine)
    ledger.post_charge(p.uow(), p.biller, "visit-1", ChargeRef(1), 15000)
    before = table_counts(engine)
    with pytest.raises(RevcycleError) as raised:
        ledger.post_charge(p.uow(), p.biller, "visit-1", ChargeRef(1), 15500)
    assert raised.value.code is ErrorCode.IDEMPOTENCY_CONFLICT
    assert table_counts(engine) == before


def test_write_offs_refunds_and_reversals_need_a_manager(engine):
    p = set_up_practice(engine)
    charge = ledger.post_charge(p.uow(), p.biller, "c1", ChargeRef(1), 15000)
    for attempt in (
        lambda: ledger.post_write_off(p.uow(), p.biller, "w1", ChargeRef(1), 100),
        lambda: ledger.post_refund(p.uow(), p.biller, "r1", ChargeRef(1), 100),
        lambda: ledger.reverse_entry(p.uow(), p.biller, "x1", charge.id),
    ):
        with pytest.raises(RevcycleError) as raised:
            attempt()
        assert raised.value.code is ErrorCode.FORBIDDEN
    # the manager may, and replaying the reversal key returns the same reversal
    reversal = ledger.reverse_entry(p.uow(), p.manager, "x1", charge.id, memo="wrong patient")
    assert ledger.reverse_entry(p.uow(), p.manager, "x1", charge.id).id == reversal.id
    assert ledger.patient_balance(p.uow(), p.manager, p.patient_id).is_zero
    assert ledger.trial_balance(p.uow(), p.auditor) == {"patient_ar:patient=1": 0, "revenue": 0}


def test_balance_reads_are_audited_and_postings_name_their_poster(engine):
    p = set_up_practice(engine)
    posted = ledger.post_charge(p.uow(), p.biller, "c1", ChargeRef(1), 15000, on=date(2026, 3, 4))
    ledger.patient_balance(p.uow(), p.manager, p.patient_id)
    assert posted.posted_by_user_id == p.biller.id
    assert posted.entry.effective_date == date(2026, 3, 4)
    entry_trail = audit.events_for(p.uow(), p.auditor, "journal_entry", posted.id)
    assert [(e.username, e.action, e.detail) for e in entry_trail] == [
        ("biller1", "create", "charge patient=1")
    ]
    reads = audit.events_for(p.uow(), p.auditor, "patient", p.patient_id)
    assert (reads[-1].username, reads[-1].action, reads[-1].detail) == ("manager1", "read", "ledger balance")


def test_verify_finds_nothing_on_a_healthy_ledger_and_names_what_was_tampered_with(engine):
    # given a posted charge and payment
    p = set_up_practice(engine)
    ledger.post_charge(p.uow(), p.biller, "c1", ChargeRef(1), 15000, payer_id=1)
    ledger.post_insurance_payment(p.uow(), p.biller, "p1", ChargeRef(1), 1, 8000)
    assert ledger.verify_ledger(p.uow(), p.auditor) == []
    # when someone writes around the repository: a stray line, and an edited running total
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO journal_lines (entry_id, line_number, account_id, amount_cents) VALUES (1, 3, 1, 5)"
            )
        )
        connection.execute(
            text("UPDATE ledger_accounts SET balance_cents = balance_cents + 1 WHERE code = 'cash'")
        )
    # then verify names each broken invariant
    assert [(f.code, f.message) for f in ledger.verify_ledger(p.uow(), p.auditor)] == [
        ("unbalanced_entry", "entry 1 is off by 5 cents"),
        ("trial_balance_not_zero", "the trial balance is off by 5 cents"),
        ("running_total_drift", "cash: running total 8001 but its lines sum to 8000"),
        ("running_total_drift", "insurance_ar:payer=1: running total 7000 but its lines sum to 7005"),
    ]


def test_a_patient_payment_pays_what_is_owed_keeps_the_rest_as_credit_and_replays_by_its_key(engine):
    # given a self-pay visit that left the patient owing $175.00
    p = set_up_practice(engine)
    ledger.post_encounter_charges(p.uow(), p.biller, _encounter_id(p))
    # when the patient hands over $200.00, and the same payment (key) is entered again with another amount
    paid = ledger.receive_patient_payment(p.uow(), p.biller, "desk:1:a", p.patient_id, 20000)
    counts = table_counts(engine)
    again = ledger.receive_patient_payment(p.uow(), p.biller, "desk:1:a", p.patient_id, 99900)
    replay_wrote_nothing = table_counts(engine) == counts
    balance = ledger.patient_balance(p.uow(), p.biller, p.patient_id)
    # then $175.00 pays the account and $25.00 is unapplied credit, posted once; the balance read is audited
    assert [line.as_tuple() for line in paid.lines] == [
        ("cash", 20000, 1, None, None, None),
        ("patient_ar:patient=1", -17500, 1, None, None, None),
        ("unapplied_cash:patient=1", -2500, 1, None, None, None),
    ]
    assert again.id == paid.id and replay_wrote_nothing
    assert (balance.patient_cents, balance.unapplied_cents) == (0, -2500)
    trail = audit.events_for(p.uow(), p.auditor, "patient", p.patient_id)
    assert [(e.username, e.action, e.detail) for e in trail][-2:] == [("biller1", "read", "ledger balance")] * 2


def test_a_patient_payment_toward_a_claim_must_be_toward_one_of_the_patients_claims(engine):
    # given patient 1's insured visit built into claim 1 (nothing owed by the patient yet), and patient 2
    p = set_up_practice(engine)
    claim = claims.build_encounter_claims(p.uow(), p.biller, _encounter_id(p, p.coverage_id))[0]
    other = patients.register_patient(p.uow(), p.biller, patient(2))
    counts = table_counts(engine)
    # when patient 2 pays toward claim 1 and toward a claim that does not exist
    refused = []
    for claim_id in (claim.id, 99):
        with pytest.raises(RevcycleError) as raised:
            ledger.receive_patient_payment(p.uow(), p.biller, f"desk:2:{claim_id}", other.id, 1000, claim_id)
        refused.append((raised.value.code, raised.value.message))
    unchanged = table_counts(engine) == counts
    # when patient 1 pays $10.00 toward claim 1, and a coder tries to
    paid = ledger.receive_patient_payment(p.uow(), p.biller, "desk:1:b", p.patient_id, 1000, claim.id)
    coder = users.add_user(p.uow(), "coder1", "coder", "correct horse battery", actor=p.admin)
    with pytest.raises(RevcycleError) as forbidden:
        ledger.receive_patient_payment(p.uow(), coder, "desk:1:c", p.patient_id, 1000, claim.id)
    # then both are refused and nothing is written; patient 1's payment is all credit on the claim
    assert refused == [(ErrorCode.VALIDATION, "claim 1 is not this patient's"),
                       (ErrorCode.VALIDATION, "claim 99 is not this patient's")]  # fmt: skip
    assert unchanged
    assert [line.as_tuple() for line in paid.lines] == [
        ("cash", 1000, 1, None, 1, None),
        ("unapplied_cash:patient=1", -1000, 1, None, 1, None),
    ]
    assert forbidden.value.code is ErrorCode.FORBIDDEN
