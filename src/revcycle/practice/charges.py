"""Charge entry rules (the superbill), pure: the drug a line bills (NDC in the 837P's N4 form), diagnosis
pointers, and the fee a line is charged (the fee schedule's, or an override that names its reason).

    drug = DrugIdentification.parse("0002-7510-01", "UN", "1")   # -> ndc 00002751001
    pointer_problems((1, 2), diagnosis_count=3)                  # -> [] (or what is wrong, in words)
    line_fee(scheduled_cents=15000, entered_cents=None, reason="")  # -> LineFee(15000, "fee_schedule", "")

NDC: the 11-digit 5-4-2 form the 837P's LIN*N4 carries. A labeler prints NDCs as 10 digits with hyphens
(4-4-2, 5-3-2 or 5-4-1); the zero that makes them 5-4-2 goes in front of the short part. Ten digits
without hyphens cannot be placed and are refused. The unit of the drug's quantity (CTP05) is F2
international unit, GR gram, ME milligram, ML milliliter or UN unit; the quantity is positive with at
most 3 decimals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.money import Money

NDC_UNITS = {"F2": "international unit", "GR": "gram", "ME": "milligram", "ML": "milliliter", "UN": "unit"}
MAX_POINTERS = 4
MAX_DIAGNOSES = 12
MIN_REASON_LENGTH = 3
_HYPHENATED = re.compile(r"^(\d{4,5})-(\d{3,4})-(\d{1,2})$")
_SHAPES = {(4, 4, 2), (5, 3, 2), (5, 4, 1), (5, 4, 2)}
_MAX_QUANTITY = Decimal("9999999.999")


def normalize_ndc(text: str) -> str:
    """The NDC as 11 digits (5-4-2): from 11 digits, or from a hyphenated 4-4-2, 5-3-2, 5-4-1 or 5-4-2 form."""
    raw = text.strip().replace(" ", "")
    if re.fullmatch(r"\d{11}", raw):
        return raw
    match = _HYPHENATED.match(raw)
    if match is None or tuple(len(part) for part in match.groups()) not in _SHAPES:
        raise RevcycleError(ErrorCode.VALIDATION, f"NDC {text!r}: give 11 digits (5-4-2) or the labeler's "
                            "hyphenated form (4-4-2, 5-3-2, 5-4-1)")  # fmt: skip
    labeler, product, package = match.groups()
    return labeler.zfill(5) + product.zfill(4) + package.zfill(2)


def drug_quantity(text: str | Decimal) -> Decimal:
    """The drug's quantity: positive, at most 3 decimals, below ten million."""
    try:
        quantity = Decimal(str(text).strip())
    except InvalidOperation:
        raise RevcycleError(ErrorCode.VALIDATION, f"NDC quantity {text!r} is not a number") from None
    if not quantity.is_finite() or quantity <= 0 or quantity > _MAX_QUANTITY:
        raise RevcycleError(
            ErrorCode.VALIDATION, f"NDC quantity must be above 0 and below 10,000,000, got {text}"
        )
    if quantity != quantity.quantize(Decimal("0.001")):
        raise RevcycleError(ErrorCode.VALIDATION, f"NDC quantity {text} has more than 3 decimals")
    return quantity.normalize() if quantity == quantity.to_integral() else quantity


@dataclass(frozen=True, slots=True)
class DrugIdentification:
    """The drug a service line bills: NDC (11 digits), the unit of measure (CTP05) and the quantity (CTP04)."""

    ndc: str
    unit: str
    quantity: Decimal

    def __post_init__(self) -> None:
        if not re.fullmatch(r"\d{11}", self.ndc):
            raise RevcycleError(ErrorCode.VALIDATION, f"NDC {self.ndc!r} must be 11 digits (5-4-2)")
        if self.unit not in NDC_UNITS:
            raise RevcycleError(
                ErrorCode.VALIDATION, f"NDC unit {self.unit!r}: use one of {', '.join(NDC_UNITS)}"
            )
        drug_quantity(self.quantity)

    @classmethod
    def parse(cls, ndc: str, unit: str, quantity: str | Decimal) -> DrugIdentification:
        """From what a biller types: the NDC in any printed form, the unit's code, the quantity."""
        return cls(normalize_ndc(ndc), unit.strip().upper(), drug_quantity(quantity))

    @property
    def hyphenated(self) -> str:
        return f"{self.ndc[:5]}-{self.ndc[5:9]}-{self.ndc[9:]}"

    @property
    def n4(self) -> str:
        """The NDC as the CMS-1500's shaded area prints it: N4, the NDC, the unit and the quantity."""
        return f"N4{self.ndc} {self.unit}{self.quantity}"


def pointer_problems(pointers: tuple[int, ...], diagnosis_count: int) -> list[str]:
    """What is wrong with a line's diagnosis pointers (empty when they are right): 1 to 4 pointers, each
    1..12, each once, each naming one of the encounter's `diagnosis_count` diagnoses."""
    problems = []
    if not 1 <= len(pointers) <= MAX_POINTERS:
        problems.append(f"a line points at 1 to {MAX_POINTERS} diagnoses, not {len(pointers)}")
    outside = [pointer for pointer in pointers if not 1 <= pointer <= MAX_DIAGNOSES]
    if outside:
        problems.append(f"pointers are 1..{MAX_DIAGNOSES}: {', '.join(map(str, outside))} is not")
    past = [pointer for pointer in pointers if diagnosis_count < pointer <= MAX_DIAGNOSES]
    if past:
        problems.append(
            f"pointer {', '.join(map(str, past))} names no diagnosis (the encounter has {diagnosis_count})"
        )
    if len(set(pointers)) != len(pointers):
        problems.append("a diagnosis is pointed at twice")
    return problems


def require_pointers(pointers: tuple[int, ...], diagnosis_count: int, line: str) -> None:
    problems = pointer_problems(pointers, diagnosis_count)
    if problems:
        raise RevcycleError(ErrorCode.VALIDATION, f"{line}: {'; '.join(problems)}")


def parse_pointers(text: str) -> tuple[int, ...]:
    """`1,2` or `1 2` or `12` (digits side by side: 1 and 2; for 10-12 use commas) -> pointers."""
    parts = [part for part in re.split(r"[,\s]+", text.strip()) if part]
    if len(parts) == 1 and parts[0].isdecimal() and len(parts[0]) > 1 and not 10 <= int(parts[0]) <= 12:
        parts = list(parts[0])
    if not parts or not all(part.isdecimal() for part in parts):
        raise RevcycleError(ErrorCode.VALIDATION, f"diagnosis pointers {text!r}: give numbers such as 1,2")
    return tuple(int(part) for part in parts)


@dataclass(frozen=True, slots=True)
class LineFee:
    """A line's unit fee and where it came from: fee_schedule, entered (the schedule has no fee for the
    code on the date) or override (a fee other than the schedule's, with the reason)."""

    unit_cents: int
    source: str
    reason: str = ""


def line_fee(scheduled_cents: int | None, entered_cents: int | None, reason: str) -> LineFee:
    """The fee of a line: the schedule's unless one is entered; an entered fee that differs from the
    schedule's is an override and needs a reason."""
    reason = reason.strip()
    if entered_cents is not None and entered_cents <= 0:
        raise RevcycleError(ErrorCode.INVALID_AMOUNT, f"a fee must be positive, got {entered_cents} cents")
    if entered_cents is None or entered_cents == scheduled_cents:
        if scheduled_cents is None:
            raise RevcycleError(ErrorCode.VALIDATION, "the fee schedule has no fee for this code on the date of "
                                "service: enter the fee")  # fmt: skip
        return LineFee(scheduled_cents, "fee_schedule")
    if scheduled_cents is None:
        return LineFee(entered_cents, "entered", reason)
    if len(reason) < MIN_REASON_LENGTH:
        raise RevcycleError(ErrorCode.VALIDATION, f"the fee schedule charges {Money(scheduled_cents).to_decimal()}: "
                            "a different fee needs a reason")  # fmt: skip
    return LineFee(entered_cents, "override", reason)
