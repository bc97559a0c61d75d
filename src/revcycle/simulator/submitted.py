"""The payer's input: a claim as the payer received it (from an 837P via `simulator.intake`, from an 837I
via `simulator.intake_837i`: then with its `stay`, the facility facts the payer prices by).

The payer engine depends on this model only, never on X12. Money is integer cents.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class SubmittedLine:
    line_number: int
    procedure_code: str
    charge_cents: int
    service_date: date
    units: int = 1
    modifiers: tuple[str, ...] = ()
    diagnosis_pointers: tuple[int, ...] = (1,)
    control_number: str = ""  # line item control number (REF*6R)
    place_of_service: str = ""
    prior_paid_cents: int = 0  # COB: what the earlier payer paid on this line (2430 SVD02)
    prior_patient_responsibility_cents: int = 0  # COB: what it left to the patient (2430 CAS PR)
    revenue_code: str = ""  # a facility line's NUBC revenue code (SV201); procedure_code "" when none
    non_covered_cents: int = 0  # SV207


@dataclass(frozen=True, slots=True)
class SubmittedStay:
    """What an 837I says of the facility claim beyond its lines (2300 CLM05, DTP*434/435, CL1, HI)."""

    bill_type: str  # type of bill digits 2-3: 11 inpatient hospital, 13 outpatient hospital
    statement_from: date
    statement_to: date
    patient_status: str  # CL103, "01" home
    diagnoses_poa: tuple[tuple[str, str], ...]  # (ICD-10-CM without the dot, POA), principal first
    procedures: tuple[str, ...] = ()  # ICD-10-PCS, principal first (HI BBR/BBQ)
    drg: str = ""  # HI*DR: the DRG the hospital grouped, "" when not sent
    admission_date: date | None = None
    patient_age: int = 0  # on the admission date (from the patient's DMG birth date)
    patient_sex: str = "U"

    @property
    def is_inpatient(self) -> bool:
        return self.bill_type[1:2] in ("1", "2")

    @property
    def covered_days(self) -> int:
        """Days from admission to discharge (the discharge day not counted), at least 1."""
        return max(((self.statement_to - (self.admission_date or self.statement_from)).days), 1)


@dataclass(frozen=True, slots=True)
class PriorPayment:
    """What an earlier payer did with the claim (COB), for a secondary claim."""

    payer_id: str
    paid_cents: int
    patient_responsibility_cents: int  # what the earlier payer left to the patient (PR)


@dataclass(frozen=True, slots=True)
class SubmittedClaim:
    claim_id: str  # patient control number (CLM01); comes back in CLP01
    payer_id: str  # the payer's id as the claim addressed it (2010BB NM109)
    member_id: str  # subscriber's member id (2010BA NM109)
    charge_cents: int
    received_on: date  # when the payer received it (timely filing counts to this day)
    lines: tuple[SubmittedLine, ...]
    diagnoses: tuple[str, ...] = ()  # ICD-10-CM without the dot, principal first
    patient_last_name: str = ""
    patient_first_name: str = ""
    billing_npi: str = ""
    billing_name: str = ""
    billing_tin: str = ""
    frequency: str = "1"  # 1 original, 7 replacement, 8 void
    original_payer_claim_number: str = ""  # REF*F8 on a replacement or void
    prior_authorization: str = ""  # REF*G1
    responsibility: str = "P"  # SBR01: P primary, S secondary, T tertiary
    filing_indicator: str = "CI"
    place_of_service: str = "11"
    prior_payments: tuple[PriorPayment, ...] = field(default=())
    stay: SubmittedStay | None = None  # a facility claim (837I); None for a professional claim

    @property
    def first_service_date(self) -> date:
        return min(line.service_date for line in self.lines)
