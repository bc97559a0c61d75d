"""Build `Eligibility` models from 270/271 loop trees (2000A > 2000B > 2000C > 2000D)."""

from __future__ import annotations

from revcycle.x12.guides.parts import (
    Entity,
    read_address_line,
    read_contact,
    read_date_period,
    read_demographics,
    read_entity,
    read_heading,
    read_provider_info,
    read_reference,
    read_rejection,
    read_trace,
    repeats,
    written_child_code,
)
from revcycle.x12.guides.x270_271.model import (
    Benefit,
    Eligibility,
    Inquiry,
    Member,
    Receiver,
    RelatedEntity,
    Source,
)
from revcycle.x12.guides.x835.read import read_procedure
from revcycle.x12.loops import LoopNode
from revcycle.x12.values import components, decimal_at, text_at


def read_inquiry(tree: LoopNode, context) -> Eligibility:  # noqa: ANN001 - reader.TypedContext
    return read_eligibility(tree, context, "270")


def read_response(tree: LoopNode, context) -> Eligibility:  # noqa: ANN001
    return read_eligibility(tree, context, "271")


def read_eligibility(tree: LoopNode, context, set_id: str) -> Eligibility:  # noqa: ANN001
    eligibility = Eligibility(set_id, context.transaction.control_number)
    bht = tree.first("BHT")
    if bht is not None:
        read_heading(eligibility, bht, context)
    eligibility.sources = [_source(node, context) for node in hl_loops(tree)]
    return eligibility


def hl_loops(node: LoopNode) -> list[LoopNode]:
    return [loop for loop in node.loops if loop.segments and loop.segments[0][0] == "HL"]


def name_loop(node: LoopNode) -> LoopNode | None:
    return next((loop for loop in node.loops if loop.segments and loop.segments[0][0] == "NM1"), None)


def _source(node: LoopNode, context) -> Source:  # noqa: ANN001
    source = Source(Entity(""))
    source.level_rejections = [read_rejection(s) for s in node.segments if s[0] == "AAA"]
    names = name_loop(node)
    for segment in names.segments if names else []:
        segment_id = segment[0]
        if segment_id == "NM1":
            source.entity = read_entity(segment)
        elif segment_id == "REF":
            source.references.append(read_reference(segment))
        elif segment_id == "PER":
            source.contacts.append(read_contact(segment))
        elif segment_id == "AAA":
            source.rejections.append(read_rejection(segment))
    source.receivers = [_receiver(child, context) for child in hl_loops(node)]
    source.hl_child_code = written_child_code(node.segments[0], bool(source.receivers))
    return source


def _receiver(node: LoopNode, context) -> Receiver:  # noqa: ANN001
    receiver = Receiver(Entity(""))
    names = name_loop(node)
    for segment in names.segments if names else []:
        _read_name_segment(receiver, segment)
    receiver.subscribers = [_member(child, context) for child in hl_loops(node)]
    receiver.hl_child_code = written_child_code(node.segments[0], bool(receiver.subscribers))
    return receiver


def _member(node: LoopNode, context) -> Member:  # noqa: ANN001
    member = Member(Entity(""))
    member.traces = [read_trace(segment) for segment in node.segments if segment[0] == "TRN"]
    names = name_loop(node)
    if names is not None:
        for segment in names.segments:
            _member_segment(member, segment, context)
        for loop in names.loops:
            first = loop.segments[0][0] if loop.segments else ""
            if first == "EB":
                member.benefits.append(_benefit(loop, context))
            elif first == "EQ":
                member.inquiries.append(_inquiry(loop, context))
    member.dependents = [_member(child, context) for child in hl_loops(node)]
    member.hl_child_code = written_child_code(node.segments[0], bool(member.dependents))
    return member


def _read_name_segment(party: Receiver | Member, segment: list[str]) -> bool:
    """NM1, REF, N3/N4, PER, AAA or PRV of a receiver's or a member's name loop (2100B/C/D) read onto
    `party`; False for any other segment."""
    segment_id = segment[0]
    if segment_id == "NM1":
        party.entity = read_entity(segment)
    elif segment_id == "REF":
        party.references.append(read_reference(segment))
    elif segment_id in ("N3", "N4"):
        party.address = read_address_line(party.address, segment)
    elif segment_id == "PER":
        party.contacts.append(read_contact(segment))
    elif segment_id == "AAA":
        party.rejections.append(read_rejection(segment))
    elif segment_id == "PRV":
        party.provider = read_provider_info(segment)
    else:
        return False
    return True


def _member_segment(member: Member, segment: list[str], context) -> None:  # noqa: ANN001
    if _read_name_segment(member, segment):
        return
    segment_id = segment[0]
    if segment_id == "DMG":
        member.demographics = read_demographics(segment, context)
    elif segment_id == "INS":
        member.relationship = segment[1:]
    elif segment_id == "HI":
        component = context.delimiters.component
        member.diagnoses = [tuple(value.split(component)) for value in segment[1:]]
    elif segment_id == "DTP":
        member.dates.append(read_date_period(segment, context))
    elif segment_id == "MPI":
        member.military = segment[1:]


def _benefit(node: LoopNode, context) -> Benefit:  # noqa: ANN001
    eb = node.segments[0]
    delimiters = context.delimiters
    procedure = text_at(eb, 13)
    benefit = Benefit(
        text_at(eb, 1),
        text_at(eb, 2),
        repeats(text_at(eb, 3), delimiters.repetition),
        text_at(eb, 4),
        text_at(eb, 5),
        text_at(eb, 6),
        decimal_at(eb, 7, context),
        decimal_at(eb, 8, context),
        text_at(eb, 9),
        decimal_at(eb, 10, context),
        text_at(eb, 11),
        text_at(eb, 12),
        read_procedure(procedure, delimiters.component) if procedure else None,
        components(eb, 14, delimiters.component),
    )
    for segment in node.segments[1:]:
        _benefit_segment(benefit, segment, context)
    for loop in node.loops:
        if loop.segments and loop.segments[0][0] == "III":
            benefit.additional_info += [segment[1:] for segment in loop.segments]
        elif loop.segments and loop.segments[0][0] == "NM1":
            benefit.related_entities.append(_related_entity(loop))
    return benefit


def _benefit_segment(benefit: Benefit, segment: list[str], context) -> None:  # noqa: ANN001
    segment_id = segment[0]
    if segment_id == "HSD":
        benefit.deliveries.append(segment[1:])
    elif segment_id == "REF":
        benefit.references.append(read_reference(segment))
    elif segment_id == "DTP":
        benefit.dates.append(read_date_period(segment, context))
    elif segment_id == "AAA":
        benefit.rejections.append(read_rejection(segment))
    elif segment_id == "MSG":
        benefit.messages.append(text_at(segment, 1))


def _related_entity(node: LoopNode) -> RelatedEntity:
    related = RelatedEntity(read_entity(node.segments[0]))
    for segment in node.segments[1:]:
        segment_id = segment[0]
        if segment_id in ("N3", "N4"):
            related.address = read_address_line(related.address, segment)
        elif segment_id == "PER":
            related.contacts.append(read_contact(segment))
        elif segment_id == "PRV":
            related.provider = read_provider_info(segment)
    return related


def _inquiry(node: LoopNode, context) -> Inquiry:  # noqa: ANN001
    eq = node.segments[0]
    delimiters = context.delimiters
    procedure = text_at(eq, 2)
    inquiry = Inquiry(
        repeats(text_at(eq, 1), delimiters.repetition),
        read_procedure(procedure, delimiters.component) if procedure else None,
        text_at(eq, 3),
        text_at(eq, 4),
        components(eq, 5, delimiters.component),
    )
    for segment in node.segments[1:]:
        segment_id = segment[0]
        if segment_id == "AMT":
            inquiry.amounts.append((text_at(segment, 1), decimal_at(segment, 2, context, required=True)))
        elif segment_id == "III":
            inquiry.additional_info.append(segment[1:])
        elif segment_id == "REF":
            inquiry.references.append(read_reference(segment))
        elif segment_id == "DTP":
            inquiry.dates.append(read_date_period(segment, context))
    return inquiry
