"""Write `Eligibility` models as 270 inquiries or 271 responses (005010X279A1), in guide order.

    text = write_eligibility([response], header, sender="PAYER", receiver="CLINIC", group_control=7)

HL ids are numbered in document order (1, 2, …), HL02 names the parent, HL04 says whether
children follow. Segments come out in the TR3 order of each loop (2110: EB, HSD, REF, DTP, AAA,
MSG, 2115 III, LS, 2120 NM1…, LE), so a model read from a valid file writes back the same body.
"""

from __future__ import annotations

import itertools

from revcycle.x12.guides import FUNCTIONAL_IDS
from revcycle.x12.guides.parts import (
    address_values,
    contact_values,
    date_period_values,
    demographics_values,
    entity_values,
    heading_values,
    hl_values,
    provider_info_values,
    reference_values,
    rejection_values,
    trace_values,
)
from revcycle.x12.guides.x270_271.model import Benefit, Eligibility, Inquiry, Member, Receiver, Source
from revcycle.x12.guides.x835.write import procedure_value
from revcycle.x12.values import format_decimal
from revcycle.x12.writer import Group, InterchangeHeader, Transaction, Value, write_interchange

VERSION = "005010X279A1"
Body = list[list[Value]]


def eligibility_segments(eligibility: Eligibility) -> Body:
    """The body (between ST and SE) of one 270 or 271."""
    body: Body = [heading_values("0022", eligibility)]
    numbers = itertools.count(1)
    for source in eligibility.sources:
        body += _source(source, numbers)
    return body


def write_eligibility(
    transactions: list[Eligibility],
    header: InterchangeHeader,
    *,
    sender: str,
    receiver: str,
    group_control: int,
    line_break: str = "\n",
) -> str:
    """One interchange, one functional group (HS for 270s, HB for 271s: do not mix them)."""
    set_ids = {transaction.set_id for transaction in transactions}
    if len(set_ids) != 1:
        raise ValueError(f"one functional group holds one transaction type, got {sorted(set_ids)}")
    sets = [Transaction(t.set_id, t.control_number, eligibility_segments(t)) for t in transactions]
    group = Group(FUNCTIONAL_IDS[set_ids.pop()], sender, receiver, group_control, VERSION, sets)
    return write_interchange(header, [group], line_break=line_break)


def _source(source: Source, numbers: itertools.count) -> Body:
    number = next(numbers)
    body: Body = [hl_values(number, None, "20", bool(source.receivers), source.hl_child_code)]
    body += [rejection_values(rejection) for rejection in source.level_rejections]
    body.append(entity_values(source.entity))
    body += [reference_values(reference) for reference in source.references]
    body += [contact_values(contact) for contact in source.contacts]
    body += [rejection_values(rejection) for rejection in source.rejections]
    for receiver in source.receivers:
        body += _receiver(receiver, number, numbers)
    return body


def _receiver(receiver: Receiver, parent: int, numbers: itertools.count) -> Body:
    number = next(numbers)
    body: Body = [
        hl_values(number, parent, "21", bool(receiver.subscribers), receiver.hl_child_code),
        *_name_segments(receiver),
    ]
    for subscriber in receiver.subscribers:
        body += _member(subscriber, parent=number, level="22", numbers=numbers)
    return body


def _member(member: Member, *, parent: int, level: str, numbers: itertools.count) -> Body:
    number = next(numbers)
    body: Body = [hl_values(number, parent, level, bool(member.dependents), member.hl_child_code)]
    body += [trace_values(trace) for trace in member.traces]
    body += _name_segments(member)
    if member.demographics is not None:
        body.append(demographics_values(member.demographics))
    if member.relationship:
        body.append(["INS", *member.relationship])
    if member.diagnoses:
        body.append(["HI", *member.diagnoses])
    body += [date_period_values(period) for period in member.dates]
    if member.military:
        body.append(["MPI", *member.military])
    for inquiry in member.inquiries:
        body += _inquiry(inquiry)
    for benefit in member.benefits:
        body += benefit_segments(benefit)
    for dependent in member.dependents:
        body += _member(dependent, parent=number, level="23", numbers=numbers)
    return body


def _name_segments(party: Receiver | Member) -> Body:
    """NM1, REF, N3/N4, PER, AAA and PRV of a receiver's or a member's name loop (2100B/C/D)."""
    body: Body = [entity_values(party.entity)]
    body += [reference_values(reference) for reference in party.references]
    body += address_values(party.address) if party.address else []
    body += [contact_values(contact) for contact in party.contacts]
    body += [rejection_values(rejection) for rejection in party.rejections]
    if party.provider is not None:
        body.append(provider_info_values(party.provider))
    return body


def _inquiry(inquiry: Inquiry) -> Body:
    procedure = procedure_value(inquiry.procedure) if inquiry.procedure else None
    body: Body = [
        [
            "EQ",
            list(inquiry.service_types) or None,
            procedure,
            inquiry.coverage_level,
            inquiry.insurance_type,
            tuple(inquiry.diagnosis_pointers) or None,
        ]
    ]
    body += [["AMT", qualifier, format_decimal(amount)] for qualifier, amount in inquiry.amounts]
    body += [["III", *values] for values in inquiry.additional_info]
    body += [reference_values(reference) for reference in inquiry.references]
    body += [date_period_values(period) for period in inquiry.dates]
    return body


def benefit_segments(benefit: Benefit) -> Body:
    """Loop 2110: EB, HSD, REF, DTP, AAA, MSG, 2115 III, then LS / 2120 NM1 N3 N4 PER PRV / LE."""
    body: Body = [
        [
            "EB",
            benefit.code,
            benefit.coverage_level,
            list(benefit.service_types) or None,
            benefit.insurance_type,
            benefit.plan_description,
            benefit.time_period,
            format_decimal(benefit.amount),
            format_decimal(benefit.percent),
            benefit.quantity_qualifier,
            format_decimal(benefit.quantity),
            benefit.authorization_required,
            benefit.in_network,
            procedure_value(benefit.procedure) if benefit.procedure else None,
            tuple(benefit.diagnosis_pointers) or None,
        ]
    ]
    body += [["HSD", *values] for values in benefit.deliveries]
    body += [reference_values(reference) for reference in benefit.references]
    body += [date_period_values(period) for period in benefit.dates]
    body += [rejection_values(rejection) for rejection in benefit.rejections]
    body += [["MSG", message] for message in benefit.messages]
    body += [["III", *values] for values in benefit.additional_info]
    if benefit.related_entities:
        body.append(["LS", "2120"])
        for related in benefit.related_entities:
            body.append(entity_values(related.entity))
            body += address_values(related.address) if related.address else []
            body += [contact_values(contact) for contact in related.contacts]
            if related.provider is not None:
                body.append(provider_info_values(related.provider))
        body.append(["LE", "2120"])
    return body
