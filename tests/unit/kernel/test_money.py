from decimal import Decimal

import pytest

from revcycle.kernel import ErrorCode, Money, RevcycleError, round_cents
from revcycle.kernel.money import percent_of


def test_round_cents_rounds_half_away_from_zero():
    # given amounts exactly half a cent apart / when rounded / then half goes away from zero
    assert round_cents(Decimal("10.005")) == 1001
    assert round_cents(Decimal("-10.005")) == -1001
    assert round_cents(Decimal("10.004")) == 1000
    assert round_cents(7) == 700


def test_round_cents_refuses_floats():
    with pytest.raises(RevcycleError) as raised:
        round_cents(0.1)  # type: ignore[arg-type]
    assert raised.value.code is ErrorCode.INVALID_AMOUNT


def test_money_parses_decimal_strings_and_prints_dollars():
    # given dollar strings / when parsed / then exact cents
    assert Money.from_decimal("150").cents == 15000
    assert Money.from_decimal("80.5").cents == 8050
    assert Money.from_decimal(Decimal("0.125")).cents == 13
    assert str(Money(-123456)) == "-$1,234.56"
    assert Money(8050).to_decimal() == Decimal("80.50")


def test_money_refuses_floats_and_garbage():
    for bad in (1.5, "abc", "NaN"):
        with pytest.raises(RevcycleError):
            Money.from_decimal(bad)  # type: ignore[arg-type]
    with pytest.raises(RevcycleError):
        Money(1.5)  # type: ignore[arg-type]


def test_money_arithmetic_stays_in_cents():
    assert Money(15000) - Money(8000) - Money(4000) == Money(3000)
    assert -Money(5) == Money(-5)


def test_percent_of_rounds_once():
    # given 20% coinsurance of $123.45 / then $24.69 exactly
    assert percent_of(12345, 20) == 2469
    # given 50% of 1 cent / then half a cent rounds up
    assert percent_of(1, 50) == 1


def test_an_amount_too_large_to_round_is_an_invalid_amount_not_a_crash():
    # given dollars past what a quantize can hold (schemathesis sent a fee of 1e308 to charge entry)
    with pytest.raises(RevcycleError) as refused:
        round_cents(Decimal("1.0009320167354777E+308"))
    # then the one rounding function says so with its own error
    assert (refused.value.code, refused.value.message) == (
        ErrorCode.INVALID_AMOUNT, "1.0009320167354777E+308 is not an amount in dollars and cents")
