"""Build `ClaimStatusTransaction` models from 276, 277 (X212) and 277CA (X214) loop trees."""

from __future__ import annotations

from revcycle.x12.guides.parts import (
    read_contact,
    read_date_period,
    read_demographics,
    read_entity,
    read_heading,
    read_reference,
    read_trace,
    written_child_code,
)
from revcycle.x12.guides.x276_277.model import (
    ClaimStatusTransaction,
    ServiceStatus,
    StatusCode,
    StatusInfo,
    StatusLevel,
    StatusReport,
)
from revcycle.x12.guides.x835.read import read_procedure
from revcycle.x12.loops import LoopNode
from revcycle.x12.values import date_at, decimal_at, text_at


def read_status_request(tree: LoopNode, context) -> ClaimStatusTransaction:  # noqa: ANN001
    return read_claim_status(tree, context)


def read_status_response(tree: LoopNode, context) -> ClaimStatusTransaction:  # noqa: ANN001
    return read_claim_status(tree, context)


def read_claim_status(tree: LoopNode, context) -> ClaimStatusTransaction:  # noqa: ANN001 - TypedContext
    transaction = context.transaction
    status = ClaimStatusTransaction(transaction.set_id, transaction.version, transaction.control_number)
    bht = tree.first("BHT")
    if bht is not None:
        status.structure = text_at(bht, 1)
        read_heading(status, bht, context)
    status.levels = [_level(node, context) for node in tree.loops if _starts(node, "HL")]
    return status


def _starts(node: LoopNode, segment_id: str) -> bool:
    return bool(node.segments) and node.segments[0][0] == segment_id


def _level(node: LoopNode, context) -> StatusLevel:  # noqa: ANN001
    hl = node.segments[0]
    level = StatusLevel(text_at(hl, 3))
    for segment in node.segments[1:]:
        if segment[0] == "DMG":
            level.demographics = read_demographics(segment, context)
    for loop in node.loops:
        if _starts(loop, "NM1"):
            _name_loop(level, loop)
        elif _starts(loop, "TRN"):
            level.reports.append(_report(loop, context))
        elif _starts(loop, "HL"):
            level.children.append(_level(loop, context))
    level.hl_child_code = written_child_code(hl, bool(level.children)) if len(hl) > 4 else None
    return level


def _name_loop(level: StatusLevel, node: LoopNode) -> None:
    for segment in node.segments:
        if segment[0] == "NM1":
            level.entities.append(read_entity(segment))
        elif segment[0] == "PER":
            level.contacts.append(read_contact(segment))


def read_status_info(segment: list[str], context) -> StatusInfo:  # noqa: ANN001
    component = context.delimiters.component
    codes = [_status_code(segment[p], component) for p in (1, 10, 11) if p < len(segment) and segment[p]]
    return StatusInfo(
        codes,
        date_at(segment, 2, context),
        text_at(segment, 3),
        decimal_at(segment, 4, context),
        decimal_at(segment, 5, context),
        date_at(segment, 6, context),
        text_at(segment, 7),
        date_at(segment, 8, context),
        text_at(segment, 9),
        text_at(segment, 12),
    )


def _status_code(value: str, component: str) -> StatusCode:
    parts = value.split(component)
    return StatusCode(*(parts + ["", "", ""])[:4])


def _report(node: LoopNode, context) -> StatusReport:  # noqa: ANN001
    report = StatusReport(read_trace(node.segments[0]))
    for segment in node.segments[1:]:
        segment_id = segment[0]
        if segment_id == "QTY":
            report.quantities.append((text_at(segment, 1), decimal_at(segment, 2, context, required=True)))
        elif segment_id == "AMT":
            report.amounts.append((text_at(segment, 1), decimal_at(segment, 2, context, required=True)))
        else:
            _read_status_segment(report, segment, context)
    report.service_lines = [_service(loop, context) for loop in node.loops if _starts(loop, "SVC")]
    return report


def _service(node: LoopNode, context) -> ServiceStatus:  # noqa: ANN001
    svc = node.segments[0]
    line = ServiceStatus(
        read_procedure(text_at(svc, 1), context.delimiters.component),
        decimal_at(svc, 2, context),
        decimal_at(svc, 3, context),
        text_at(svc, 4),
        decimal_at(svc, 7, context),
    )
    for segment in node.segments[1:]:
        _read_status_segment(line, segment, context)
    return line


def _read_status_segment(holder: StatusReport | ServiceStatus, segment: list[str], context) -> None:  # noqa: ANN001
    """STC, REF and DTP of a status loop (a claim's or a service line's); other segments are skipped."""
    segment_id = segment[0]
    if segment_id == "STC":
        holder.statuses.append(read_status_info(segment, context))
    elif segment_id == "REF":
        holder.references.append(read_reference(segment))
    elif segment_id == "DTP":
        holder.dates.append(read_date_period(segment, context))
