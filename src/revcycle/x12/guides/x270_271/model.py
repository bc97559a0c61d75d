"""Typed 270/271 eligibility models (005010X279A1), loop by loop.

Hierarchy (both transactions): information source (2000A/2100A, the payer) > information
receiver (2000B/2100B, the provider asking) > subscriber (2000C/2100C) > dependent (2000D/2100D).
A 270 member carries inquiries (2110 EQ); a 271 member carries benefits (2110 EB) and, at any
level, AAA request-validation rejections. Amounts are `Decimal`, dates `datetime.date`, codes
stay X12 codes; segments kept "as written" are lists of element strings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from revcycle.x12.guides.parts import (
    Address,
    Contact,
    DatePeriod,
    Demographics,
    Entity,
    ProviderInfo,
    Reference,
    Rejection,
    Trace,
)
from revcycle.x12.guides.x835.model import Procedure


@dataclass(slots=True)
class RelatedEntity:
    """Loop 2120C/D (inside LS/LE): a benefit related entity — PCP, other payer, facility …"""

    entity: Entity
    address: Address | None = None
    contacts: list[Contact] = field(default_factory=list)
    provider: ProviderInfo | None = None


@dataclass(slots=True)
class Benefit:
    """Loop 2110C/D: one EB line and what qualifies it."""

    code: str  # EB01: 1 active, 6 inactive, A coinsurance, B copay, C deductible, G out-of-pocket, L PCP …
    coverage_level: str = ""  # EB02: IND, FAM, EMP, ESP …
    service_types: list[str] = field(default_factory=list)  # EB03 (repeating): 30 plan, 98 office visit …
    insurance_type: str = ""  # EB04: HM HMO, PR PPO, MB Medicare B …
    plan_description: str = ""  # EB05
    time_period: str = ""  # EB06: 22 service year, 23 calendar year, 29 remaining, 27 visit …
    amount: Decimal | None = None  # EB07: copay, deductible, out-of-pocket amounts
    percent: Decimal | None = None  # EB08: coinsurance as a fraction (0.2 = 20%)
    quantity_qualifier: str = ""  # EB09: VS visits, DY days …
    quantity: Decimal | None = None  # EB10
    authorization_required: str = ""  # EB11: Y, N, U
    in_network: str = ""  # EB12: Y in plan network, N out of network, W not applicable, U unknown
    procedure: Procedure | None = None  # EB13
    diagnosis_pointers: list[str] = field(default_factory=list)  # EB14: pointers to 2100C HI codes
    deliveries: list[list[str]] = field(default_factory=list)  # HSD elements as written
    references: list[Reference] = field(default_factory=list)
    dates: list[DatePeriod] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # MSG01
    additional_info: list[list[str]] = field(default_factory=list)  # 2115 III elements as written
    related_entities: list[RelatedEntity] = field(default_factory=list)  # 2120 inside LS/LE

    @property
    def is_in_network(self) -> bool | None:
        return {"Y": True, "N": False}.get(self.in_network)


@dataclass(slots=True)
class Inquiry:
    """Loop 2110C/D of a 270: EQ service types (repeating), procedure, coverage level; AMT, III, REF, DTP."""

    service_types: list[str] = field(default_factory=list)  # EQ01
    procedure: Procedure | None = None  # EQ02
    coverage_level: str = ""  # EQ03
    insurance_type: str = ""  # EQ04
    diagnosis_pointers: list[str] = field(default_factory=list)  # EQ05: pointers to 2100C HI codes
    amounts: list[tuple[str, Decimal]] = field(default_factory=list)  # AMT (R spend down, PB billed)
    additional_info: list[list[str]] = field(default_factory=list)  # III
    references: list[Reference] = field(default_factory=list)
    dates: list[DatePeriod] = field(default_factory=list)


@dataclass(slots=True)
class Member:
    """2000C/2100C subscriber or 2000D/2100D dependent."""

    entity: Entity
    traces: list[Trace] = field(default_factory=list)  # 2000C/D TRN
    references: list[Reference] = field(default_factory=list)
    address: Address | None = None
    contacts: list[Contact] = field(default_factory=list)  # 4010 layouts only
    rejections: list[Rejection] = field(default_factory=list)
    provider: ProviderInfo | None = None
    demographics: Demographics | None = None
    relationship: list[str] = field(default_factory=list)  # INS elements as written (INS02 18 self …)
    diagnoses: list[tuple[str, ...]] = field(default_factory=list)  # HI composites
    dates: list[DatePeriod] = field(default_factory=list)  # 2100 DTP: 291 plan, 346 plan begin …
    military: list[str] = field(default_factory=list)  # MPI elements as written
    inquiries: list[Inquiry] = field(default_factory=list)  # 270
    benefits: list[Benefit] = field(default_factory=list)  # 271
    dependents: list[Member] = field(default_factory=list)  # a subscriber's 2000D loops
    hl_child_code: str | None = None  # HL04 as written when it disagrees with the loops read

    @property
    def member_id(self) -> str:
        return self.entity.id

    @property
    def identity_changed(self) -> bool:
        """INS03 001 + INS04 25: the payer changed identifying data (name, id, birth date) the 270 sent."""
        return self.relationship[2:4] == ["001", "25"]

    @property
    def prior_member_id(self) -> str:
        """REF*Q4: the id the 270 sent when the payer answers with a corrected one in NM109."""
        return next((ref.value for ref in self.references if ref.qualifier == "Q4"), "")

    def date(self, qualifier: str) -> DatePeriod | None:
        return next((period for period in self.dates if period.qualifier == qualifier), None)

    def benefits_with(self, code: str, service_type: str | None = None) -> list[Benefit]:
        return [
            benefit
            for benefit in self.benefits
            if benefit.code == code and (service_type is None or service_type in benefit.service_types)
        ]


@dataclass(slots=True)
class Receiver:
    """2000B/2100B: the provider (or clearinghouse) that asked."""

    entity: Entity
    references: list[Reference] = field(default_factory=list)
    address: Address | None = None
    contacts: list[Contact] = field(default_factory=list)  # 270 4010 layouts
    rejections: list[Rejection] = field(default_factory=list)
    provider: ProviderInfo | None = None
    subscribers: list[Member] = field(default_factory=list)
    hl_child_code: str | None = None


@dataclass(slots=True)
class Source:
    """2000A/2100A: the payer (information source); AAA at 2000A (HL) and 2100A (name) levels."""

    entity: Entity
    level_rejections: list[Rejection] = field(default_factory=list)  # 2000A AAA
    references: list[Reference] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)  # 2100A AAA
    receivers: list[Receiver] = field(default_factory=list)
    hl_child_code: str | None = None


@dataclass(slots=True)
class Eligibility:
    """One 270 inquiry or 271 response transaction set."""

    set_id: str  # 270 or 271
    control_number: str  # ST02
    purpose: str = "13"  # BHT02: 13 request, 11 response, 06 confirmation
    reference: str = ""  # BHT03: submitter transaction id, echoed by the 271
    created: dt.date | None = None  # BHT04
    time: str = ""  # BHT05 as written (HHMM[SS[DD]])
    transaction_type: str = ""  # BHT06 (RT real time, 4010)
    sources: list[Source] = field(default_factory=list)

    def members(self) -> list[Member]:
        """Every subscriber and dependent, in file order."""
        found: list[Member] = []
        for source in self.sources:
            for receiver in source.receivers:
                for subscriber in receiver.subscribers:
                    found += [subscriber, *subscriber.dependents]
        return found

    def summary(self) -> dict[str, object]:
        """Counts for `revcycle x12 parse`: members, benefits or inquiries, AAA rejections."""
        members = self.members()
        rejections = sum(len(source.level_rejections) + len(source.rejections) for source in self.sources)
        rejections += sum(len(r.rejections) for source in self.sources for r in source.receivers)
        rejections += sum(len(m.rejections) + sum(len(b.rejections) for b in m.benefits) for m in members)
        counts: dict[str, object] = {
            "subscribers": sum(len(r.subscribers) for source in self.sources for r in source.receivers),
            "dependents": sum(len(m.dependents) for m in members),
        }
        if self.set_id == "270":
            return counts | {"inquiries": sum(len(m.inquiries) for m in members)}
        return counts | {"benefits": sum(len(m.benefits) for m in members), "rejections": rejections}
