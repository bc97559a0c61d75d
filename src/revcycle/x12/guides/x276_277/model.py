"""Typed claim status models: 276 request and 277 response (005010X212), 277CA (005010X214).

All three are HL hierarchies of levels, each level an entity (NM1 loop) with its status loops
(TRN + STC + REF + QTY/AMT + DTP, and service lines SVC + STC + REF + DTP):

    276 / 277:  20 payer > 21 information receiver > 19 provider > 22 subscriber > 23 dependent
    277CA:      20 payer > 21 information receiver > 19 billing provider > PT patient

At the claim levels (22, 23, PT) a status loop is one claim: TRN02 is the trace number the
submitter gave (the patient control number, CLM01, in a 277CA), REF*1K the payer claim control
number, REF*D9 the clearinghouse trace, STC the status codes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from revcycle.x12.guides.parts import Contact, DatePeriod, Demographics, Entity, Reference, Trace
from revcycle.x12.guides.x835.model import Procedure

CLAIM_LEVELS = frozenset({"22", "23", "PT"})
# claim status categories of an acknowledgement: A1 received, A2 accepted into adjudication, A5 split;
# A3 returned as unprocessable, A4 not found, A6 missing information, A7 invalid information,
# A8 relational field in error are rejections.
ACCEPTED_CATEGORIES = frozenset({"A1", "A2", "A5"})
REJECTED_CATEGORIES = frozenset({"A3", "A4", "A6", "A7", "A8"})


@dataclass(slots=True)
class StatusCode:
    """One STC composite (STC01, STC10, STC11): health care claim status category (A1 received,
    A2 accepted, A3/A6/A7 rejected, F1 finalized/paid, F2 denied, P1 pending …), claim status code
    (CSCC), entity identifier (41 submitter, 85 billing provider, IL subscriber …), code list qualifier."""

    category: str
    status: str = ""
    entity: str = ""
    code_list: str = ""  # STC01-4 (RX: NCPDP reject payment codes)


@dataclass(slots=True)
class StatusInfo:
    """STC: up to three status codes, the status date and the money of the adjudication."""

    codes: list[StatusCode]
    effective_date: dt.date | None = None  # STC02
    action: str = ""  # STC03 (277CA: WQ accepted, U rejected)
    charge: Decimal | None = None  # STC04: total claim charge
    paid: Decimal | None = None  # STC05: claim payment amount
    adjudication_date: dt.date | None = None  # STC06
    payment_method: str = ""  # STC07: ACH, BOP, CHK, FWT, NON
    payment_date: dt.date | None = None  # STC08: check issue or EFT effective date
    check_number: str = ""  # STC09
    message: str = ""  # STC12: free-form message text

    @property
    def category(self) -> str:
        return self.codes[0].category if self.codes else ""

    @property
    def is_rejection(self) -> bool:
        return self.category in REJECTED_CATEGORIES or self.action == "U"


@dataclass(slots=True)
class ServiceStatus:
    """Loop 2210 (276) / 2220 (277): one service line and its statuses."""

    procedure: Procedure
    charge: Decimal | None = None  # SVC02
    paid: Decimal | None = None  # SVC03
    revenue_code: str = ""  # SVC04
    units: Decimal | None = None  # SVC07
    statuses: list[StatusInfo] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)  # REF*FJ line item control number
    dates: list[DatePeriod] = field(default_factory=list)  # DTP*472


@dataclass(slots=True)
class StatusReport:
    """A 22xx loop: TRN and what is said about it (a claim at the 22/23/PT levels)."""

    trace: Trace
    statuses: list[StatusInfo] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    quantities: list[tuple[str, Decimal]] = field(default_factory=list)  # QTY 90/QA accepted, AA/QC rejected
    amounts: list[tuple[str, Decimal]] = field(
        default_factory=list
    )  # AMT T3 charge, YU accepted, YY rejected
    dates: list[DatePeriod] = field(default_factory=list)  # DTP 472 service, 050 received, 009 processed
    service_lines: list[ServiceStatus] = field(default_factory=list)

    def reference(self, qualifier: str) -> str:
        return next((ref.value for ref in self.references if ref.qualifier == qualifier), "")

    @property
    def payer_claim_number(self) -> str:  # REF*1K
        return self.reference("1K")

    @property
    def clearinghouse_trace(self) -> str:  # REF*D9
        return self.reference("D9")

    def quantity(self, qualifier: str) -> Decimal | None:
        return next((value for q, value in self.quantities if q == qualifier), None)

    def amount(self, qualifier: str) -> Decimal | None:
        return next((value for q, value in self.amounts if q == qualifier), None)


@dataclass(slots=True)
class StatusLevel:
    """One HL level: its entity (2100 NM1), contacts, demographics, status loops and child levels."""

    level: str  # HL03: 20, 21, 19, 22, 23, PT
    entities: list[Entity] = field(default_factory=list)  # 2100 NM1 (2100C may repeat in a 277)
    contacts: list[Contact] = field(default_factory=list)  # 2100A PER
    demographics: Demographics | None = None  # 276 2000D/E DMG
    reports: list[StatusReport] = field(default_factory=list)
    children: list[StatusLevel] = field(default_factory=list)
    hl_child_code: str | None = None  # HL04 as written when it disagrees with the loops read

    @property
    def entity(self) -> Entity | None:
        return self.entities[0] if self.entities else None

    def walk(self):  # noqa: ANN201 - generator over this level and every level below
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(slots=True)
class ClaimStatusTransaction:
    """One 276, 277 or 277CA transaction set."""

    set_id: str  # 276 or 277
    version: str  # 005010X212 or 005010X214
    control_number: str
    structure: str = "0010"  # BHT01: 0010 (276/277), 0085 (277CA)
    purpose: str = "13"  # BHT02: 13 request, 08 status notification (277), 06 confirmation
    reference: str = ""  # BHT03
    created: dt.date | None = None  # BHT04
    time: str = ""  # BHT05 as written
    transaction_type: str = ""  # BHT06: DG response (277), TH receipt acknowledgement (277CA)
    levels: list[StatusLevel] = field(default_factory=list)  # the 2000A payers

    def claims(self) -> list[tuple[StatusLevel, StatusReport]]:
        """(patient level, claim) for every claim status loop (levels 22, 23, PT), in file order."""
        return [
            (level, report)
            for source in self.levels
            for level in source.walk()
            if level.level in CLAIM_LEVELS
            for report in level.reports
        ]

    def summary(self) -> dict[str, object]:
        """Counts for `revcycle x12 parse`: claims, their status categories, charges."""
        claims = [report for _, report in self.claims()]
        categories: dict[str, int] = {}
        for report in claims:
            for status in report.statuses[:1]:
                categories[status.category] = categories.get(status.category, 0) + 1
        charged = sum((s.charge for r in claims for s in r.statuses[:1] if s.charge is not None), Decimal(0))
        amounts = (a for r in claims for q, a in r.amounts if q == "T3")
        return {
            "claims": len(claims),
            "service_lines": sum(len(report.service_lines) for report in claims),
            "status_categories": " ".join(f"{code}:{count}" for code, count in sorted(categories.items())),
            "claims_charged": str(charged or sum(amounts, Decimal(0))),
        }
