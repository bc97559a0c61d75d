"""Encounters (a visit on a date of service) and their charges (service lines)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.charges import DrugIdentification
from revcycle.practice.checks import require_place_of_service, require_positive_id

_PROCEDURE = re.compile(r"^[0-9A-Z]{5}$")
_MODIFIER = re.compile(r"^[0-9A-Z]{2}$")
MAX_MODIFIERS = 4
MAX_DIAGNOSIS_POINTERS = 4


@dataclass(frozen=True, slots=True)
class ServiceLine:
    """One charge: a procedure (CPT/HCPCS), up to 4 modifiers, diagnosis pointers (1-based), units, charge;
    the drug it bills (NDC, `practice.charges`) and, when the fee is not the schedule's, why."""

    line_number: int
    procedure_code: str
    charge_cents: int
    units: int = 1
    modifiers: tuple[str, ...] = ()
    diagnosis_pointers: tuple[int, ...] = (1,)
    id: int | None = None
    drug: DrugIdentification | None = None
    fee_override_reason: str = ""  # set when the biller charged other than the fee schedule (charge entry)

    def __post_init__(self) -> None:
        if isinstance(self.charge_cents, bool) or not isinstance(self.charge_cents, int):
            raise RevcycleError(
                ErrorCode.INVALID_AMOUNT, f"charge must be integer cents, got {self.charge_cents!r}"
            )
        if self.charge_cents <= 0:
            raise RevcycleError(
                ErrorCode.INVALID_AMOUNT,
                f"line {self.line_number}: a charge must be positive, got {self.charge_cents} cents",
            )
        if not _PROCEDURE.match(self.procedure_code):
            raise RevcycleError(
                ErrorCode.VALIDATION, f"line {self.line_number}: not a procedure code {self.procedure_code!r}"
            )
        if not 1 <= self.units <= 9999:
            raise RevcycleError(ErrorCode.VALIDATION, f"line {self.line_number}: units must be 1..9999")
        if len(self.modifiers) > MAX_MODIFIERS or not all(_MODIFIER.match(m) for m in self.modifiers):
            raise RevcycleError(
                ErrorCode.VALIDATION, f"line {self.line_number}: up to 4 two-character modifiers"
            )
        pointers = self.diagnosis_pointers
        if not 1 <= len(pointers) <= MAX_DIAGNOSIS_POINTERS or not all(1 <= p <= 12 for p in pointers):
            raise RevcycleError(
                ErrorCode.VALIDATION, f"line {self.line_number}: 1 to 4 diagnosis pointers in 1..12"
            )


@dataclass(frozen=True, slots=True)
class Encounter:
    """A visit: who was seen, when, where and by whom, the diagnoses (ICD-10-CM) and the charges.

    `coverage_id` is the coverage billed first (None: self-pay); it must be the patient's and be in
    force on the date of service (checked where coverages are known, in `services`).

    A visit checked in at the front desk has no diagnoses and no charges yet (`is_charged` is False);
    charges are entered later, and a claim is built only from a charged encounter.
    """

    patient_id: int
    date_of_service: date
    place_of_service: str
    billing_provider_id: int
    rendering_provider_id: int
    diagnosis_codes: tuple[str, ...] = field(repr=False)
    lines: tuple[ServiceLine, ...]
    facility_id: int | None = None
    coverage_id: int | None = None
    note_text: str = field(default="", repr=False)
    id: int | None = None

    def __post_init__(self) -> None:
        for id_field in (
            "patient_id",
            "billing_provider_id",
            "rendering_provider_id",
            "facility_id",
            "coverage_id",
        ):
            require_positive_id(getattr(self, id_field), id_field.replace("_", " "))
        require_place_of_service(self.place_of_service)
        if len(self.diagnosis_codes) > 12:
            raise RevcycleError(ErrorCode.VALIDATION, "an encounter has at most 12 diagnosis codes")
        if self.lines and not self.diagnosis_codes:
            raise RevcycleError(
                ErrorCode.VALIDATION, "an encounter with charges needs 1 to 12 diagnosis codes"
            )
        numbers = [line.line_number for line in self.lines]
        if numbers != list(range(1, len(numbers) + 1)):
            raise RevcycleError(ErrorCode.VALIDATION, f"service lines must be numbered 1..n, got {numbers}")
        for line in self.lines:
            if max(line.diagnosis_pointers) > len(self.diagnosis_codes):
                raise RevcycleError(
                    ErrorCode.VALIDATION,
                    f"line {line.line_number} points past the {len(self.diagnosis_codes)} diagnoses",
                )

    @property
    def is_charged(self) -> bool:
        """True once the visit has its charges (a checked-in visit has none yet)."""
        return bool(self.lines)

    @property
    def total_charge_cents(self) -> int:
        return sum(line.charge_cents for line in self.lines)
