"""Write a `ClaimBatch` as an 837P (005010X222A1): guide order, HL numbering, counts by the envelope.

    text = write_claim_batches([batch], header, sender="CLINIC", receiver="CLEARINGHOUSE", group_control=1)

Segments each model keeps in `extra` are written back in their guide position.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from revcycle.x12.build import LoopOut
from revcycle.x12.collector import paused_gc
from revcycle.x12.guides import guide_for
from revcycle.x12.guides.x835.write import cas_segments
from revcycle.x12.guides.x837p.model import (
    BillingProvider,
    Claim,
    ClaimBatch,
    LineAdjudication,
    Name,
    OtherPayer,
    Party,
    Patient,
    ServiceLine,
    Subscriber,
)
from revcycle.x12.values import format_date, format_decimal
from revcycle.x12.writer import Group, InterchangeHeader, Transaction, Value, write_interchange

VERSION = "005010X222A1"
ClaimWriter = Callable[[LoopOut, Any], None]  # writes one claim's 2300 loop
PROVIDER_LOOPS_2310 = {
    "DN": "2310A",
    "P3": "2310A",
    "82": "2310B",
    "77": "2310C",
    "DQ": "2310D",
    "PW": "2310E",
    "45": "2310F",
}
PROVIDER_LOOPS_2330 = {
    "DN": "2330C",
    "P3": "2330C",
    "82": "2330D",
    "77": "2330E",
    "DQ": "2330F",
    "85": "2330G",
}
PROVIDER_LOOPS_2420 = {
    "82": "2420A",
    "QB": "2420B",
    "77": "2420C",
    "DQ": "2420D",
    "DK": "2420E",
    "DN": "2420F",
    "P3": "2420F",
    "PW": "2420G",
    "45": "2420H",
}


def claim_batch_segments(
    batch: ClaimBatch, version: str = VERSION, claim_writer: ClaimWriter | None = None
) -> list[list[Value]]:
    """The transaction's body; the 837I passes its version and its 2300 writer (`x837i.write`)."""
    root = LoopOut(guide_for("837", version).spec)  # type: ignore[union-attr]
    root.add(["ST", "837", batch.control_number, version])
    root.add(
        [
            "BHT",
            "0019",
            batch.purpose or "00",
            batch.reference,
            format_date(batch.created),
            batch.time,
            batch.claim_or_encounter or "CH",
        ]
    )
    write_party(root.child("1000A"), batch.submitter)
    write_party(root.child("1000B"), batch.receiver)
    counter = _HlCounter(claim_writer or write_claim)
    for provider in batch.billing_providers:
        _billing_provider(root.child("2000A"), provider, counter)
    return root.flatten()[1:]  # the envelope writer adds ST and SE


def write_claim_batches(
    batches: list[ClaimBatch],
    header: InterchangeHeader,
    *,
    sender: str,
    receiver: str,
    group_control: int,
    line_break: str = "\n",
    version: str = VERSION,
    claim_writer: ClaimWriter | None = None,
) -> str:
    with paused_gc():  # segment lists by the hundred thousand, no cycles
        transactions = [
            Transaction("837", batch.control_number, claim_batch_segments(batch, version, claim_writer))
            for batch in batches
        ]
        group = Group("HC", sender, receiver, group_control, version, transactions)
        return write_interchange(header, [group], line_break=line_break)


class _HlCounter:
    """HL numbers in document order, and the writer of each 2300 loop (837P or 837I)."""

    def __init__(self, claim_writer: ClaimWriter) -> None:
        self.last = 0
        self.claim_writer = claim_writer

    def next(self) -> str:
        self.last += 1
        return str(self.last)


def write_party(loop: LoopOut, party: Party) -> None:
    name = party.name
    loop.add(
        [
            "NM1",
            name.entity,
            name.entity_type,
            name.last_or_organization,
            name.first or None,
            name.middle or None,
            None,
            name.suffix or None,
            name.id_qualifier or None,
            name.id or None,
        ]
    )
    address = party.address
    if address is not None:
        loop.add(["N3", *address.lines])
        loop.add(
            ["N4", address.city, address.state or None, address.postal_code or None, address.country or None]
        )
    if party.birth_date is not None or party.gender:
        loop.add(["DMG", "D8", format_date(party.birth_date), party.gender or None])
    if party.taxonomy:
        loop.add(["PRV", party.provider_code or "PE", "PXC", party.taxonomy])
    loop.add_all([["REF", qualifier, value] for qualifier, value in party.references])
    loop.add_all([["PER", *contact] for contact in party.contacts])
    loop.add_all(party.extra)


def _billing_provider(loop: LoopOut, provider: BillingProvider, counter: _HlCounter) -> None:
    number = counter.next()
    loop.add(["HL", number, None, "20", "1"])
    if provider.taxonomy:
        loop.add(["PRV", "BI", "PXC", provider.taxonomy])
    if provider.currency:
        loop.add(["CUR", "85", provider.currency])
    loop.add_all(provider.extra)
    write_party(loop.child("2010AA"), provider.party)
    if provider.pay_to is not None:
        write_party(loop.child("2010AB"), provider.pay_to)
    if provider.pay_to_plan is not None:
        write_party(loop.child("2010AC"), provider.pay_to_plan)
    for subscriber in provider.subscribers:
        _subscriber(loop.child("2000B"), subscriber, number, counter)


def _subscriber(loop: LoopOut, subscriber: Subscriber, parent: str, counter: _HlCounter) -> None:
    number = counter.next()
    loop.add(["HL", number, parent, "22", "1" if subscriber.patients else "0"])
    relationship = subscriber.relationship if not subscriber.patients else ""
    loop.add(
        [
            "SBR",
            subscriber.responsibility,
            relationship or None,
            subscriber.group_number or None,
            subscriber.group_name or None,
            subscriber.insurance_type or None,
            None,
            None,
            None,
            subscriber.filing_indicator,
        ]
    )
    loop.add_all(subscriber.extra)
    write_party(loop.child("2010BA"), subscriber.party)
    write_party(loop.child("2010BB"), subscriber.payer)
    for claim in subscriber.claims:
        counter.claim_writer(loop.child("2300"), claim)
    for patient in subscriber.patients:
        _patient(loop.child("2000C"), patient, number, counter)


def _patient(loop: LoopOut, patient: Patient, parent: str, counter: _HlCounter) -> None:
    loop.add(["HL", counter.next(), parent, "23", "0"])
    loop.add(["PAT", patient.relationship, *patient.details])
    write_party(loop.child("2010CA"), patient.party)
    for claim in patient.claims:
        counter.claim_writer(loop.child("2300"), claim)


def write_claim(loop: LoopOut, claim: Claim) -> None:
    causes: tuple[str | None, ...] = (
        *(claim.related_causes + [None, None, None])[:3],
        claim.accident_state or None,
    )
    loop.add(
        [
            "CLM",
            claim.claim_id,
            format_decimal(claim.charge),
            None,
            None,
            (claim.place_of_service, "B", claim.frequency or "1"),
            claim.provider_signature,
            claim.assignment,
            claim.benefits_assigned,
            claim.release_of_information,
            None,
            causes if claim.related_causes else None,
            *([None] * 8),
            claim.delay_reason or None,
        ]
    )
    loop.add_all([["DTP", qualifier, date_format, value] for qualifier, date_format, value in claim.dates])
    loop.add_all([["REF", qualifier, value] for qualifier, value in claim.references])
    loop.add_all([["NTE", qualifier, text] for qualifier, text in claim.notes])
    for segment in _hi_segments(claim):
        loop.add(segment)
    loop.add_all(claim.extra)
    for party in claim.providers:
        write_party(loop.child(PROVIDER_LOOPS_2310.get(party.name.entity, "2310B")), party)
    for other in claim.other_payers:
        _other_payer(loop.child("2320"), other)
    for number, line in enumerate(claim.service_lines, start=1):
        _service_line(loop.child("2400"), line, number)


def _hi_segments(claim: Claim) -> list[list[Value]]:
    """Principal (ABK) first, then up to 11 others (ABF) per HI; 12 codes per segment."""
    qualifiers = claim.diagnosis_qualifiers or []
    pairs: list[Value] = []
    for position, code in enumerate(claim.diagnoses):
        default = "ABK" if position == 0 else "ABF"
        pairs.append((qualifiers[position] if position < len(qualifiers) else default, code))
    return [["HI", *pairs[start : start + 12]] for start in range(0, len(pairs), 12)]


def _other_payer(loop: LoopOut, other: OtherPayer) -> None:
    loop.add(
        [
            "SBR",
            other.responsibility,
            other.relationship,
            other.group_number or None,
            other.group_name or None,
            other.insurance_type or None,
            None,
            None,
            None,
            other.filing_indicator,
        ]
    )
    loop.add_all(cas_segments(other.adjustments))
    for qualifier, amount in (
        ("D", other.paid),
        ("EAF", other.remaining_patient_liability),
        ("A8", other.non_covered),
    ):
        if amount is not None:
            loop.add(["AMT", qualifier, format_decimal(amount)])
    loop.add(["OI", None, None, other.benefits_assigned, None, None, other.release_of_information])
    loop.add_all(other.extra)
    write_party(loop.child("2330A"), other.subscriber or Party(Name("IL", "1")))
    write_party(loop.child("2330B"), other.payer or Party(Name("PR")))
    for party in other.providers:
        write_party(loop.child(PROVIDER_LOOPS_2330.get(party.name.entity, "2330D")), party)


write_other_payer = _other_payer  # loop 2320 with 2330A/B, shared with the 837I writer


def _service_line(loop: LoopOut, line: ServiceLine, number: int) -> None:
    loop.add(["LX", str(number)])
    procedure = (line.qualifier, line.procedure, *(line.modifiers + [None] * 4)[:4], line.description or None)
    pointers = tuple(str(pointer) for pointer in line.diagnosis_pointers[:4]) or None
    loop.add(
        [
            "SV1",
            procedure,
            format_decimal(line.charge),
            line.unit_basis or "UN",
            format_decimal(line.units),
            line.place_of_service or None,
            None,
            pointers,
            None,
            line.emergency or None,
            None,
            line.epsdt or None,
            line.family_planning or None,
            None,
            None,
            line.copay_exempt or None,
        ]
    )
    write_service_dates(loop, line.service_date, line.service_end)
    loop.add_all([["REF", qualifier, value] for qualifier, value in line.references])
    loop.add_all(line.extra)
    _drug_and_forms(loop, line.drug)
    for party in line.providers:
        write_party(loop.child(PROVIDER_LOOPS_2420.get(party.name.entity, "2420A")), party)
    for adjudication in line.adjudications:
        _adjudication(loop.child("2430"), adjudication)


def _drug_and_forms(loop: LoopOut, segments: list[list[str]]) -> None:
    current: LoopOut | None = None
    for segment in segments:
        if segment[0] in ("LIN", "LQ"):
            current = loop.child("2410" if segment[0] == "LIN" else "2440")
        if current is not None:
            current.add(list(segment))


def _adjudication(loop: LoopOut, adjudication: LineAdjudication) -> None:
    loop.add(
        [
            "SVD",
            adjudication.payer_id,
            format_decimal(adjudication.paid),
            tuple(adjudication.procedure),
            None,
            format_decimal(adjudication.paid_units),
            adjudication.bundled_line or None,
        ]
    )
    loop.add_all(cas_segments(adjudication.adjustments))
    if adjudication.paid_date is not None:
        loop.add(["DTP", "573", "D8", format_date(adjudication.paid_date)])
    if adjudication.remaining_patient_liability is not None:
        loop.add(["AMT", "EAF", format_decimal(adjudication.remaining_patient_liability)])


def write_service_dates(loop: LoopOut, first: dt.date | None, last: dt.date | None) -> None:
    """DTP*472 of a 2400 line (837P and 837I): D8 for one day, RD8 for a range; nothing without a date."""
    if first is None:
        return
    if last is not None and last != first:
        loop.add(["DTP", "472", "RD8", f"{format_date(first)}-{format_date(last)}"])
    else:
        loop.add(["DTP", "472", "D8", format_date(first)])
