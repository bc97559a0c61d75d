"""The Claim aggregate: one bill to one payer for one rendering provider, built from a coded encounter.

Invariants
- A claim is immutable (frozen); every change (a status, a correction) produces a new value.
- Money is integer cents; a line's `charge_cents` is the line total (unit price x units).
- `diagnoses` holds up to 12 ICD-10-CM codes, first-listed first; a line points at 1..4 of them
  (1-based, as on the CMS-1500 box 24E and the 837P SV107).
- Corrected (frequency 7) and void (8) claims are NEW claims whose `original_claim_id` names the
  claim they replace and whose `payer_claim_control_number` is the payer's number for it.
- A secondary (tertiary) claim has `payer_responsibility` S (T) and `prior_payers` naming the earlier
  claim (`PriorPayer.claim_id`) and its adjudication; its charges are the earlier claim's (not re-posted).
The structural limits are enforced where a claim is built (`claims.build`); the scrubber reports
everything else as findings, so a claim read back from storage with bad data can still be scrubbed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from revcycle.claims.institutional_model import InstitutionalDetails
from revcycle.claims.parties import (
    ClaimFacility,
    ClaimPayer,
    ClaimPerson,
    ClaimProvider,
    ClaimSubscriber,
    OtherCoverage,
)
from revcycle.claims.prior_payers import PriorPayer
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice import Relationship
from revcycle.practice.charges import DrugIdentification

MAX_DIAGNOSES = 12
MAX_POINTERS_PER_LINE = 4
MAX_MODIFIERS_PER_LINE = 4
MAX_LINES_PER_CLAIM = 50  # 837P loop 2400 repeat


class ClaimStatus(StrEnum):
    DRAFT = "draft"
    SCRUBBED = "scrubbed"
    READY = "ready"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"  # by the clearinghouse / payer front end (999/277CA)
    REJECTED = "rejected"  # by the clearinghouse: never reached adjudication
    PAID = "paid"
    PARTIALLY_PAID = "partially_paid"
    DENIED = "denied"
    APPEALED = "appealed"
    CORRECTED = "corrected"  # replaced by a frequency-7 claim
    VOIDED = "voided"  # cancelled by a frequency-8 claim
    CLOSED = "closed"


class Frequency(StrEnum):
    """Claim frequency type code (CLM05-3, box 22; the type of bill's last digit on an institutional claim).
    A professional claim is 1, 7 or 8; interim (2-4), late-charge (5) and zero-pay (0) bills are institutional."""

    NON_PAYMENT = "0"
    ORIGINAL = "1"
    INTERIM_FIRST = "2"
    INTERIM_CONTINUING = "3"
    INTERIM_LAST = "4"
    LATE_CHARGES = "5"
    CORRECTED = "7"
    VOID = "8"


class ClaimKind(StrEnum):
    """A professional claim (837P, CMS-1500) or an institutional, facility claim (837I, UB-04)."""

    PROFESSIONAL = "professional"
    INSTITUTIONAL = "institutional"


@dataclass(frozen=True, slots=True)
class StatusChange:
    status: ClaimStatus
    at: datetime
    note: str = ""


@dataclass(frozen=True, slots=True)
class ClaimLine:
    """One service line (loop 2400, box 24)."""

    line_number: int
    procedure_code: str
    charge_cents: int
    service_date: date
    units: int = 1
    modifiers: tuple[str, ...] = ()
    diagnosis_pointers: tuple[int, ...] = (1,)
    service_date_to: date | None = None
    place_of_service: str = ""  # empty: the claim's place of service
    charge_source: str = "encounter"  # fee_schedule | encounter
    service_line_id: int | None = None  # the encounter's service line (ledger and remittance matching)
    id: int | None = None  # its stored row (`claim_lines`), once the claim is stored
    drug: DrugIdentification | None = None  # the NDC billed (837P 2410 LIN*N4 / CTP; CMS-1500 24 shaded)
    revenue_code: str = ""  # institutional lines: NUBC revenue code (SV201, UB-04 FL 42); "" on professional
    non_covered_cents: int = 0  # institutional lines: the non-covered part of the charge (SV207, FL 48)

    @property
    def last_service_date(self) -> date:
        return self.service_date_to or self.service_date


@dataclass(frozen=True, slots=True)
class Claim:
    claim_id: str  # patient control number (CLM01, box 26)
    billing: ClaimProvider
    subscriber: ClaimSubscriber
    patient: ClaimPerson
    relationship: Relationship  # the patient's relationship to the subscriber
    payer: ClaimPayer
    place_of_service: str
    diagnoses: tuple[str, ...]
    lines: tuple[ClaimLine, ...]
    rendering: ClaimProvider | None = None  # None: the billing provider renders
    referring: ClaimProvider | None = None
    facility: ClaimFacility | None = None
    encounter_id: int | None = None
    payer_responsibility: str = "P"  # P primary, S secondary, T tertiary (the coverage's order)
    prior_authorization: str = ""
    referral_number: str = ""
    accept_assignment: bool = True  # box 27, CLM07 = A
    benefits_assigned: bool = True  # box 13, CLM08 = Y
    signature_on_file: bool = True  # boxes 12/31, CLM09 = Y
    frequency: Frequency = Frequency.ORIGINAL
    original_claim_id: str | None = None
    payer_claim_control_number: str = ""
    version: int = 1
    prior_payers: tuple[PriorPayer, ...] = ()  # COB: what earlier payers did (a secondary claim's 2320/2430)
    other_coverages: tuple[OtherCoverage, ...] = ()  # plans not billed here (a primary's secondary): 2320, box 9
    status: ClaimStatus = ClaimStatus.DRAFT
    history: tuple[StatusChange, ...] = field(default=())
    id: int | None = None
    kind: ClaimKind = ClaimKind.PROFESSIONAL
    institutional: InstitutionalDetails | None = None  # set exactly when kind is institutional

    def __post_init__(self) -> None:
        if (self.kind is ClaimKind.INSTITUTIONAL) != (self.institutional is not None):
            raise RevcycleError(ErrorCode.VALIDATION,
                                f"claim {self.claim_id}: an institutional claim (and only one) has institutional details")  # fmt: skip

    @property
    def is_institutional(self) -> bool:
        return self.kind is ClaimKind.INSTITUTIONAL

    @property
    def type_of_bill(self) -> str:
        """UB-04 FL 4 (e.g. 0111, 0137); "" on a professional claim."""
        return self.institutional.type_of_bill(self.frequency.value) if self.institutional else ""

    @property
    def total_charge_cents(self) -> int:
        return sum(line.charge_cents for line in self.lines)

    @property
    def first_service_date(self) -> date:
        return min(line.service_date for line in self.lines)

    @property
    def last_service_date(self) -> date:
        return max(line.last_service_date for line in self.lines)

    @property
    def claim_filing_indicator(self) -> str:
        return self.payer.claim_filing_indicator

    @property
    def rendering_or_billing(self) -> ClaimProvider:
        return self.rendering or self.billing

    def line_place_of_service(self, line: ClaimLine) -> str:
        return line.place_of_service or self.place_of_service

    def line_control_number(self, line: ClaimLine) -> str:
        """The line item control number sent in REF*6R and echoed by the payer in its 835, so a payment
        finds its line: `<claim number>-<line number>`."""
        return f"{self.claim_id}-{line.line_number}"
