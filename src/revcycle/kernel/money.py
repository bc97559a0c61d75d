"""Money as integer cents.

Amounts are held and added as `int` cents. `Decimal` appears only at the edges
(reading or writing X12, JSON, PDF). `round_cents` is the one rounding function
of the whole system: every fractional amount (a percentage of an allowed amount,
a multiple-procedure reduction…) becomes cents through it, half-up as payers do.
Floats are refused everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from revcycle.kernel.errors import ErrorCode, RevcycleError

_CENT = Decimal("0.01")
MAX_CENTS = 2**63 - 1  # the most a ledger amount (a BigInteger column of cents) can hold, either sign


def round_cents(amount: Decimal | int) -> int:
    """Round a dollar amount (Decimal) to whole cents, half away from zero.

    `round_cents(Decimal("10.005")) == 1001`; `round_cents(Decimal("-10.005")) == -1001`.
    """
    if isinstance(amount, bool) or not isinstance(amount, (Decimal, int)):
        raise RevcycleError(ErrorCode.INVALID_AMOUNT, f"not a Decimal amount: {amount!r}")
    try:
        return int((Decimal(amount) / _CENT).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    except (InvalidOperation, ArithmeticError):  # 1e308 dollars: more digits than a quantize may hold
        raise RevcycleError(ErrorCode.INVALID_AMOUNT, f"{amount} is not an amount in dollars and cents") from None


def percent_of(cents: int, percent: Decimal | int) -> int:
    """`percent`% of an amount in cents, rounded once by `round_cents`."""
    return round_cents(Decimal(cents) * Decimal(percent) / Decimal(100) * _CENT)


@dataclass(frozen=True, order=True, slots=True)
class Money:
    """An amount of US dollars held as integer cents."""

    cents: int

    def __post_init__(self) -> None:
        if isinstance(self.cents, bool) or not isinstance(self.cents, int):
            raise RevcycleError(ErrorCode.INVALID_AMOUNT, f"cents must be an int, got {self.cents!r}")

    @classmethod
    def zero(cls) -> Money:
        return cls(0)

    @classmethod
    def from_decimal(cls, amount: Decimal | str | int) -> Money:
        """Parse a dollar amount ("80", "80.5", Decimal("80.50")); more than 2 decimals are rounded once."""
        if isinstance(amount, float):
            raise RevcycleError(ErrorCode.INVALID_AMOUNT, "floats are not money; pass a Decimal or a string")
        try:
            value = Decimal(amount)
        except (InvalidOperation, ValueError, TypeError) as exc:
            raise RevcycleError(ErrorCode.INVALID_AMOUNT, f"not an amount: {amount!r}") from exc
        if not value.is_finite():
            raise RevcycleError(ErrorCode.INVALID_AMOUNT, f"not a finite amount: {amount!r}")
        return cls(round_cents(value))

    def to_decimal(self) -> Decimal:
        return (Decimal(self.cents) * _CENT).quantize(_CENT)

    def __add__(self, other: Money) -> Money:
        return Money(self.cents + other.cents)

    def __sub__(self, other: Money) -> Money:
        return Money(self.cents - other.cents)

    def __neg__(self) -> Money:
        return Money(-self.cents)

    def __str__(self) -> str:
        sign = "-" if self.cents < 0 else ""
        return f"{sign}${abs(self.to_decimal()):,.2f}"
