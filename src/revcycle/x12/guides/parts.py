"""Typed pieces shared by the eligibility, claim status and acknowledgement guides.

NM1 entities, N3/N4 addresses, PER contacts, REF references, DTP dates, PRV provider
information, AAA request validations, TRN traces, DMG demographics, the BHT heading — each with a `read_*`
(element list -> model) and a `*_values` (model -> value list for the writer) that are exact
inverses on valid data, so a model read from a file writes back the same segments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from revcycle.x12.values import Reporter, date_at, format_date, parse_date, text_at
from revcycle.x12.writer import Value


@dataclass(slots=True)
class Entity:
    """NM1: NM101 entity code (PR payer, 1P provider, IL subscriber, 03/QC dependent/patient …)."""

    entity: str
    entity_type: str = ""  # NM102: 1 person, 2 non-person
    last_or_organization: str = ""
    first: str = ""
    middle: str = ""
    prefix: str = ""
    suffix: str = ""
    id_qualifier: str = ""  # NM108: PI payer id, XX NPI, MI member id, 46 ETIN, SV service provider
    id: str = ""
    more: list[str] = field(default_factory=list)  # NM110-NM112 as written (entity relationship …)


def read_entity(segment: list[str]) -> Entity:
    return Entity(*(text_at(segment, position) for position in range(1, 10)), segment[10:])


def entity_values(entity: Entity) -> list[Value]:
    return [
        "NM1",
        entity.entity,
        entity.entity_type,
        entity.last_or_organization,
        entity.first,
        entity.middle,
        entity.prefix,
        entity.suffix,
        entity.id_qualifier,
        entity.id,
        *entity.more,
    ]


@dataclass(slots=True)
class Address:
    """N3 (one or two lines) and N4 (city, state, postal code, country, location)."""

    lines: list[str] = field(default_factory=list)
    city: str = ""
    state: str = ""
    postal_code: str = ""
    more: list[str] = field(default_factory=list)  # N404-N407 as written (country, location)


def read_address_line(address: Address | None, segment: list[str]) -> Address:
    address = address or Address()
    if segment[0] == "N3":
        address.lines = segment[1:3]
    else:
        address.city, address.state, address.postal_code = (text_at(segment, p) for p in (1, 2, 3))
        address.more = segment[4:]
    return address


def address_values(address: Address) -> list[list[Value]]:
    body: list[list[Value]] = []
    if address.lines:
        body.append(["N3", *address.lines])
    if address.city or address.state or address.postal_code or address.more:
        body.append(["N4", address.city, address.state, address.postal_code, *address.more])
    return body


@dataclass(slots=True)
class Contact:
    """PER: function (IC information contact), name, (qualifier, number) pairs (TE, EM, FX, UR …)."""

    function: str
    name: str = ""
    numbers: list[tuple[str, str]] = field(default_factory=list)


def read_contact(segment: list[str]) -> Contact:
    numbers = [(segment[p], text_at(segment, p + 1)) for p in range(3, min(len(segment), 9), 2) if segment[p]]
    return Contact(text_at(segment, 1), text_at(segment, 2), numbers)


def contact_values(contact: Contact) -> list[Value]:
    return ["PER", contact.function, contact.name, *(value for pair in contact.numbers for value in pair)]


@dataclass(slots=True)
class Reference:
    """REF: qualifier (1K payer claim number, D9 clearinghouse trace, EJ patient account, 18 plan …)."""

    qualifier: str
    value: str
    description: str = ""


def read_reference(segment: list[str]) -> Reference:
    return Reference(text_at(segment, 1), text_at(segment, 2), text_at(segment, 3))


def reference_values(reference: Reference) -> list[Value]:
    return ["REF", reference.qualifier, reference.value, reference.description]


@dataclass(slots=True)
class DatePeriod:
    """DTP: qualifier (291 plan, 346 plan begin, 472 service, 050 received …), a date or a range."""

    qualifier: str
    start: dt.date | None
    end: dt.date | None = None  # set for RD8 ranges
    format: str = "D8"  # DTP02: D8 a date, RD8 a range; other formats keep `text`
    text: str = ""  # the value as written when it is not a D8/RD8 date

    @property
    def is_range(self) -> bool:
        return self.format == "RD8"


def read_date_period(segment: list[str], context: Reporter) -> DatePeriod:
    qualifier, date_format, value = (text_at(segment, p) for p in (1, 2, 3))
    if date_format == "D8":
        start = date_at(segment, 3, context)
        return DatePeriod(qualifier, start, text="" if start is not None else value)
    if date_format == "RD8":
        first, _, last = value.partition("-")
        start, end = parse_date(first), parse_date(last)
        if start is None or end is None:
            context.problem(segment, f"DTP03 {value!r} is not a date range (CCYYMMDD-CCYYMMDD)", element=3)
            return DatePeriod(qualifier, None, None, date_format, value)
        return DatePeriod(qualifier, start, end, "RD8")
    return DatePeriod(qualifier, None, None, date_format, value)


def date_period_values(period: DatePeriod) -> list[Value]:
    if period.format == "D8" and period.start is not None:
        value = format_date(period.start)
    elif period.format == "RD8" and period.start is not None and period.end is not None:
        value = f"{format_date(period.start)}-{format_date(period.end)}"
    else:
        value = period.text
    return ["DTP", period.qualifier, period.format, value]


@dataclass(slots=True)
class ProviderInfo:
    """PRV: provider code (PE performing, BI billing, RF referring …), qualifier (PXC taxonomy), id."""

    code: str
    qualifier: str = ""
    id: str = ""


def read_provider_info(segment: list[str]) -> ProviderInfo:
    return ProviderInfo(text_at(segment, 1), text_at(segment, 2), text_at(segment, 3))


def provider_info_values(provider: ProviderInfo) -> list[Value]:
    return ["PRV", provider.code, provider.qualifier, provider.id]


@dataclass(slots=True)
class Rejection:
    """AAA request validation: valid (Y/N), reject reason (AAA03: 72 invalid member id, 75 not found,
    42 unable to respond now …) and follow-up action (AAA04: C correct and resubmit, R resubmit …)."""

    valid: str
    reason: str
    follow_up: str = ""


def read_rejection(segment: list[str]) -> Rejection:
    return Rejection(text_at(segment, 1), text_at(segment, 3), text_at(segment, 4))


def rejection_values(rejection: Rejection) -> list[Value]:
    return ["AAA", rejection.valid, None, rejection.reason, rejection.follow_up]


@dataclass(slots=True)
class Trace:
    """TRN: type (1 current transaction, 2 referenced), trace number, originator id, supplemental id."""

    type: str
    number: str
    originator: str = ""
    supplemental: str = ""


def read_trace(segment: list[str]) -> Trace:
    return Trace(*(text_at(segment, position) for position in (1, 2, 3, 4)))


def trace_values(trace: Trace) -> list[Value]:
    return ["TRN", trace.type, trace.number, trace.originator, trace.supplemental]


@dataclass(slots=True)
class Demographics:
    """DMG: birth date (DMG02, D8) and gender (DMG03: F, M, U)."""

    birth_date: dt.date | None
    gender: str = ""


def read_demographics(segment: list[str], context: Reporter) -> Demographics:
    return Demographics(date_at(segment, 2, context), text_at(segment, 3))


def demographics_values(demographics: Demographics) -> list[Value]:
    birth = format_date(demographics.birth_date)
    return ["DMG", "D8" if birth else None, birth, demographics.gender]


class Heading(Protocol):
    """BHT02-BHT06 as a transaction model holds them (the 270/271 and 276/277 models)."""

    purpose: str  # BHT02
    reference: str  # BHT03
    created: dt.date | None  # BHT04
    time: str  # BHT05 as written
    transaction_type: str  # BHT06


def read_heading(heading: Heading, bht: list[str], context: Reporter) -> None:
    """BHT02-BHT06 onto the model (BHT01, the structure code, is the guide's)."""
    heading.purpose, heading.reference = text_at(bht, 2), text_at(bht, 3)
    heading.created = date_at(bht, 4, context)
    heading.time, heading.transaction_type = text_at(bht, 5), text_at(bht, 6)


def heading_values(structure: str, heading: Heading) -> list[Value]:
    return [
        "BHT",
        structure,
        heading.purpose,
        heading.reference,
        format_date(heading.created),
        heading.time,
        heading.transaction_type,
    ]


def hl_values(
    number: int, parent: int | None, level: str, has_children: bool | None, written: str | None = None
) -> list[Value]:
    """HL: id, parent id, level code, child code (None when the guide does not use HL04).

    `written` is an HL04 read from a file that disagrees with the loops it holds (a payer's
    rejection keeps HL04 1 under a receiver with no subscriber): it is written back as it was."""
    child_code = None if has_children is None else ("1" if has_children else "0")
    return ["HL", str(number), str(parent) if parent else None, level, written or child_code]


def written_child_code(hl: list[str], has_children: bool) -> str | None:
    """HL04 as read when it differs from what the loops say (else None: the writer computes it)."""
    value = text_at(hl, 4)
    return value if value != ("1" if has_children else "0") else None


def repeats(value: str, repetition: str) -> list[str]:
    """A repeating element's values (EB03 service types): split on the repetition separator."""
    if not value:
        return []
    return value.split(repetition) if repetition else [value]
