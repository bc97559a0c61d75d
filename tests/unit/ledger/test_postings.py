from datetime import date

import pytest

from revcycle.kernel import ErrorCode, RevcycleError
from revcycle.ledger import (
    AccountRef,
    ChargeRef,
    Entry,
    EntryKind,
    Journal,
    Line,
    accounts,
    postings,
    receivable,
    trial_balance,
)

ON = date(2026, 3, 4)
REF = ChargeRef(patient_id=7, claim_id=70, service_line_id=701)


def _amounts(entry):
    return [(line.account.code, line.amount_cents) for line in entry.lines]


def test_charge_to_a_payer_debits_insurance_ar_and_credits_revenue():
    entry = postings.charge("c1", ON, REF, 15000, payer_id=3)
    assert _amounts(entry) == [("insurance_ar:payer=3", 15000), ("revenue", -15000)]
    assert [
        (line.patient_id, line.payer_id, line.claim_id, line.service_line_id) for line in entry.lines
    ] == [
        (7, 3, 70, 701),
        (7, 3, 70, 701),
    ]


def test_self_pay_charge_debits_patient_ar():
    assert _amounts(postings.charge("c1", ON, REF, 2500)) == [
        ("patient_ar:patient=7", 2500),
        ("revenue", -2500),
    ]


@pytest.mark.parametrize("cents", [0, -15000])
def test_charge_must_be_positive(cents):
    with pytest.raises(RevcycleError) as raised:
        postings.charge("c1", ON, REF, cents)
    assert raised.value.code is ErrorCode.INVALID_AMOUNT
    assert "positive" in raised.value.message


def test_float_amounts_are_refused():
    with pytest.raises(RevcycleError) as raised:
        postings.patient_payment("p1", ON, REF, 30.0)  # type: ignore[arg-type]
    assert raised.value.code is ErrorCode.INVALID_AMOUNT


def test_unbalanced_entry_cannot_be_built():
    lines = (Line(accounts.CASH, 100), Line(accounts.REVENUE, -99))
    with pytest.raises(RevcycleError) as raised:
        Entry("x", EntryKind.CHARGE, ON, lines)
    assert raised.value.code is ErrorCode.UNBALANCED_ENTRY
    assert "off by 1 cents" in raised.value.message


def test_patient_payment_with_overpayment_keeps_a_credit():
    entry = postings.patient_payment("p1", ON, REF, 5000, unapplied_cents=2000)
    assert _amounts(entry) == [
        ("cash", 5000),
        ("patient_ar:patient=7", -3000),
        ("unapplied_cash:patient=7", -2000),
    ]


def test_transfers_between_payers_and_to_the_patient():
    assert _amounts(postings.transfer_to_payer("t1", ON, REF, 1, 2, 4000)) == [
        ("insurance_ar:payer=2", 4000),
        ("insurance_ar:payer=1", -4000),
    ]
    assert _amounts(postings.transfer_to_patient("t2", ON, REF, 2, 1000)) == [
        ("patient_ar:patient=7", 1000),
        ("insurance_ar:payer=2", -1000),
    ]
    with pytest.raises(RevcycleError):
        postings.transfer("t3", ON, REF, 100, 1, 1)


def test_refunds_write_offs_interest_and_provider_adjustments():
    assert _amounts(postings.refund("r1", ON, REF, 500, from_unapplied=True)) == [
        ("unapplied_cash:patient=7", 500),
        ("refunds", -500),
    ]
    assert _amounts(postings.refund("r2", ON, REF, 500, payer_id=1)) == [
        ("insurance_ar:payer=1", 500),
        ("refunds", -500),
    ]
    assert _amounts(postings.write_off("w1", ON, REF, 300)) == [
        ("write_off", 300),
        ("patient_ar:patient=7", -300),
    ]
    assert _amounts(postings.interest("i1", ON, REF, 1, 112)) == [("cash", 112), ("interest_income", -112)]
    assert _amounts(postings.provider_level_adjustment("l1", ON, 1, -250)) == [
        ("provider_adjustment:payer=1", -250),
        ("cash", 250),
    ]


def test_reversal_mirrors_the_original_and_happens_once():
    # given a posted charge
    journal = Journal()
    charge = journal.post(postings.charge("c1", ON, REF, 15000, payer_id=3))
    # when it is reversed
    reversal = journal.post(postings.reversal("rev-1", ON, charge))
    # then the new entry mirrors it and nothing is owed
    assert _amounts(reversal.entry) == [("insurance_ar:payer=3", -15000), ("revenue", 15000)]
    assert reversal.entry.reverses_entry_id == charge.id
    assert receivable(journal.lines(), patient_id=7).is_zero
    # and a second reversal, or reversing the reversal, is refused
    for original in (charge, reversal):
        with pytest.raises(RevcycleError) as raised:
            journal.post(postings.reversal("rev-2", ON, original))
        assert raised.value.code is ErrorCode.CONFLICT


def test_same_key_twice_returns_the_first_entry_and_other_content_conflicts():
    journal = Journal()
    first = journal.post(postings.charge("c1", ON, REF, 15000))
    assert journal.post(postings.charge("c1", ON, REF, 15000)) is first
    assert len(journal.entries) == 1
    with pytest.raises(RevcycleError) as raised:
        journal.post(postings.charge("c1", ON, REF, 15001))
    assert raised.value.code is ErrorCode.IDEMPOTENCY_CONFLICT
    assert len(journal.entries) == 1


def test_account_codes_round_trip_and_owners_are_checked():
    for ref in (
        accounts.patient_ar(12),
        accounts.insurance_ar(3),
        accounts.REVENUE,
        accounts.provider_adjustment(4),
    ):
        assert AccountRef.from_code(ref.code) == ref
    with pytest.raises(RevcycleError):
        AccountRef(accounts.AccountKind.PATIENT_AR)
    with pytest.raises(RevcycleError):
        AccountRef(accounts.AccountKind.REVENUE, payer_id=1)


def test_trial_balance_and_receivables_split_by_who_owes():
    # given a $150 charge to payer 1, $80 paid, $40 adjusted, $30 to the patient
    journal = Journal()
    for entry in (
        postings.charge("a", ON, REF, 15000, payer_id=1),
        postings.insurance_payment("b", ON, REF, 1, 8000),
        postings.contractual_adjustment("c", ON, REF, 1, 4000),
        postings.transfer_to_patient("d", ON, REF, 1, 3000),
    ):
        journal.post(entry)
    # then the patient owes $30 and the payer nothing
    assert receivable(journal.lines(), claim_id=70) == receivable(journal.lines(), patient_id=7)
    assert receivable(journal.lines(), patient_id=7).patient_cents == 3000
    assert receivable(journal.lines(), payer_id=1).total_cents == 0
    assert trial_balance(journal.lines()) == {
        "cash": 8000,
        "contractual_adjustment": 4000,
        "insurance_ar:payer=1": 0,
        "patient_ar:patient=7": 3000,
        "revenue": -15000,
    }
