"""Comparing a paid line with the contract: the payer's allowed amount, the tolerance edges, totals by payer."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from revcycle.kernel.errors import RevcycleError
from revcycle.reports.underpayments import (
    PayerUnderpayments,
    Tolerance,
    UnderpaymentItem,
    allowed_by_payer,
    by_payer,
    shortfall,
)


def test_exactly_at_the_cents_tolerance_is_not_flagged_one_cent_over_is():
    # given $130 expected and a $1.00 tolerance
    tolerance = Tolerance(100, Decimal(0))
    # when the payer allowed $129.00, then $128.99
    # then $1.00 short is within tolerance; $1.01 short is an underpayment of $1.01
    assert shortfall(13000, 12900, tolerance) is None
    assert shortfall(13000, 12899, tolerance) == 101


def test_exactly_at_the_percent_tolerance_is_not_flagged_one_cent_over_is():
    # given $130 expected and a 1% tolerance ($1.30), no cents tolerance
    tolerance = Tolerance(0, Decimal(1))
    # then $1.30 short is within tolerance; $1.31 short is flagged
    assert shortfall(13000, 12870, tolerance) is None
    assert shortfall(13000, 12869, tolerance) == 131


def test_the_larger_of_the_two_tolerances_applies():
    # given $2.00 or 1% of $130 ($1.30)
    tolerance = Tolerance(200, Decimal(1))
    # then $2.00 short passes, $2.01 is flagged; with 10% ($13.00) $13.00 passes
    assert shortfall(13000, 12800, tolerance) is None
    assert shortfall(13000, 12799, tolerance) == 201
    assert shortfall(13000, 11700, Tolerance(200, Decimal(10))) is None


def test_zero_tolerance_flags_one_cent_and_overpayment_is_never_flagged():
    # given no tolerance at all
    tolerance = Tolerance(0, Decimal(0))
    # then one cent short is flagged; paid at or above the contract is not
    assert shortfall(13000, 12999, tolerance) == 1
    assert shortfall(13000, 13000, tolerance) is None
    assert shortfall(13000, 14000, tolerance) is None


def test_a_negative_tolerance_is_refused():
    # when a tolerance below zero is asked for
    # then validation refuses it
    with pytest.raises(RevcycleError, match="tolerance"):
        Tolerance(-1)
    with pytest.raises(RevcycleError, match="tolerance"):
        Tolerance(0, Decimal(101))


def test_the_payers_allowed_amount_is_amt_b6_when_given_else_paid_plus_patient_share():
    # given a line paid $64 with $66 patient share
    # then without AMT*B6 it is $130; with AMT*B6 $117 the payer's figure wins
    assert allowed_by_payer(6400, 6600, None) == 13000
    assert allowed_by_payer(6400, 6600, 11700) == 11700


def _item(id_: int, payer: str, expected: int, allowed: int, paid: int) -> UnderpaymentItem:
    day = dt.date(2026, 3, 2)
    return UnderpaymentItem(id_, payer, f"PAYER {payer}", f"C{id_}", "99214", (), day, 1, expected, allowed,
                            paid, expected - allowed, "open", day)  # fmt: skip


def test_totals_by_payer_largest_difference_first():
    # given three queued lines of two payers
    items = [_item(1, "87726", 13000, 11700, 11700), _item(2, "00431", 9000, 8000, 6000),
             _item(3, "87726", 9000, 8100, 8100)]  # fmt: skip
    # when totalled by payer
    rows = by_payer(items)
    # then 87726: 2 lines, $220 expected, $198 allowed, $22 short; 00431: 1 line, $10 short
    assert rows == [
        PayerUnderpayments("87726", "PAYER 87726", 2, 22000, 19800, 19800, 2200),
        PayerUnderpayments("00431", "PAYER 00431", 1, 9000, 8000, 6000, 1000),
    ]
