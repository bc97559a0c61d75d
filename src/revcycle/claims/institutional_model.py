"""What an institutional (facility) claim carries besides what every claim has: `Claim.institutional`.

    details = InstitutionalDetails(bill_type="11", statement_from=..., statement_to=..., patient_status="01",
                                   admission_date=..., admission_type="1", admission_source="7",
                                   present_on_admission=("Y", "N", "Y"), procedures=(PcsProcedure(...),))

The claim's own fields hold what both kinds share: `Claim.diagnoses` is the principal diagnosis (UB-04
FL 67, 837I HI*ABK) then the other diagnoses (FL 67A-Q, HI*ABF), dotted; `present_on_admission` gives one
indicator per diagnosis in the same order ("" when not reported, as on outpatient claims). The claim's
`frequency` is the type of bill's last digit, so a corrected (7) or void (8) version needs nothing here.
Lines are revenue-code lines (`ClaimLine.revenue_code`, HCPCS optional, no diagnosis pointers).

Every value is checked as it is built (`nubc`): a bad bill type, admission type/source, patient status,
POA indicator, hour or code shape raises `RevcycleError(VALIDATION)` naming it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from revcycle.claims import nubc
from revcycle.claims.parties import ClaimProvider
from revcycle.kernel.errors import ErrorCode, RevcycleError

MAX_INSTITUTIONAL_DIAGNOSES = 25  # principal + 24 others (two HI*ABF segments)
MAX_PROCEDURES = 25  # principal + 24 others
MAX_INSTITUTIONAL_LINES = 999  # 837I loop 2400 repeat
MAX_REASONS_FOR_VISIT = 3
INPATIENT_CLASSIFICATIONS = frozenset({"1", "2"})
OUTPATIENT_CLASSIFICATION = "3"


@dataclass(frozen=True, slots=True)
class PcsProcedure:
    """An ICD-10-PCS procedure (FL 74, HI*BBR principal / BBQ other) with the day it was performed."""

    code: str  # 7 characters, no dot
    performed_on: date

    def __post_init__(self) -> None:
        _require(len(self.code) == 7 and self.code.isalnum() and self.code == self.code.upper(),
                 f"ICD-10-PCS code {self.code!r} must be 7 upper-case letters or digits")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Occurrence:
    """An occurrence code and its date (FL 31-34, HI*BH)."""

    code: str
    on: date

    def __post_init__(self) -> None:
        nubc.check_two_characters(self.code, "occurrence code")


@dataclass(frozen=True, slots=True)
class OccurrenceSpan:
    """An occurrence span code with its first and last day (FL 35-36, HI*BI)."""

    code: str
    start: date
    end: date

    def __post_init__(self) -> None:
        nubc.check_two_characters(self.code, "occurrence span code")
        _require(self.start <= self.end, f"occurrence span {self.code}: {self.start} is after {self.end}")


@dataclass(frozen=True, slots=True)
class ValueAmount:
    """A value code and its amount in cents (FL 39-41, HI*BE)."""

    code: str
    amount_cents: int

    def __post_init__(self) -> None:
        nubc.check_two_characters(self.code, "value code")
        _require(
            isinstance(self.amount_cents, int), f"value code {self.code}: the amount must be integer cents"
        )


@dataclass(frozen=True, slots=True)
class InstitutionalDetails:
    bill_type: str  # type of bill digits 2-3: facility type + classification (11 inpatient, 13 outpatient)
    statement_from: date  # FL 6, DTP*434
    statement_to: date
    patient_status: str  # FL 17, CL103 (discharge status; 30 still patient)
    admission_date: date | None = None  # FL 12, DTP*435 (inpatient)
    admission_hour: int | None = None  # FL 13 (0-23)
    discharge_hour: int | None = None  # FL 16, DTP*096
    admission_type: str = ""  # FL 14, CL101
    admission_source: str = ""  # FL 15, CL102 (point of origin)
    present_on_admission: tuple[str, ...] = ()  # one per Claim.diagnoses: Y N U W 1, "" not reported
    admitting_diagnosis: str = ""  # FL 69, HI*ABJ (inpatient)
    reasons_for_visit: tuple[str, ...] = ()  # FL 70a-c, HI*APR (outpatient, unscheduled)
    procedures: tuple[PcsProcedure, ...] = ()  # principal first (FL 74, 74a-e)
    condition_codes: tuple[str, ...] = ()  # FL 18-28, HI*BG
    occurrences: tuple[Occurrence, ...] = ()
    occurrence_spans: tuple[OccurrenceSpan, ...] = ()
    value_amounts: tuple[ValueAmount, ...] = ()
    drg: str = ""  # MS-DRG when grouped (HI*DR, FL 71 PPS code)
    attending: ClaimProvider | None = None  # FL 76, 2310A
    operating: ClaimProvider | None = None  # FL 77, 2310B
    other_operating: ClaimProvider | None = None  # FL 78, 2310C
    medical_record_number: str = ""  # FL 3b, REF*EA

    def __post_init__(self) -> None:
        _require(
            len(self.bill_type) == 2,
            f"bill type {self.bill_type!r}: the facility type and classification digits (e.g. 11)",
        )
        nubc.check_type_of_bill(f"0{self.bill_type}1")
        _require(self.statement_from <= self.statement_to,
                 f"statement period {self.statement_from} to {self.statement_to}: the first day is after the last")  # fmt: skip
        nubc.check_code(self.patient_status, nubc.PATIENT_STATUSES, "patient status")
        nubc.check_code(self.admission_type, nubc.ADMISSION_TYPES, "admission type")
        nubc.check_code(self.admission_source, nubc.ADMISSION_SOURCES, "point of origin (admission source)")
        nubc.check_hour(self.admission_hour, "admission hour")
        nubc.check_hour(self.discharge_hour, "discharge hour")
        for indicator in self.present_on_admission:
            nubc.check_poa(indicator, "a diagnosis")
        for code in self.condition_codes:
            nubc.check_two_characters(code, "condition code")
        _require(len(self.procedures) <= MAX_PROCEDURES, f"at most {MAX_PROCEDURES} ICD-10-PCS procedures")
        _require(len(self.reasons_for_visit) <= MAX_REASONS_FOR_VISIT,
                 f"at most {MAX_REASONS_FOR_VISIT} reasons for visit")  # fmt: skip
        _require(
            not self.drg or (len(self.drg) == 3 and self.drg.isdecimal()), f"DRG {self.drg!r} must be 3 digits"
        )

    @property
    def facility_type(self) -> str:
        return self.bill_type[0]

    @property
    def classification(self) -> str:
        return self.bill_type[1]

    @property
    def is_inpatient(self) -> bool:
        """An inpatient bill (classification 1 or 2 of a hospital, SNF, religious nonmedical or ICF)."""
        return self.facility_type in "12346" and self.classification in INPATIENT_CLASSIFICATIONS

    @property
    def is_outpatient(self) -> bool:
        return self.facility_type in "12346" and self.classification == OUTPATIENT_CLASSIFICATION

    @property
    def requires_poa(self) -> bool:
        """POA indicators are required on inpatient acute hospital bills (011x)."""
        return self.bill_type == "11"

    def type_of_bill(self, frequency: str) -> str:
        return f"0{self.bill_type}{frequency}"

    def poa_of(self, position: int) -> str:
        """The POA indicator of the diagnosis at 0-based `position` ("" when none was given)."""
        return self.present_on_admission[position] if position < len(self.present_on_admission) else ""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise RevcycleError(ErrorCode.VALIDATION, message)
