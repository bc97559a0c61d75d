"""Charge entry rules: NDC in the N4 form, diagnosis pointers, the fee and its override reason."""

from decimal import Decimal

import pytest

from revcycle.kernel import ErrorCode, RevcycleError
from revcycle.practice.charges import (
    DrugIdentification,
    LineFee,
    drug_quantity,
    line_fee,
    normalize_ndc,
    parse_pointers,
    pointer_problems,
    require_pointers,
)


@pytest.mark.parametrize(
    ("printed", "eleven"),
    [
        ("00002751001", "00002751001"),  # already 5-4-2
        ("0002-7510-01", "00002751001"),  # 4-4-2: zero before the labeler
        ("50242-040-62", "50242004062"),  # 5-3-2: zero before the product
        ("60575-4112-1", "60575411201"),  # 5-4-1: zero before the package
        ("00002-7510-01", "00002751001"),  # 5-4-2 with hyphens
        (" 0002-7510-01 ", "00002751001"),
    ],
)
def test_an_ndc_in_any_printed_form_becomes_its_11_digits(printed, eleven):
    assert normalize_ndc(printed) == eleven


@pytest.mark.parametrize(
    "bad", ["0002751001", "000027510011", "0002-751-01", "ABCDE-1234-12", "", "00002-7510-012"]
)
def test_an_ndc_that_cannot_be_placed_is_refused(bad):
    with pytest.raises(RevcycleError, match="NDC") as refused:
        normalize_ndc(bad)
    assert refused.value.code is ErrorCode.VALIDATION


def test_a_drug_is_parsed_from_what_the_biller_types():
    # when the biller types the labeler's NDC, a lower-case unit and a quantity
    drug = DrugIdentification.parse("0002-7510-01", "ml", "2.5")
    # then it is held in the 837P's form
    assert drug == DrugIdentification("00002751001", "ML", Decimal("2.5"))
    assert drug.hyphenated == "00002-7510-01"
    assert drug.n4 == "N400002751001 ML2.5"


@pytest.mark.parametrize(
    ("unit", "quantity", "message"),
    [
        ("XX", "1", "NDC unit 'XX': use one of F2, GR, ME, ML, UN"),
        ("UN", "0", "NDC quantity must be above 0 and below 10,000,000, got 0"),
        ("UN", "-1", "NDC quantity must be above 0 and below 10,000,000, got -1"),
        ("UN", "1.2345", "NDC quantity 1.2345 has more than 3 decimals"),
        ("UN", "two", "NDC quantity 'two' is not a number"),
    ],
)
def test_a_drug_unit_or_quantity_out_of_the_guide_is_refused(unit, quantity, message):
    with pytest.raises(RevcycleError) as refused:
        DrugIdentification.parse("00002751001", unit, quantity)
    assert refused.value.message == message


def test_a_whole_quantity_loses_its_trailing_zeros():
    assert str(drug_quantity("2.000")) == "2"
    assert str(drug_quantity("0.500")) == "0.500"


@pytest.mark.parametrize(
    ("pointers", "count", "problems"),
    [
        ((1,), 1, []),
        ((1, 2, 3, 4), 12, []),
        ((12,), 12, []),
        ((), 3, ["a line points at 1 to 4 diagnoses, not 0"]),
        ((1, 2, 3, 4, 5), 12, ["a line points at 1 to 4 diagnoses, not 5"]),
        ((0, 13), 12, ["pointers are 1..12: 0, 13 is not"]),
        ((1, 3), 2, ["pointer 3 names no diagnosis (the encounter has 2)"]),
        ((2, 2), 2, ["a diagnosis is pointed at twice"]),
    ],
)
def test_pointer_rules(pointers, count, problems):
    assert pointer_problems(pointers, count) == problems


def test_pointers_that_break_the_rules_are_refused_with_the_line_named():
    with pytest.raises(RevcycleError) as refused:
        require_pointers((1, 5), 4, "line 2 (99214)")
    assert refused.value.message == "line 2 (99214): pointer 5 names no diagnosis (the encounter has 4)"


@pytest.mark.parametrize(
    ("typed", "pointers"),
    [
        ("1,2", (1, 2)),
        ("1 2 3", (1, 2, 3)),
        ("12", (12,)),
        ("123", (1, 2, 3)),
        ("10, 11", (10, 11)),
        ("4", (4,)),
    ],
)
def test_pointers_as_typed(typed, pointers):
    assert parse_pointers(typed) == pointers


def test_pointers_that_are_not_numbers_are_refused():
    with pytest.raises(RevcycleError, match="give numbers such as 1,2"):
        parse_pointers("A,B")


def test_the_fee_is_the_schedules_unless_another_is_entered():
    assert line_fee(15000, None, "") == LineFee(15000, "fee_schedule")
    assert line_fee(15000, 15000, "") == LineFee(15000, "fee_schedule")


def test_a_fee_other_than_the_schedules_needs_a_reason():
    with pytest.raises(RevcycleError) as refused:
        line_fee(15000, 12000, "  ")
    assert refused.value.message == "the fee schedule charges 150.00: a different fee needs a reason"
    assert line_fee(15000, 12000, " sliding scale ") == LineFee(12000, "override", "sliding scale")


def test_a_code_the_schedule_does_not_price_takes_the_entered_fee_or_asks_for_one():
    assert line_fee(None, 2500, "") == LineFee(2500, "entered")
    with pytest.raises(
        RevcycleError, match="the fee schedule has no fee for this code on the date of service"
    ):
        line_fee(None, None, "")


def test_a_fee_must_be_positive():
    with pytest.raises(RevcycleError) as refused:
        line_fee(15000, 0, "free")
    assert refused.value.code is ErrorCode.INVALID_AMOUNT
