"""The practice's fees: checked at entry, looked up by code + modifier + date of service, placed by date."""

from datetime import date

import pytest

from revcycle.kernel import ErrorCode, RevcycleError
from revcycle.practice import Fee, fee_on
from revcycle.practice.checks import normalize_phone
from revcycle.practice.fees import place_fee

FEES = (
    Fee("99213", 11000, "", date(2026, 1, 1), date(2026, 6, 30), id=1),
    Fee("99213", 11500, "", date(2026, 7, 1), id=2),
    Fee("72148", 95000, "", date(2026, 1, 1), id=3),
    Fee("72148", 14000, "26", date(2026, 1, 1), id=4),
)


@pytest.mark.parametrize(
    ("code", "modifiers", "on", "expected_id"),
    [
        ("99213", (), date(2026, 3, 4), 1),  # the version in force in March
        ("99213", (), date(2026, 6, 30), 1),  # its last day
        ("99213", (), date(2026, 7, 1), 2),  # the next version's first day
        ("99213", ("25",), date(2026, 7, 1), 2),  # no 25 fee: the plain code's
        ("72148", ("26",), date(2026, 3, 4), 4),  # the professional component's own fee
        ("72148", ("RT", "26"), date(2026, 3, 4), 4),  # the first modifier with a fee wins
        ("72148", (), date(2026, 3, 4), 3),
        ("99213", (), date(2025, 12, 31), None),  # before any fee
        ("99214", (), date(2026, 3, 4), None),  # a code without a fee
    ],
)
def test_a_fee_is_looked_up_by_code_modifier_and_date_of_service(code, modifiers, on, expected_id):
    found = fee_on(FEES, code, modifiers, on)
    assert (found.id if found else None) == expected_id


def test_a_new_fee_for_the_same_code_ends_the_one_in_force_and_another_code_is_apart():
    # given the fees above / when 72148-26 gets a new fee from April
    plan = place_fee(FEES, Fee("72148", 15000, "26", date(2026, 4, 1)))
    # then only 72148-26 ends (not the plain 72148)
    assert plan.ended == (FEES[3], date(2026, 3, 31))
    assert plan.added == Fee("72148", 15000, "26", date(2026, 4, 1))


@pytest.mark.parametrize(
    ("code", "cents", "modifier", "error"),
    [
        ("9921", 100, "", ErrorCode.VALIDATION),
        ("99213", 0, "", ErrorCode.INVALID_AMOUNT),
        ("99213", -5, "", ErrorCode.INVALID_AMOUNT),
        ("99213", 100, "2", ErrorCode.VALIDATION),
    ],  # fmt: skip
)
def test_a_bad_fee_is_refused_at_entry(code, cents, modifier, error):
    with pytest.raises(RevcycleError) as refused:
        Fee(code, cents, modifier)
    assert refused.value.code is error


def test_codes_and_modifiers_are_kept_upper_case_and_labelled_as_billers_write_them():
    fee = Fee(" g0439 ", 17500, "tc")
    assert (fee.code, fee.modifier, fee.label) == ("G0439", "TC", "G0439-TC")


@pytest.mark.parametrize(
    ("typed", "kept"), [("(217) 555-0140", "2175550140"), ("1-217-555-0140", "2175550140"), ("", "")]
)
def test_a_phone_number_is_kept_as_its_ten_digits(typed, kept):
    assert normalize_phone(typed) == kept


@pytest.mark.parametrize("typed", ["555-0140", "(017) 555-0140", "217 555 01400"])
def test_a_phone_number_that_is_not_a_us_number_is_refused(typed):
    with pytest.raises(RevcycleError) as refused:
        normalize_phone(typed)
    assert refused.value.code is ErrorCode.VALIDATION
