"""Typed 835 (005010X221A1) models: what a payer paid, per claim and per service line, and why.

Amounts are `Decimal` exactly as written (x12 is money-agnostic; `edi/` converts to cents).
Codes stay X12 codes (CLP02 status, CAS group/reason, LQ remark codes); names say what they hold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(slots=True)
class Adjustment:
    """One CAS triple: group (CO, PR, OA, PI, CR), reason (CARC), amount, optional quantity."""

    group: str
    reason: str
    amount: Decimal
    quantity: Decimal | None = None


@dataclass(slots=True)
class Name:
    """An NM1 (or N1) entity: NM101 entity code, NM102 type (1 person, 2 organisation)."""

    entity: str
    entity_type: str = ""
    last_or_organization: str = ""
    first: str = ""
    middle: str = ""
    suffix: str = ""
    id_qualifier: str = ""
    id: str = ""


@dataclass(slots=True)
class Contact:
    """PER: function (CX claims, BL technical, IC web) and up to three (qualifier, number) pairs."""

    function: str
    name: str = ""
    numbers: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class Party:
    """Loop 1000A payer / 1000B payee: N1, N3, N4, REF, PER (payer) or RDM (payee)."""

    name: Name
    address: list[str] = field(default_factory=list)
    city: str = ""
    state: str = ""
    postal_code: str = ""
    country: str = ""
    references: list[tuple[str, str]] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    delivery: list[str] = field(default_factory=list)  # RDM elements, as written


@dataclass(slots=True)
class Procedure:
    """An SVC composite: qualifier (HC, AD, ER, IV, N4, NU, WK), code, up to four modifiers."""

    qualifier: str
    code: str
    modifiers: list[str] = field(default_factory=list)
    description: str = ""


@dataclass(slots=True)
class Adjudication:
    """MIA (inpatient) or MOA (outpatient): amounts/quantities by element position, remark codes."""

    segment_id: str
    values: dict[int, Decimal] = field(default_factory=dict)
    remark_codes: dict[int, str] = field(default_factory=dict)


@dataclass(slots=True)
class ServiceLine:
    """Loop 2110 (SVC): adjudicated procedure, charge and payment, dates, CAS, REF, AMT, QTY, LQ."""

    procedure: Procedure
    charge: Decimal
    paid: Decimal
    revenue_code: str = ""
    units_paid: Decimal | None = None
    submitted_procedure: Procedure | None = None
    units_billed: Decimal | None = None
    dates: list[tuple[str, dt.date | None]] = field(default_factory=list)  # (DTM01 150/151/472, date)
    adjustments: list[Adjustment] = field(default_factory=list)
    references: list[tuple[str, str]] = field(default_factory=list)
    amounts: list[tuple[str, Decimal]] = field(default_factory=list)  # AMT: B6 allowed, KH late filing, …
    quantities: list[tuple[str, Decimal]] = field(default_factory=list)
    remarks: list[tuple[str, str]] = field(default_factory=list)  # LQ: (HE RARC | RX NCPDP, code)

    @property
    def control_number(self) -> str:
        """REF*6R: the line item control number the 837 sent (2400 REF*6R)."""
        return next((value for qualifier, value in self.references if qualifier == "6R"), "")

    @property
    def service_date(self) -> dt.date | None:
        return next((value for qualifier, value in self.dates if qualifier in ("472", "150")), None)

    @property
    def allowed(self) -> Decimal | None:
        return next((value for qualifier, value in self.amounts if qualifier == "B6"), None)


@dataclass(slots=True)
class ClaimPayment:
    """Loop 2100 (CLP): the payer's decision on one claim."""

    claim_id: str  # CLP01: the patient control number the 837 sent in CLM01
    status: str  # CLP02: 1 primary, 2 secondary, 3 tertiary, 4 denied, 19-23 forwarded/reversal, 22 reversal
    charge: Decimal
    paid: Decimal
    patient_responsibility: Decimal | None = None
    filing_indicator: str = ""  # CLP06
    payer_claim_number: str = ""  # CLP07
    facility_type: str = ""  # CLP08
    frequency: str = ""  # CLP09
    drg: str = ""  # CLP11
    drg_weight: Decimal | None = None  # CLP12
    discharge_fraction: Decimal | None = None  # CLP13
    header_number: str = ""  # LX01 of the 2000 loop holding the claim
    adjustments: list[Adjustment] = field(default_factory=list)
    names: list[Name] = field(default_factory=list)  # NM1 QC, IL, 74, 82, TT, PR, GB
    adjudications: list[Adjudication] = field(default_factory=list)  # MIA, MOA
    references: list[tuple[str, str]] = field(default_factory=list)
    dates: list[tuple[str, dt.date | None]] = field(default_factory=list)  # DTM 232/233/036/050
    contacts: list[Contact] = field(default_factory=list)
    amounts: list[tuple[str, Decimal]] = field(default_factory=list)
    quantities: list[tuple[str, Decimal]] = field(default_factory=list)
    service_lines: list[ServiceLine] = field(default_factory=list)

    def name(self, entity: str) -> Name | None:
        return next((name for name in self.names if name.entity == entity), None)

    @property
    def patient(self) -> Name | None:
        return self.name("QC")

    @property
    def is_reversal(self) -> bool:
        return self.status == "22"


@dataclass(slots=True)
class ProviderAdjustment:
    """One PLB adjustment: provider id, fiscal period end, reason (WO, L6, FB, …), reference, amount."""

    provider_id: str
    fiscal_period_end: dt.date | None
    reason: str
    reference: str
    amount: Decimal


@dataclass(slots=True)
class Remittance:
    """One 835 transaction set."""

    control_number: str  # ST02
    handling: str  # BPR01: I remittance+payment, H notification only, …
    total_paid: Decimal  # BPR02
    credit_debit: str = "C"
    payment_method: str = ""  # BPR04: ACH, CHK, NON, BOP, FWT
    payment_format: str = ""
    bank: list[str] = field(default_factory=list)  # BPR06-BPR15 as written (DFI and account ids)
    payment_date: dt.date | None = None  # BPR16
    trace_type: str = ""  # TRN01
    trace_number: str = ""  # TRN02: check or EFT number
    trace_payer_id: str = ""  # TRN03
    trace_payer_supplemental: str = ""  # TRN04
    currency: list[str] = field(default_factory=list)  # CUR elements
    references: list[tuple[str, str]] = field(default_factory=list)  # REF*EV receiver, REF*F2 version
    production_date: dt.date | None = None  # DTM*405
    payer: Party | None = None
    payee: Party | None = None
    claims: list[ClaimPayment] = field(default_factory=list)
    summaries: dict[str, list[list[str]]] = field(default_factory=dict)  # LX01 -> TS3/TS2 as written
    provider_adjustments: list[ProviderAdjustment] = field(default_factory=list)

    @property
    def total_claim_paid(self) -> Decimal:
        return sum((claim.paid for claim in self.claims), Decimal(0))

    @property
    def total_provider_adjustments(self) -> Decimal:
        return sum((adjustment.amount for adjustment in self.provider_adjustments), Decimal(0))
