"""The remittance advice as the domain sees it: what a payer decided and paid, in integer cents.

The payer engine produces it; `edi.remit_835` writes it as an 835 and reads any 835 back into it;
`services.remittances` posts it. X12 names stay in `edi/`: here a claim payment has a `status`
(the CLP02 code list: 1 processed as primary, 2 secondary, 3 tertiary, 4 denied, 22 reversal),
adjustments carry a group (CO contractual, PR patient responsibility, OA other, PI payer initiated,
CR correction) and a CARC, and remarks are RARCs.

Invariants (checked by `problems()`, never assumed):
- a service line: charge = paid + sum of its adjustments;
- a claim: charge = paid + sum of claim-level and line adjustments (when it has lines);
- the remittance: total paid = sum of claim payments - sum of provider-level adjustments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from revcycle.kernel.money import Money

PATIENT_RESPONSIBILITY = "PR"
CONTRACTUAL = "CO"
REVERSAL_STATUS = "22"
DENIED_STATUS = "4"
REVENUE_CODE_QUALIFIER = "NU"  # a facility line billed by revenue code alone (SVC01 NU:0120)


@dataclass(frozen=True, slots=True)
class Adjustment:
    group: str  # CO, PR, OA, PI, CR
    reason: str  # CARC
    amount_cents: int
    quantity: int | None = None


@dataclass(frozen=True, slots=True)
class ServicePayment:
    procedure_code: str
    charge_cents: int
    paid_cents: int
    modifiers: tuple[str, ...] = ()
    qualifier: str = "HC"
    units: int = 1
    service_date: date | None = None
    control_number: str = ""  # the line item control number the claim sent (REF*6R), "" when absent
    adjustments: tuple[Adjustment, ...] = ()
    remarks: tuple[str, ...] = ()  # RARCs
    allowed_cents: int | None = None
    submitted_code: str = ""  # when the payer changed the code: what was billed
    submitted_modifiers: tuple[str, ...] = ()
    revenue_code: str = ""  # a facility line's NUBC revenue code (SVC04, or the code itself when NU)

    @property
    def is_revenue_code_only(self) -> bool:
        return self.qualifier == REVENUE_CODE_QUALIFIER

    @property
    def adjusted_cents(self) -> int:
        return sum(adjustment.amount_cents for adjustment in self.adjustments)

    def responsibility_cents(self, group: str = PATIENT_RESPONSIBILITY) -> int:
        return sum(a.amount_cents for a in self.adjustments if a.group == group)


@dataclass(frozen=True, slots=True)
class FacilityAdjudication:
    """How a facility claim was adjudicated: MIA for an inpatient stay, MOA for outpatient (its remarks are
    the claim's `remarks`)."""

    inpatient: bool
    covered_days: int = 0  # MIA01 (inpatient)
    drg_amount_cents: int = 0  # MIA04: the DRG payment before the outlier
    outlier_cents: int = 0  # MIA02: PPS operating outlier amount
    reimbursement_rate: Decimal | None = None  # MOA01: the percent of charges paid, as a fraction (0.60)
    hcpcs_payable_cents: int | None = None  # MOA02: what the HCPCS-priced lines allowed


@dataclass(frozen=True, slots=True)
class ClaimPayment:
    claim_id: str  # the patient control number the claim was sent with
    status: str
    charge_cents: int
    paid_cents: int
    patient_responsibility_cents: int | None = None
    filing_indicator: str = ""
    payer_claim_number: str = ""
    frequency: str = ""
    patient_last_name: str = ""
    patient_first_name: str = ""
    member_id: str = ""
    adjustments: tuple[Adjustment, ...] = ()  # claim-level
    lines: tuple[ServicePayment, ...] = ()
    interest_cents: int = 0  # prompt-pay interest included in paid_cents
    remarks: tuple[str, ...] = ()  # claim-level RARCs (MOA, or MIA for an inpatient stay)
    received_date: date | None = None
    facility_type: str = "11"  # CLP08: a facility claim's bill type digits 2-3 (11, 13); professional: 11
    drg: str = ""  # CLP11: the DRG the payer paid
    drg_weight: Decimal | None = None  # CLP12
    facility: FacilityAdjudication | None = None  # MIA / MOA

    @property
    def is_reversal(self) -> bool:
        return self.status == REVERSAL_STATUS

    @property
    def is_denied(self) -> bool:
        return self.status == DENIED_STATUS

    @property
    def adjusted_cents(self) -> int:
        claim_level = sum(adjustment.amount_cents for adjustment in self.adjustments)
        return claim_level + sum(line.adjusted_cents for line in self.lines)

    def problems(self) -> list[str]:
        found = [
            f"line {number} ({line.procedure_code}): charge {Money(line.charge_cents)} != paid {Money(line.paid_cents)}"
            f" + adjustments {Money(line.adjusted_cents)}"
            for number, line in enumerate(self.lines, start=1)
            if line.charge_cents != line.paid_cents + line.adjusted_cents
        ]
        if self.lines and self.charge_cents != self.paid_cents - self.interest_cents + self.adjusted_cents:
            found.append(
                f"claim charge {Money(self.charge_cents)} != paid {Money(self.paid_cents - self.interest_cents)}"
                f" + adjustments {Money(self.adjusted_cents)}"
            )
        return found


@dataclass(frozen=True, slots=True)
class ProviderAdjustment:
    provider_id: str
    reason: str  # PLB reason: WO overpayment recovery, L6 interest, FB forwarding balance, CS, …
    amount_cents: int  # positive withholds money from the payment, negative adds to it
    reference: str = ""
    period_end: date | None = None


@dataclass(frozen=True, slots=True)
class RemittanceAdvice:
    payer_name: str
    payer_id: str  # the payer's identifier (TRN03 / N1*PR id)
    payee_name: str
    payee_id: str  # the payee's NPI or TIN
    trace_number: str  # check or EFT number (TRN02)
    payment_date: date | None
    total_paid_cents: int
    payment_method: str = "ACH"  # ACH, CHK, NON
    control_number: str = "0001"
    claims: tuple[ClaimPayment, ...] = ()
    provider_adjustments: tuple[ProviderAdjustment, ...] = ()
    payee_id_qualifier: str = "XX"
    # TRN03, the payer's originating company id: part of the payment's identity (payment_identities), not
    # a fact of what the advice pays, so advices equal in every payment fact compare equal without it
    trace_originator: str = field(default="", compare=False)

    @property
    def claim_paid_cents(self) -> int:
        return sum(claim.paid_cents for claim in self.claims)

    @property
    def provider_adjusted_cents(self) -> int:
        return sum(adjustment.amount_cents for adjustment in self.provider_adjustments)

    @property
    def is_balanced(self) -> bool:
        """The payment equals the claim payments less the provider-level adjustments."""
        return self.total_paid_cents == self.claim_paid_cents - self.provider_adjusted_cents

    def balance_problem(self) -> str:
        if self.is_balanced:
            return ""
        expected = self.claim_paid_cents - self.provider_adjusted_cents
        return (
            f"total paid {Money(self.total_paid_cents)} != claim payments {Money(self.claim_paid_cents)}"
            f" - provider adjustments {Money(self.provider_adjusted_cents)} = {Money(expected)}"
        )
