"""The biller's day after a paper EOB: a non-covered line moved to the patient, a card payment applied oldest
first, a small balance written off, a credit refunded, the day's deposit reconciled — each one immutable,
audited journal entry, the trial balance zero throughout (SQLite; PostgreSQL when configured)."""

from __future__ import annotations

import datetime as dt

import pytest
from remit_setup import bill, set_up_practice

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.remittance.model import Adjustment
from revcycle.remittance.paper_eob import EobClaim, EobLine, PaperEob
from revcycle.services import adjustments, deposits
from revcycle.services.paper_eobs import post_paper_eob
from revcycle.simulator.examples import EXAMPLE_DOS, example_claim, example_line

PAID_ON = dt.date(2026, 3, 10)  # the practice clock's day (services_setup.NOW)


def _paid_and_denied(practice) -> int:
    """C2: 99214 $200 paid $64 (CO-45 $70, PR-1 $50, PR-2 $16); 99213 $80 denied non-covered (CO-96)."""
    claim = example_claim("C2", "W200", (example_line(1, "99214", 20000), example_line(2, "99213", 8000)))
    (claim_row,) = bill(practice, [claim])
    lines = (EobLine("99214", 20000, 6400, 13000, service_date=EXAMPLE_DOS, adjustments=(
                Adjustment("CO", "45", 7000), Adjustment("PR", "1", 5000), Adjustment("PR", "2", 1600))),
             EobLine("99213", 8000, 0, 0, service_date=EXAMPLE_DOS, adjustments=(Adjustment("CO", "96", 8000),),
                     remarks=("N130",)))  # fmt: skip
    eob = PaperEob("87726", "CHK-77", PAID_ON, 6400, (EobClaim("C2", lines, "PCN-77"),))
    post_paper_eob(practice.uow(), practice.biller, eob)
    return claim_row


def _owed(practice, claim_row) -> tuple[int, int, int]:
    with practice.uow() as uow:
        claim = uow.journal.receivable(claim_id=claim_row)
        patient = uow.journal.receivable(patient_id=practice.patient_id)
        assert sum(uow.journal.trial_balance().values()) == 0
        return claim.insurance_cents, claim.patient_cents, patient.unapplied_cents


def test_the_non_covered_charge_moves_to_the_patient_then_a_card_payment_and_a_small_write_off_settle_it(
    engine,
):
    # given a claim with $66 owed by the patient and the denied $80 line still owed by the payer
    practice = set_up_practice(engine)
    claim_row = _paid_and_denied(practice)
    assert _owed(practice, claim_row) == (8000, 6600, 0)
    # when the biller moves the $80 to the patient (ABN on file), takes a $140 card payment and writes off $6
    adjustments.transfer_balance(practice.uow(), practice.biller, "tr:1", practice.patient_id, claim_row, 8000,
                                 practice.primary_payer_id, "non-covered (CARC 96), ABN signed")  # fmt: skip
    payment = adjustments.take_patient_payment(practice.uow(), practice.biller, "pay:1", practice.patient_id, 14000,
                                               "card", "auth 4242")  # fmt: skip
    adjustments.write_off(practice.uow(), practice.biller, "wo:1", "small_balance", practice.patient_id, claim_row,
                          600, "balance under $10")  # fmt: skip
    # then the claim is settled, every step is a journal entry with who and why, and audited
    assert _owed(practice, claim_row) == (0, 0, 0)
    with practice.uow() as uow:
        memos = [
            (e.kind.value, e.entry.memo, e.posted_by_user_id)
            for e in uow.journal.entries(patient_id=practice.patient_id)
        ][-3:]
        receipt = uow.posting.receipts_on(PAID_ON)[0]
        audited = [event.detail for event in uow.audit.events("journal_entry", str(payment.id))]
    assert memos == [("transfer", "balance to the patient: non-covered (CARC 96), ABN signed", practice.biller.id),
                     ("patient_payment", "card auth 4242", practice.biller.id),
                     ("write_off", "small balance write-off [SBW]: balance under $10", practice.biller.id)]  # fmt: skip
    assert (receipt.method, receipt.reference, receipt.amount_cents) == ("card", "auth 4242", 14000)
    assert audited == [f"patient_payment patient={practice.patient_id}"]


def test_a_biller_cannot_write_off_bad_debt_and_nothing_is_written(engine):
    # given a claim with $66 owed by the patient
    practice = set_up_practice(engine)
    claim_row = _paid_and_denied(practice)
    with practice.uow() as uow:
        counts = uow.journal.row_counts()
    # when a biller tries a bad-debt write-off, and a manager does it
    with pytest.raises(RevcycleError) as refused:
        adjustments.write_off(practice.uow(), practice.biller, "wo:2", "bad_debt", practice.patient_id, claim_row,
                              6600, "no answer to three statements")  # fmt: skip
    with practice.uow() as uow:
        unchanged = uow.journal.row_counts() == counts
    adjustments.write_off(practice.uow(), practice.manager, "wo:2", "bad_debt", practice.patient_id, claim_row,
                          6600, "no answer to three statements")  # fmt: skip
    # then the biller is forbidden (nothing written); the manager's clears the patient's share
    assert refused.value.code is ErrorCode.FORBIDDEN and unchanged
    assert _owed(practice, claim_row) == (8000, 0, 0)


def test_an_overpayment_is_kept_as_credit_then_refunded_by_a_manager_once(engine):
    # given a claim with $66 owed by the patient, paid $100 cash
    practice = set_up_practice(engine)
    claim_row = _paid_and_denied(practice)
    adjustments.take_patient_payment(
        practice.uow(), practice.biller, "pay:2", practice.patient_id, 10000, "cash"
    )
    assert _owed(practice, claim_row) == (8000, 0, -3400)
    # when the manager refunds the $34 credit (twice, the same key), and a biller tries too
    first = adjustments.refund(
        practice.uow(), practice.manager, "rf:1", practice.patient_id, 3400, "overpaid at desk"
    )
    again = adjustments.refund(
        practice.uow(), practice.manager, "rf:1", practice.patient_id, 3400, "overpaid at desk"
    )
    with pytest.raises(RevcycleError) as refused:
        adjustments.refund(practice.uow(), practice.biller, "rf:2", practice.patient_id, 100, "more")
    # then one refund is posted; the credit is gone; the biller is forbidden
    assert first.id == again.id and _owed(practice, claim_row) == (8000, 0, 0)
    assert refused.value.code is ErrorCode.FORBIDDEN


def test_a_payment_applied_to_a_chosen_claim_and_a_refund_above_the_credit_is_refused(engine):
    # given $66 owed on the claim
    practice = set_up_practice(engine)
    claim_row = _paid_and_denied(practice)
    # when $50 by check 311 goes to the claim, then a $1 refund of a credit that does not exist is tried
    adjustments.take_patient_payment(practice.uow(), practice.biller, "pay:3", practice.patient_id, 5000, "check",
                                     "311", apply="chosen", chosen={claim_row: 5000})  # fmt: skip
    with pytest.raises(RevcycleError) as refused:
        adjustments.refund(practice.uow(), practice.manager, "rf:3", practice.patient_id, 100, "none held")
    # then $16 is still owed and the refund is refused saying why
    assert _owed(practice, claim_row) == (8000, 1600, 0)
    assert refused.value.message == "$1.00 is more than the $0.00 unapplied credit"


def test_the_days_deposit_reconciles_against_the_check_and_the_patients_payments(engine):
    # given a $64 paper check and a $20 cash and $15 card payment on the same day
    practice = set_up_practice(engine)
    _paid_and_denied(practice)
    adjustments.take_patient_payment(
        practice.uow(), practice.biller, "pay:4", practice.patient_id, 2000, "cash"
    )
    adjustments.take_patient_payment(
        practice.uow(), practice.biller, "pay:5", practice.patient_id, 1500, "card", "9911"
    )
    # when a $99 slip is recorded (twice), then reconciled; then $5 more is found on a second slip
    recorded = [
        deposits.record_deposit(practice.uow(), practice.biller, PAID_ON, "SLIP-1", 9400) for _ in range(2)
    ]
    short = deposits.reconcile_day(practice.uow(), practice.biller, PAID_ON)
    deposits.record_deposit(practice.uow(), practice.biller, PAID_ON, "SLIP-2", 500)
    balanced = deposits.reconcile_day(practice.uow(), practice.biller, PAID_ON)
    # then the slip is recorded once; the first look is $5 short, the second balances
    assert recorded == [True, False]
    assert short.by_source == {"insurance check": 6400, "patient cash": 2000, "patient card": 1500}
    assert (short.receipts_cents, short.deposited_cents, short.difference_cents) == (9900, 9400, -500)
    assert (balanced.difference_cents, balanced.balanced) == (0, True)


def test_a_copay_taken_as_credit_is_applied_to_the_oldest_charges_once(engine):
    # given C2 with $66.00 owed by the patient, and a $25.00 copay taken at check-in kept as a credit
    practice = set_up_practice(engine)
    with pytest.raises(RevcycleError) as nothing:
        adjustments.apply_credit(practice.uow(), practice.biller, "credit:0", practice.patient_id)
    claim_row = _paid_and_denied(practice)
    adjustments.take_patient_payment(practice.uow(), practice.biller, "copay:1", practice.patient_id, 2500, "card",
                                     "auth 1111", "credit")  # fmt: skip
    assert _owed(practice, claim_row) == (8000, 6600, -2500)
    # when the biller applies the credit, twice with the same key
    applied = adjustments.apply_credit(practice.uow(), practice.biller, "credit:1", practice.patient_id)
    again = adjustments.apply_credit(practice.uow(), practice.biller, "credit:1", practice.patient_id)
    # then the $25.00 pays C2's patient balance down to $41.00 and no credit is left; the second call posts nothing
    assert _owed(practice, claim_row) == (8000, 4100, 0)
    assert again.id == applied.id
    assert [(line.account.code, line.amount_cents, line.claim_id) for line in applied.lines] == [
        (f"unapplied_cash:patient={practice.patient_id}", 2500, None),
        (f"patient_ar:patient={practice.patient_id}", -2500, claim_row)]
    # and with no credit left, another application is refused with the reason; nothing was there before either
    with pytest.raises(RevcycleError) as none_left:
        adjustments.apply_credit(practice.uow(), practice.biller, "credit:2", practice.patient_id)
    assert none_left.value.message == f"patient {practice.patient_id} has no unapplied credit"
    assert nothing.value.message == f"patient {practice.patient_id} has no unapplied credit"
