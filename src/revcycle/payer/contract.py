"""A practice's contract with a payer, and what it says a billed line should be allowed.

    expected = expected_allowed(lines, contract)      # line number -> ExpectedLine

`contract_allowed` and `reduced_lines` are the one way a line is priced by a contract: the practice's
expected amount (`expected_allowed`, read by underpayments) and the payer simulator both use them.
- the rate of the line's pricing modifier when the fee schedule lists one (26/TC, 50 bilateral,
  80 assistant surgeon, ...), else the plain code's rate, in force on the date of service;
- times units, never more than the charge; codes without a rate at the contract's percent of charge;
- multiple-procedure reduction: per day, among the contract's multiple-procedure codes, the line with
  the highest allowed is paid in full and every other at `multiple_procedure_percent` (ties: line order).
A line the contract prices nothing for (no rate, no percent of charge) has no expectation.
Lines are anything with the `BilledLine` attributes (the simulator's received lines, the practice's
remitted line rows); money is integer cents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Protocol

from revcycle.kernel.effective_dates import place_version
from revcycle.kernel.money import percent_of


@dataclass(frozen=True, slots=True)
class FeeScheduleRate:
    """Allowed amount per unit for a code (and a pricing modifier such as 26 or TC; "" for none)."""

    code: str
    allowed_cents: int
    modifier: str = ""
    effective_from: date = date(2000, 1, 1)
    effective_to: date | None = None

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True, slots=True)
class Contract:
    """What the payer allows and which payment rules it applies to this provider."""

    rates: tuple[FeeScheduleRate, ...] = ()
    percent_of_charge: Decimal | None = None  # allowed for codes without a rate; None: not covered
    non_covered_codes: frozenset[str] = frozenset()
    prior_authorization_codes: frozenset[str] = frozenset()
    bundled_codes: frozenset[str] = frozenset()  # never paid separately when billed with another service
    multiple_procedure_codes: frozenset[str] = frozenset()  # subject to multiple-procedure reduction
    multiple_procedure_percent: Decimal = Decimal(50)  # allowed percent for the 2nd and later procedure
    timely_filing_days: int = 365
    apply_ncci: bool = True

    def rate(self, code: str, modifiers: tuple[str, ...], on: date) -> FeeScheduleRate | None:
        """The rate for the code with its pricing modifier when one is listed, else the code's plain rate."""
        in_force = [r for r in self.rates if r.code == code and r.in_force(on)]
        for modifier in modifiers:
            for rate in in_force:
                if rate.modifier == modifier:
                    return rate
        return next((rate for rate in in_force if rate.modifier == ""), None)


def with_rate(contract: Contract, rate: FeeScheduleRate) -> Contract | None:
    """The contract with a new version of a rate (`kernel.effective_dates`: it ends the rate in force on its
    first day, history kept), or None when that rate is already in force at that amount."""
    label = f"{rate.code}-{rate.modifier}" if rate.modifier else rate.code
    same_key = [r for r in contract.rates if r.code == rate.code and r.modifier == rate.modifier]
    plan = place_version(same_key, rate, lambda old, new: old.allowed_cents == new.allowed_cents,
                         f"contract rate {label}")  # fmt: skip
    if plan.added is None:
        return None
    rates = list(contract.rates)
    if plan.ended is not None:
        old, last_day = plan.ended
        rates[rates.index(old)] = replace(old, effective_to=last_day)
    rates.append(plan.added)
    rates.sort(key=lambda r: (r.code, r.modifier, r.effective_from))
    return replace(contract, rates=tuple(rates))


class BilledLine(Protocol):
    """What pricing reads of a billed line."""

    @property
    def line_number(self) -> int: ...
    @property
    def procedure_code(self) -> str: ...
    @property
    def modifiers(self) -> tuple[str, ...]: ...
    @property
    def service_date(self) -> date: ...
    @property
    def units(self) -> int: ...
    @property
    def charge_cents(self) -> int: ...


@dataclass(frozen=True, slots=True)
class ExpectedLine:
    line_number: int
    full_cents: int  # the contract's allowed amount before the multiple-procedure reduction
    reduction_cents: int = 0  # multiple-procedure reduction (the payer's CO-59)
    rate_modifier: str | None = (
        None  # the pricing modifier whose rate applied; "" base rate; None % of charge
    )

    @property
    def expected_cents(self) -> int:
        return self.full_cents - self.reduction_cents


def contract_allowed(line: BilledLine, contract: Contract) -> int | None:
    """What the contract allows: the lesser of the charge and rate x units (the rate of the line's pricing
    modifier, else the plain code's), or percent of charge; None when the contract prices nothing."""
    rate = contract.rate(line.procedure_code, line.modifiers, line.service_date)
    if rate is not None:
        return min(rate.allowed_cents * line.units, line.charge_cents)
    if contract.percent_of_charge is not None:
        return percent_of(line.charge_cents, contract.percent_of_charge)
    return None


def reduced_lines(lines: Sequence[tuple[BilledLine, int]], contract: Contract) -> dict[int, int]:
    """Multiple-procedure reduction: per day, the highest-allowed procedure in full, the others at the
    contract's percent. `lines` are (line, allowed); returns line number -> reduction in cents (only reduced lines)."""
    reductions: dict[int, int] = {}
    by_day: dict[date, list[tuple[BilledLine, int]]] = {}
    for line, allowed in lines:
        if line.procedure_code in contract.multiple_procedure_codes:
            by_day.setdefault(line.service_date, []).append((line, allowed))
    for day_lines in by_day.values():
        ranked = sorted(day_lines, key=lambda pair: (-pair[1], pair[0].line_number))
        for line, allowed in ranked[1:]:
            reductions[line.line_number] = allowed - percent_of(allowed, contract.multiple_procedure_percent)
    return reductions


def expected_allowed(lines: Sequence[BilledLine], contract: Contract) -> dict[int, ExpectedLine]:
    """Expected allowed per line number for the lines of ONE claim the payer allowed (denied lines left out,
    as the payer leaves them out of the multiple-procedure ranking)."""
    priced: list[tuple[BilledLine, int]] = []
    for line in lines:
        allowed = contract_allowed(line, contract)
        if allowed is not None:
            priced.append((line, allowed))
    reductions = reduced_lines(priced, contract)
    expected = {}
    for line, allowed in priced:
        rate = contract.rate(line.procedure_code, line.modifiers, line.service_date)
        expected[line.line_number] = ExpectedLine(
            line.line_number,
            allowed,
            reductions.get(line.line_number, 0),
            None if rate is None else rate.modifier,
        )
    return expected
