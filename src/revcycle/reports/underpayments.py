"""Underpayments: a paid line against what the contract says it should be allowed (pure, cents).

- The payer's allowed amount for a line is AMT*B6 when the 835 gives it, else paid + patient
  responsibility (PR: deductible, coinsurance, copay) — what the payer priced the line at.
- difference = expected allowed - allowed; the line is an underpayment when the difference is MORE
  than the tolerance: the larger of `Tolerance.cents` and `Tolerance.percent` of the expected amount
  (exactly at the tolerance is not flagged; one cent over is). Overpayments are never flagged.
- `by_payer` totals the queue per payer (lines, expected, allowed, paid, difference), ordered by
  the largest difference first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.money import percent_of

DEFAULT_TOLERANCE_CENTS = 100


@dataclass(frozen=True, slots=True)
class Tolerance:
    cents: int = DEFAULT_TOLERANCE_CENTS
    percent: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        if self.cents < 0 or not Decimal(0) <= self.percent <= Decimal(100):
            raise RevcycleError(ErrorCode.VALIDATION, "a tolerance is 0 or more cents and 0-100 percent")

    def allowance_cents(self, expected_cents: int) -> int:
        """How far below the expected amount a payment may be without being flagged."""
        return max(self.cents, percent_of(expected_cents, self.percent))

    def describe(self) -> str:
        return f"{self.cents} cents or {self.percent}% of expected, whichever is larger"


def allowed_by_payer(paid_cents: int, patient_cents: int, reported_allowed_cents: int | None) -> int:
    """The payer's allowed amount for a line: AMT*B6 when reported, else paid + patient responsibility."""
    return reported_allowed_cents if reported_allowed_cents is not None else paid_cents + patient_cents


def shortfall(expected_cents: int, allowed_cents: int, tolerance: Tolerance) -> int | None:
    """The difference when the line is underpaid by more than the tolerance, else None."""
    difference = expected_cents - allowed_cents
    return difference if difference > tolerance.allowance_cents(expected_cents) else None


@dataclass(frozen=True, slots=True)
class UnderpaymentItem:
    id: int
    payer_code: str
    payer_name: str
    claim_control_number: str
    procedure_code: str
    modifiers: tuple[str, ...]
    service_date: date
    units: int
    expected_cents: int
    allowed_cents: int
    paid_cents: int
    difference_cents: int
    status: str  # open | appealed | accepted
    found_on: date

    def to_dict(self) -> dict:
        values = asdict(self)
        values["modifiers"] = list(self.modifiers)
        values["service_date"], values["found_on"] = self.service_date.isoformat(), self.found_on.isoformat()
        return values


@dataclass(frozen=True, slots=True)
class PayerUnderpayments:
    payer_code: str
    payer_name: str
    lines: int
    expected_cents: int
    allowed_cents: int
    paid_cents: int
    difference_cents: int

    def to_dict(self) -> dict:
        return asdict(self)


def by_payer(items: Iterable[UnderpaymentItem]) -> list[PayerUnderpayments]:
    totals: dict[str, list] = {}
    for item in items:
        row = totals.setdefault(item.payer_code, [item.payer_name, 0, 0, 0, 0, 0])
        row[1] += 1
        row[2] += item.expected_cents
        row[3] += item.allowed_cents
        row[4] += item.paid_cents
        row[5] += item.difference_cents
    rows = [PayerUnderpayments(code, *values) for code, values in totals.items()]
    return sorted(rows, key=lambda row: (-row.difference_cents, row.payer_code))
