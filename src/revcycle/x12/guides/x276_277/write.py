"""Write 276 requests, 277 responses (005010X212) and 277CA acknowledgements (005010X214).

    text = write_claim_status([transaction], header, sender="PAYER", receiver="CLINIC", group_control=9)

The guide's spec drives the layout: which HL levels nest where, whether HL04 is used, and the
order of the REF qualifiers in a status loop. Each level writes HL (DMG), its NM1 loop (NM1,
PER), its status loops (TRN, STC, REF, QTY, AMT, DTP, then service lines SVC, STC, REF, DTP)
and then its child levels; HL ids are numbered in document order.
"""

from __future__ import annotations

import itertools

from revcycle.x12.errors import X12Error
from revcycle.x12.guides import FUNCTIONAL_IDS, guide_for
from revcycle.x12.guides.parts import (
    Reference,
    contact_values,
    date_period_values,
    demographics_values,
    entity_values,
    heading_values,
    hl_values,
    reference_values,
    trace_values,
)
from revcycle.x12.guides.x276_277.model import (
    ClaimStatusTransaction,
    ServiceStatus,
    StatusInfo,
    StatusLevel,
    StatusReport,
)
from revcycle.x12.guides.x835.write import procedure_value
from revcycle.x12.spec import LoopSpec, SegmentSpec
from revcycle.x12.values import format_date, format_decimal
from revcycle.x12.writer import Group, InterchangeHeader, Transaction, Value, write_interchange

Body = list[list[Value]]


def claim_status_segments(transaction: ClaimStatusTransaction) -> Body:
    """The body (between ST and SE) of one 276, 277 or 277CA."""
    guide = guide_for(transaction.set_id, transaction.version)
    if guide is None:
        raise X12Error(f"no guide for {transaction.set_id} {transaction.version}")
    body: Body = [heading_values(transaction.structure, transaction)]
    numbers = itertools.count(1)
    for level in transaction.levels:
        body += _level(level, guide.spec, None, numbers)
    return body


def write_claim_status(
    transactions: list[ClaimStatusTransaction],
    header: InterchangeHeader,
    *,
    sender: str,
    receiver: str,
    group_control: int,
    line_break: str = "\n",
) -> str:
    """One interchange, one functional group: HR for 276s, HN for 277s and 277CAs (same version)."""
    kinds = {(t.set_id, t.version) for t in transactions}
    if len(kinds) != 1:
        raise X12Error(f"one functional group holds one transaction type and version, got {sorted(kinds)}")
    set_id, version = kinds.pop()
    sets = [Transaction(t.set_id, t.control_number, claim_status_segments(t)) for t in transactions]
    group = Group(FUNCTIONAL_IDS[set_id], sender, receiver, group_control, version, sets)
    return write_interchange(header, [group], line_break=line_break)


def _child_loop(parent: LoopSpec, segment_id: str, code: str | None = None) -> LoopSpec | None:
    for item in parent.items:
        if isinstance(item, LoopSpec) and item.start.id == segment_id:
            codes = item.start.elements[2].codes if segment_id == "HL" else None
            if code is None or codes is None or code in codes:
                return item
    return None


def _level(level: StatusLevel, parent: LoopSpec, parent_number: int | None, numbers: itertools.count) -> Body:
    spec = _child_loop(parent, "HL", level.level)
    if spec is None:
        raise X12Error(f"HL level {level.level!r} has no place under loop {parent.id}")
    number = next(numbers)
    uses_child_code = len(spec.start.elements) > 3 and spec.start.elements[3].usage != "N"
    has_children = bool(level.children) if uses_child_code else None
    body: Body = [hl_values(number, parent_number, level.level, has_children, level.hl_child_code)]
    if level.demographics is not None:
        body.append(demographics_values(level.demographics))
    body += [entity_values(entity) for entity in level.entities]
    body += [contact_values(contact) for contact in level.contacts]
    report_spec = _child_loop(spec, "TRN")
    for report in level.reports:
        body += _report(report, report_spec)
    for child in level.children:
        body += _level(child, spec, number, numbers)
    return body


def status_values(status: StatusInfo) -> list[Value]:
    codes: list[Value] = [
        (code.category, code.status, code.entity, code.code_list or None) for code in status.codes
    ]
    codes += [None] * (3 - len(codes))
    return [
        "STC",
        codes[0],
        format_date(status.effective_date),
        status.action,
        format_decimal(status.charge),
        format_decimal(status.paid),
        format_date(status.adjudication_date),
        status.payment_method,
        format_date(status.payment_date),
        status.check_number,
        codes[1],
        codes[2],
        status.message,
    ]


def _ordered_references(references: list[Reference], spec: LoopSpec | None) -> list[Reference]:
    """REFs in the order the guide lists their qualifiers (unknown qualifiers last, as read)."""
    if spec is None:
        return references
    ranks: dict[str, int] = {}
    for rank, item in enumerate(spec.items):
        if isinstance(item, SegmentSpec) and item.id == "REF" and item.elements[0].codes:
            for code in item.elements[0].codes:
                ranks.setdefault(code, rank)
    return sorted(references, key=lambda reference: ranks.get(reference.qualifier, len(spec.items)))


def _report(report: StatusReport, spec: LoopSpec | None) -> Body:
    body: Body = [trace_values(report.trace)]
    body += [status_values(status) for status in report.statuses]
    body += [reference_values(reference) for reference in _ordered_references(report.references, spec)]
    body += [["QTY", qualifier, format_decimal(value)] for qualifier, value in report.quantities]
    body += [["AMT", qualifier, format_decimal(value)] for qualifier, value in report.amounts]
    body += [date_period_values(period) for period in report.dates]
    for line in report.service_lines:
        body += service_line_segments(line)
    return body


def service_line_segments(line: ServiceStatus) -> Body:
    """Loop 2210 (276) / 2220 (277): SVC, STC, REF, DTP."""
    body: Body = [
        [
            "SVC",
            procedure_value(line.procedure),
            format_decimal(line.charge),
            format_decimal(line.paid),
            line.revenue_code,
            None,
            None,
            format_decimal(line.units),
        ]
    ]
    body += [status_values(status) for status in line.statuses]
    body += [reference_values(reference) for reference in line.references]
    body += [date_period_values(period) for period in line.dates]
    return body
