"""The practice's fee schedules: what it charges for a code (with a pricing modifier) from a date on.

    fee = Fee("99213", 11000, effective_from=date(2026, 1, 1))
    fee_on(fees, "99213", ("25",), date(2026, 3, 4))   # the fee of 99213-25 if listed, else 99213's

A fee is versioned by effective date (`kernel.effective_dates`): a new fee for the same code and
modifier ends the one in force that day; the old one stays as history. Money is integer cents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from revcycle.kernel.effective_dates import VersionPlan, check_dates, in_force, place_version
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.checks import require_text

_CODE = re.compile(r"^[A-Z0-9]{5}$")
_MODIFIER = re.compile(r"^[A-Z0-9]{2}$")
DEFAULT_SCHEDULE = "Standard"
MAX_FEE_CENTS = 10_000_000_00  # $10,000,000.00: beyond that a fee is a typing slip


@dataclass(frozen=True, slots=True)
class Fee:
    """The charge for a CPT/HCPCS code (and a pricing modifier, "" for none) from `effective_from` on."""

    code: str
    amount_cents: int
    modifier: str = ""
    effective_from: date = date(2000, 1, 1)
    effective_to: date | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        code, modifier = self.code.strip().upper(), self.modifier.strip().upper()
        if not _CODE.match(code):
            raise RevcycleError(
                ErrorCode.VALIDATION, f"procedure code {self.code!r}: 5 letters or digits, e.g. 99213"
            )
        if modifier and not _MODIFIER.match(modifier):
            raise RevcycleError(
                ErrorCode.VALIDATION, f"modifier {self.modifier!r}: 2 letters or digits, e.g. 25"
            )
        if isinstance(self.amount_cents, bool) or not isinstance(self.amount_cents, int):
            raise RevcycleError(ErrorCode.INVALID_AMOUNT, f"fee for {code}: amount must be integer cents")
        if not 0 < self.amount_cents <= MAX_FEE_CENTS:
            raise RevcycleError(ErrorCode.INVALID_AMOUNT, f"fee for {code}: amount must be above $0.00")
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "modifier", modifier)
        check_dates(self, f"fee for {self.label}")

    @property
    def label(self) -> str:
        """99213 or 99213-25, as a biller writes it."""
        return f"{self.code}-{self.modifier}" if self.modifier else self.code

    def in_force(self, on: date) -> bool:
        return in_force(self, on)


@dataclass(frozen=True, slots=True)
class FeeSchedule:
    """A named fee schedule ("Standard", "Self-pay") and its fees, every version kept."""

    name: str
    fees: tuple[Fee, ...] = ()
    id: int | None = None

    def __post_init__(self) -> None:
        require_text(self.name, "fee schedule name", max_length=80)


def fee_on(fees: Iterable[Fee], code: str, modifiers: Sequence[str], on: date) -> Fee | None:
    """The fee in force on `on`: the first of the line's modifiers that has its own fee, else the plain code's."""
    code = code.strip().upper()
    in_force_fees = [fee for fee in fees if fee.code == code and fee.in_force(on)]
    for modifier in modifiers:
        for fee in in_force_fees:
            if fee.modifier == modifier.strip().upper():
                return fee
    return next((fee for fee in in_force_fees if fee.modifier == ""), None)


def place_fee(fees: Iterable[Fee], new: Fee) -> VersionPlan[Fee]:
    """Where a new fee version goes among the schedule's fees of the same code and modifier."""
    same_key = [fee for fee in fees if fee.code == new.code and fee.modifier == new.modifier]
    return place_version(
        same_key, new, lambda old, fee: old.amount_cents == fee.amount_cents, f"fee {new.label}"
    )
