"""Write-off kinds (a permission, a side and a limit each), transfers, and where a patient's payment goes
(oldest first, or as chosen), in exact cents."""

from __future__ import annotations

from datetime import date

import pytest

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.ledger.adjustments import (
    OpenCharge,
    WriteOffKind,
    apply_chosen,
    apply_oldest_first,
    parse_kind,
    patient_payment_entry,
    transfer_entry,
    write_off_entry,
)
from revcycle.ledger.postings import ChargeRef
from revcycle.practice.users import User

ON = date(2026, 4, 1)
REF = ChargeRef(5, 12)
BILLER = User("bill", "biller", id=2)
MANAGER = User("mona", "manager", id=3)


def _refused(make) -> tuple[ErrorCode, str]:
    with pytest.raises(RevcycleError) as refused:
        make()
    return refused.value.code, refused.value.message


def test_a_biller_writes_off_a_small_patient_balance_with_its_code_and_reason():
    # given $4.37 owed by the patient
    # when a biller writes it off as a small balance
    entry = write_off_entry(
        BILLER, WriteOffKind.SMALL_BALANCE, "wo:1", ON, REF, 437, 437, None, "under $5 policy"
    )
    # then write-off is debited, the patient's AR credited, and the memo says what and why
    assert [(line.account.code, line.amount_cents) for line in entry.lines] == [("write_off", 437),
                                                                                ("patient_ar:patient=5", -437)]  # fmt: skip
    assert entry.memo == "small balance write-off [SBW]: under $5 policy"


@pytest.mark.parametrize("kind", [WriteOffKind.BAD_DEBT, WriteOffKind.COURTESY, WriteOffKind.NON_COVERED])
def test_a_biller_may_not_write_off_bad_debt_courtesy_or_non_covered(kind):
    # given a biller
    # when they try a manager's write-off kind
    code, message = _refused(
        lambda: write_off_entry(BILLER, kind, "wo:2", ON, REF, 5000, 9000, None, "no pay")
    )
    # then it is forbidden, naming the kind's permission
    assert (code, message) == (ErrorCode.FORBIDDEN, f"user bill (biller) may not write_off_{kind.value}")


def test_a_manager_writes_off_bad_debt():
    # given $90 owed by the patient
    # when a manager writes off $50 as bad debt
    entry = write_off_entry(
        MANAGER, WriteOffKind.BAD_DEBT, "wo:3", ON, REF, 5000, 9000, None, "sent to collections"
    )
    # then it posts with its code
    assert entry.memo == "bad debt write-off [BDW]: sent to collections"


def test_a_small_balance_write_off_above_ten_dollars_is_refused():
    # given $10.01 owed
    # when a biller writes it off as a small balance
    code, message = _refused(lambda: write_off_entry(BILLER, WriteOffKind.SMALL_BALANCE, "wo:4", ON, REF, 1001, 1001,
                                                     None, "small"))  # fmt: skip
    # then refused with the limit named
    assert code is ErrorCode.VALIDATION and message.startswith("a small balance write-off is at most $10.00")


def test_timely_filing_is_written_off_from_the_payer_only_and_never_from_the_patient():
    # given a manager
    # when a timely filing write-off is made against the patient, then against the payer
    code, message = _refused(lambda: write_off_entry(MANAGER, WriteOffKind.TIMELY_FILING, "wo:5", ON, REF, 100, 100,
                                                     None, "late"))  # fmt: skip
    entry = write_off_entry(MANAGER, WriteOffKind.TIMELY_FILING, "wo:6", ON, REF, 100, 100, 7, "filed late")
    # then the patient's is refused; the payer's clears insurance AR with CARC 29 named
    assert (code, message) == (ErrorCode.VALIDATION,
                               "a timely filing write-off clears a payer's balance, not the patient's")  # fmt: skip
    assert entry.lines[1].account.code == "insurance_ar:payer=7" and "[TFW CARC 29]" in entry.memo


def test_a_write_off_above_what_is_owed_is_refused():
    # given $3.00 owed
    # when $3.01 is written off
    code, message = _refused(lambda: write_off_entry(BILLER, WriteOffKind.SMALL_BALANCE, "wo:7", ON, REF, 301, 300,
                                                     None, "small"))  # fmt: skip
    # then refused
    assert (code, message) == (ErrorCode.VALIDATION, "$3.01 is more than the $3.00 the patient owes")


def test_a_write_off_needs_a_reason_and_a_known_kind():
    # given no reason, then an unknown kind
    # when each is tried
    no_reason = _refused(
        lambda: write_off_entry(BILLER, WriteOffKind.SMALL_BALANCE, "wo:8", ON, REF, 100, 100, None, " ")
    )
    unknown = _refused(lambda: parse_kind("charity"))
    # then each is refused
    assert no_reason == (ErrorCode.VALIDATION, "say why (a reason of 3..200 characters)")
    assert (
        unknown[1]
        == "write-off kind 'charity': one of small_balance, non_covered, timely_filing, bad_debt, courtesy"
    )
    assert parse_kind("Small balance") is WriteOffKind.SMALL_BALANCE


def test_a_non_covered_balance_moves_from_the_payer_to_the_patient_saying_why():
    # given $80 owed by payer 7
    # when $80 is transferred to the patient
    entry = transfer_entry(
        "tr:1", ON, REF, 8000, 8000, 7, None, "non-covered (CARC 96), ABN signed", "the patient"
    )
    # then patient AR up, the payer's AR down
    assert [(line.account.code, line.amount_cents) for line in entry.lines] == [("patient_ar:patient=5", 8000),
                                                                                ("insurance_ar:payer=7", -8000)]  # fmt: skip
    assert entry.memo == "balance to the patient: non-covered (CARC 96), ABN signed"


def _charges() -> list[OpenCharge]:
    return [OpenCharge(date(2026, 3, 1), ChargeRef(5, 20, 201), 3333, "C20 line 201"),
            OpenCharge(date(2026, 1, 5), ChargeRef(5, 10, 101), 1250, "C10 line 101"),
            OpenCharge(date(2026, 1, 5), ChargeRef(5, 10, 102), 999, "C10 line 102")]  # fmt: skip


def test_a_payment_applies_to_the_oldest_charges_first_to_the_cent():
    # given $12.50 + $9.99 owed from January and $33.33 from March
    # when $30.00 is paid, applied to the oldest
    applied, left = apply_oldest_first(3000, _charges())
    # then January is settled first, the rest goes to March, nothing is left over
    assert [(charge.label, cents) for charge, cents in applied] == [("C10 line 101", 1250), ("C10 line 102", 999),
                                                                    ("C20 line 201", 751)]  # fmt: skip
    assert left == 0


def test_a_payment_above_everything_owed_keeps_the_rest_as_credit():
    # given $55.82 owed in all
    # when $60.00 is paid
    applied, left = apply_oldest_first(6000, _charges())
    # then everything is settled and $4.18 stays unapplied
    assert sum(cents for _c, cents in applied) == 5582 and left == 418


def test_a_payment_to_chosen_charges_keeps_the_rest_as_credit_and_refuses_more_than_owed():
    # given the open charges
    charges = _charges()
    # when $20 goes to March's charge from a $25 payment, then $34 to it
    applied, left = apply_chosen(2500, [(charges[0], 2000)])
    code, message = _refused(lambda: apply_chosen(5000, [(charges[0], 3400)]))
    # then $5 stays credit; more than owed is refused
    assert ([(c.label, cents) for c, cents in applied], left) == ([("C20 line 201", 2000)], 500)
    assert (code, message) == (
        ErrorCode.VALIDATION,
        "C20 line 201: apply between $0.01 and $33.33, not $34.00",
    )


def test_a_patient_payment_entry_credits_each_charge_and_the_credit():
    # given $30 applied oldest first plus $4.18 kept
    applied, _ = apply_oldest_first(3000, _charges())
    # when the entry is built for $34.18
    entry = patient_payment_entry("pay:1", ON, 5, applied, 418, "card 4242")
    # then cash takes the whole payment and every line carries its claim and service line
    assert [(line.account.code, line.amount_cents, line.claim_id, line.service_line_id) for line in entry.lines] == [
        ("cash", 3418, None, None), ("patient_ar:patient=5", -1250, 10, 101), ("patient_ar:patient=5", -999, 10, 102),
        ("patient_ar:patient=5", -751, 20, 201), ("unapplied_cash:patient=5", -418, None, None)]  # fmt: skip
