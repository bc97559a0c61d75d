"""An inpatient stay as the grouper and the inpatient rules read it, checked on construction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from revcycle.drg.weights import patient_status
from revcycle.kernel.errors import ErrorCode, RevcycleError

MAX_AGE = 124
MAX_SECONDARIES = 24  # UB-04 FL 67A-Q plus the 837I's 24 other diagnoses: 24 is the 837I limit
MAX_PROCEDURES = 25


@dataclass(frozen=True, slots=True)
class Diagnosis:
    code: str
    poa: str | None = None  # Y | N | U | W | 1 | None (blank)


@dataclass(frozen=True, slots=True)
class Stay:
    age: int
    sex: str  # M | F | U
    discharge_status: str  # the patient status code, "01"
    discharge_date: date
    principal: Diagnosis
    secondaries: tuple[Diagnosis, ...] = field(default=())
    procedures: tuple[str, ...] = field(default=())
    admission_date: date | None = None
    hospital_poa_exempt: bool = False  # a hospital exempt from POA reporting (the HAC rule does not apply)

    def __post_init__(self) -> None:
        if not 0 <= self.age <= MAX_AGE:
            raise RevcycleError(ErrorCode.VALIDATION, f"age: {self.age} is not between 0 and {MAX_AGE}")
        if self.sex not in ("M", "F", "U"):
            raise RevcycleError(ErrorCode.VALIDATION, f"sex: {self.sex!r} is not M, F or U")
        if len(self.secondaries) > MAX_SECONDARIES or len(self.procedures) > MAX_PROCEDURES:
            raise RevcycleError(
                ErrorCode.VALIDATION,
                f"at most {MAX_SECONDARIES} secondary diagnoses and {MAX_PROCEDURES} procedures on a stay",
            )
        if (
            not (len(self.discharge_status) == 2 and self.discharge_status.isdecimal())
            or patient_status(self.discharge_status, self.discharge_date) is None
        ):
            raise RevcycleError(
                ErrorCode.VALIDATION,
                f"discharge status: {self.discharge_status!r} is not a patient "
                f"status code valid on {self.discharge_date.isoformat()} (e.g. 01 home, 20 expired)",
            )
        if self.admission_date is not None and self.admission_date > self.discharge_date:
            raise RevcycleError(ErrorCode.VALIDATION, "admission date: after the discharge date")

    @property
    def stay_days(self) -> int | None:
        return (self.discharge_date - self.admission_date).days if self.admission_date else None


def parse_diagnosis(text: str) -> Diagnosis:
    """ "N17.9:Y" -> Diagnosis("N17.9", "Y"); "N17.9" -> no POA (blank)."""
    code, _, poa = text.strip().partition(":")
    if not code:
        raise RevcycleError(ErrorCode.VALIDATION, f"diagnosis {text!r}: write it CODE or CODE:POA (N17.9:Y)")
    return Diagnosis(code.strip(), poa.strip().upper() or None)
