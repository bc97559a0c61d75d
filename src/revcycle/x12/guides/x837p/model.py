"""Typed 837P (005010X222A1) models: who bills, who is covered, what was done and what it costs.

Every NM1-led loop (submitter, receiver, billing/pay-to provider, subscriber, payer, patient,
2310x/2330x/2420x providers) is a `Party`. Segments a model does not name are kept in `extra`
(element lists) and written back in guide order, so reading and writing loses nothing the
guide allows. Amounts are `Decimal`; dates `datetime.date`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from revcycle.x12.guides.x835.model import Adjustment  # a CAS triple, as the 835 reads it

Segment = list[str | tuple[str, ...]]  # a segment kept as written; composites as tuples


@dataclass(slots=True)
class Name:
    """NM1: entity code (41 submitter, 85 billing, IL subscriber, PR payer, QC patient, 82 rendering…)."""

    entity: str
    entity_type: str = "2"  # 1 person, 2 non-person
    last_or_organization: str = ""
    first: str = ""
    middle: str = ""
    suffix: str = ""
    id_qualifier: str = ""  # XX NPI, PI payer id, MI member id, 46 ETIN, 24 EIN…
    id: str = ""


@dataclass(slots=True)
class Address:
    lines: list[str]
    city: str
    state: str = ""
    postal_code: str = ""
    country: str = ""


@dataclass(slots=True)
class Party:
    name: Name
    address: Address | None = None
    references: list[tuple[str, str]] = field(default_factory=list)  # REF: (EI tax id, SY SSN, G2…, value)
    contacts: list[list[str]] = field(default_factory=list)  # PER elements after PER01… as written
    taxonomy: str = ""  # PRV03 (PRV01 provider code is `provider_code`)
    provider_code: str = ""  # PRV01: BI billing, PE performing, RF referring…
    birth_date: dt.date | None = None  # DMG02
    gender: str = ""  # DMG03: F, M, U
    extra: list[Segment] = field(default_factory=list)

    def reference(self, qualifier: str) -> str:
        return next((value for q, value in self.references if q == qualifier), "")


@dataclass(slots=True)
class LineAdjudication:
    """Loop 2430: what an earlier payer did with this line (COB)."""

    payer_id: str  # SVD01, matches a 2330B NM109
    paid: Decimal  # SVD02
    procedure: list[str]  # SVD03 components: qualifier, code, modifiers…
    paid_units: Decimal  # SVD05
    bundled_line: str = ""  # SVD06
    adjustments: list[Adjustment] = field(default_factory=list)
    paid_date: dt.date | None = None  # DTP*573
    remaining_patient_liability: Decimal | None = None  # AMT*EAF


@dataclass(slots=True)
class ServiceLine:
    """Loop 2400: LX, SV1, DTP*472, REF*6R, providers 2420x, adjudication 2430."""

    qualifier: str  # SV101-1: HC (HCPCS/CPT), WK, ER, IV
    procedure: str  # SV101-2
    charge: Decimal  # SV102
    units: Decimal  # SV104
    unit_basis: str = "UN"  # SV103: UN unit, MJ minutes
    modifiers: list[str] = field(default_factory=list)  # SV101-3..6
    description: str = ""  # SV101-7
    place_of_service: str = ""  # SV105 (when it differs from CLM05-1)
    diagnosis_pointers: list[int] = field(default_factory=list)  # SV107: 1-based into the claim's diagnoses
    emergency: str = ""  # SV109 Y
    epsdt: str = ""  # SV111 Y
    family_planning: str = ""  # SV112 Y
    copay_exempt: str = ""  # SV115 0
    service_date: dt.date | None = None  # DTP*472 D8, or the first day of RD8
    service_end: dt.date | None = None  # last day of RD8 (== service_date for D8)
    line_number: str = ""  # LX01 as read (written 1..n)
    references: list[tuple[str, str]] = field(default_factory=list)  # REF*6R line control number, 9B, G1…
    providers: list[Party] = field(default_factory=list)  # 2420A-H
    adjudications: list[LineAdjudication] = field(default_factory=list)  # 2430
    drug: list[Segment] = field(default_factory=list)  # 2410 LIN/CTP/REF and 2440 LQ/FRM as written
    extra: list[Segment] = field(default_factory=list)

    @property
    def control_number(self) -> str:
        return next((value for q, value in self.references if q == "6R"), "")


@dataclass(slots=True)
class OtherPayer:
    """Loop 2320 (+2330A-G): another payer's coverage and, for secondary claims, what it paid."""

    responsibility: str  # SBR01: P primary, S secondary, T tertiary…
    relationship: str  # SBR02: 18 self, 01 spouse, 19 child, G8 other
    group_number: str = ""
    group_name: str = ""
    insurance_type: str = ""  # SBR05
    filing_indicator: str = ""  # SBR09: MB, MC, CI, BL…
    adjustments: list[Adjustment] = field(default_factory=list)  # CAS
    paid: Decimal | None = None  # AMT*D
    remaining_patient_liability: Decimal | None = None  # AMT*EAF
    non_covered: Decimal | None = None  # AMT*A8
    benefits_assigned: str = "Y"  # OI03
    release_of_information: str = "Y"  # OI06
    subscriber: Party | None = None  # 2330A
    payer: Party | None = None  # 2330B
    providers: list[Party] = field(default_factory=list)  # 2330C-G
    extra: list[Segment] = field(default_factory=list)  # MOA, OI04 as written…


@dataclass(slots=True)
class Claim:
    """Loop 2300: CLM, dates, references, HI diagnoses, providers, other payers, lines."""

    claim_id: str  # CLM01: patient control number, returns in 835 CLP01
    charge: Decimal  # CLM02
    place_of_service: str  # CLM05-1
    frequency: str = "1"  # CLM05-3: 1 original, 7 replacement, 8 void
    provider_signature: str = "Y"  # CLM06
    assignment: str = "A"  # CLM07: A assigned, B lab only, C not assigned
    benefits_assigned: str = "Y"  # CLM08
    release_of_information: str = "Y"  # CLM09: Y, I
    related_causes: list[str] = field(default_factory=list)  # CLM11: AA auto, EM employment, OA other
    accident_state: str = ""  # CLM11-4
    delay_reason: str = ""  # CLM20
    diagnoses: list[str] = field(default_factory=list)  # ICD-10-CM without the dot; first is principal
    diagnosis_qualifiers: list[str] = field(default_factory=list)  # ABK/ABF (BK/BF for ICD-9) per code
    dates: list[tuple[str, str, str]] = field(default_factory=list)  # DTP: (qualifier, format D8/RD8, value)
    references: list[tuple[str, str]] = field(
        default_factory=list
    )  # REF: F8 original ref, G1 prior auth, D9…
    notes: list[tuple[str, str]] = field(default_factory=list)  # NTE: (ADD, text)
    providers: list[Party] = field(default_factory=list)  # 2310A-F
    other_payers: list[OtherPayer] = field(default_factory=list)  # 2320
    service_lines: list[ServiceLine] = field(default_factory=list)
    extra: list[Segment] = field(default_factory=list)

    def provider(self, entity: str) -> Party | None:
        return next((party for party in self.providers if party.name.entity == entity), None)


@dataclass(slots=True)
class Patient:
    """Loop 2000C/2010CA: a patient who is not the subscriber."""

    relationship: (
        str  # PAT01: 01 spouse, 19 child, 20 employee, 21 unknown, 39 organ donor, 53 life partner, G8 other
    )
    party: Party
    claims: list[Claim] = field(default_factory=list)
    details: list[str] = field(default_factory=list)  # PAT02-PAT09 (death date, weight, pregnancy) as written


@dataclass(slots=True)
class Subscriber:
    """Loop 2000B: SBR, the subscriber (2010BA), the payer (2010BB), claims for the subscriber."""

    responsibility: str  # SBR01
    party: Party
    payer: Party
    relationship: str = "18"  # SBR02 (18 self when the subscriber is the patient; else empty)
    group_number: str = ""  # SBR03
    group_name: str = ""  # SBR04
    insurance_type: str = ""  # SBR05 (Medicare secondary payer type)
    filing_indicator: str = "CI"  # SBR09
    claims: list[Claim] = field(default_factory=list)
    patients: list[Patient] = field(default_factory=list)
    extra: list[Segment] = field(default_factory=list)  # PAT in 2000B…


@dataclass(slots=True)
class BillingProvider:
    """Loop 2000A: the billing provider (2010AA), pay-to address (2010AB), pay-to plan (2010AC)."""

    party: Party
    pay_to: Party | None = None
    pay_to_plan: Party | None = None
    subscribers: list[Subscriber] = field(default_factory=list)
    taxonomy: str = ""  # PRV*BI*PXC*taxonomy in 2000A
    currency: str = ""  # CUR02
    extra: list[Segment] = field(default_factory=list)


@dataclass(slots=True)
class ClaimBatch:
    """One 837P transaction set."""

    control_number: str  # ST02
    reference: str  # BHT03: the submitter's batch id
    created: dt.date  # BHT04
    time: str  # BHT05 HHMM[SS]
    submitter: Party
    receiver: Party
    billing_providers: list[BillingProvider] = field(default_factory=list)
    purpose: str = "00"  # BHT02: 00 original, 18 reissue
    claim_or_encounter: str = "CH"  # BHT06: CH chargeable, RP reporting (encounters)

    @property
    def claims(self) -> list[Claim]:
        found = []
        for provider in self.billing_providers:
            for subscriber in provider.subscribers:
                found += subscriber.claims
                for patient in subscriber.patients:
                    found += patient.claims
        return found
