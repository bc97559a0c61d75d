"""Build a `Remittance` from an 835 loop tree (ST_LOOP > 1000A, 1000B, 2000 > 2100 > 2110)."""

from __future__ import annotations

from decimal import Decimal

from revcycle.x12.guides.x835.model import (
    Adjudication,
    Adjustment,
    ClaimPayment,
    Contact,
    Name,
    Party,
    Procedure,
    ProviderAdjustment,
    Remittance,
    ServiceLine,
)
from revcycle.x12.loops import LoopNode
from revcycle.x12.values import _DATES as DATES
from revcycle.x12.values import _DECIMALS as DECIMALS
from revcycle.x12.values import Reporter, date_at, decimal_at, padded, text_at

ZERO = Decimal(0)
# MIA/MOA positions holding remark codes; every other non-empty position is an amount or quantity
REMARK_POSITIONS = {"MIA": frozenset({5, 20, 21, 22, 23}), "MOA": frozenset({3, 4, 5, 6, 7})}


def read_remittance(tree: LoopNode, context) -> Remittance:  # noqa: ANN001 - reader.TypedContext
    component = context.delimiters.component
    remittance = Remittance(context.transaction.control_number, "", ZERO)
    for segment in tree.segments:
        _read_header_segment(remittance, segment, context)
    for node in tree.loops:
        loop_id = node.spec.id
        if loop_id == "2000":
            _read_header_number(remittance, node, context, component)
        elif loop_id == "1000A":
            remittance.payer = _read_party(node)
        elif loop_id == "1000B":
            remittance.payee = _read_party(node)
    return remittance


def _read_header_segment(remittance: Remittance, segment: list[str], context: Reporter) -> None:
    segment_id = segment[0]
    if segment_id == "BPR":
        remittance.handling = text_at(segment, 1)
        remittance.total_paid = decimal_at(segment, 2, context, required=True) or ZERO
        remittance.credit_debit = text_at(segment, 3)
        remittance.payment_method = text_at(segment, 4)
        remittance.payment_format = text_at(segment, 5)
        remittance.bank = segment[6:16]
        remittance.payment_date = date_at(segment, 16, context)
    elif segment_id == "TRN":
        remittance.trace_type = text_at(segment, 1)
        remittance.trace_number = text_at(segment, 2)
        remittance.trace_payer_id = text_at(segment, 3)
        remittance.trace_payer_supplemental = text_at(segment, 4)
    elif segment_id == "CUR":
        remittance.currency = segment[1:]
    elif segment_id == "REF":
        remittance.references.append((text_at(segment, 1), text_at(segment, 2)))
    elif segment_id == "DTM":
        remittance.production_date = date_at(segment, 2, context)
    elif segment_id == "PLB":
        remittance.provider_adjustments.extend(_read_plb(segment, context))


def _read_plb(segment: list[str], context: Reporter) -> list[ProviderAdjustment]:
    provider_id = text_at(segment, 1)
    period_end = date_at(segment, 2, context)
    adjustments = []
    for position in range(3, len(segment) - 1, 2):
        identifier = segment[position]
        if not identifier:
            continue
        parts = identifier.split(context.delimiters.component)  # type: ignore[attr-defined]
        reason, reference = parts[0], parts[1] if len(parts) > 1 else ""
        amount = decimal_at(segment, position + 1, context, required=True) or ZERO
        adjustments.append(ProviderAdjustment(provider_id, period_end, reason, reference, amount))
    if len(segment) % 2 == 0 and segment[-1]:
        context.problem(
            segment, f"PLB{len(segment) - 1:02d} has no amount after it", element=len(segment) - 1
        )
    return adjustments


def _read_party(node: LoopNode) -> Party:
    party = Party(Name(""))
    for segment in node.segments:
        segment_id = segment[0]
        if segment_id == "N1":
            party.name = Name(
                text_at(segment, 1),
                "",
                text_at(segment, 2),
                id_qualifier=text_at(segment, 3),
                id=text_at(segment, 4),
            )
        elif segment_id == "N3":
            party.address = [value for value in segment[1:3] if value]
        elif segment_id == "N4":
            party.city, party.state, party.postal_code = (
                text_at(segment, 1),
                text_at(segment, 2),
                text_at(segment, 3),
            )
            party.country = text_at(segment, 4)
        elif segment_id == "REF":
            party.references.append((text_at(segment, 1), text_at(segment, 2)))
        elif segment_id == "PER":
            party.contacts.append(_read_contact(segment))
        elif segment_id == "RDM":
            party.delivery = segment[1:]
    return party


def _read_contact(segment: list[str]) -> Contact:
    numbers = [(segment[p], text_at(segment, p + 1)) for p in range(3, min(len(segment), 9), 2) if segment[p]]
    return Contact(text_at(segment, 1), text_at(segment, 2), numbers)


def _read_header_number(remittance: Remittance, node: LoopNode, context, component: str) -> None:  # noqa: ANN001
    number = text_at(node.segments[0], 1)
    summaries = [segment for segment in node.segments[1:] if segment[0] in ("TS3", "TS2")]
    if summaries:
        remittance.summaries[number] = summaries
    claims = remittance.claims
    for claim_node in node.loops:
        claims.append(_read_claim(claim_node, number, context, component))


def _read_claim(node: LoopNode, header_number: str, context, component: str) -> ClaimPayment:  # noqa: ANN001
    raw = node.segments[0]
    clp = padded(raw, 14)
    claim = ClaimPayment(
        clp[1],
        clp[2],
        DECIMALS.get(clp[3]) or decimal_at(raw, 3, context, required=True) or ZERO,
        DECIMALS.get(clp[4]) or decimal_at(raw, 4, context, required=True) or ZERO,
        decimal_at(raw, 5, context) if clp[5] else None,
        clp[6],
        clp[7],
        clp[8],
        clp[9],
        clp[11],
        decimal_at(raw, 12, context) if clp[12] else None,
        decimal_at(raw, 13, context) if clp[13] else None,
        header_number,
    )
    segments = node.segments
    for index in range(1, len(segments)):
        segment = segments[index]
        segment_id = segment[0]
        if segment_id == "NM1":
            nm1 = padded(segment, 10)
            claim.names.append(Name(nm1[1], nm1[2], nm1[3], nm1[4], nm1[5], nm1[7], nm1[8], nm1[9]))
        elif segment_id == "DTM":
            value = segment[2] if len(segment) > 2 else ""
            claim.dates.append(
                (segment[1] if len(segment) > 1 else "", DATES.get(value) or date_at(segment, 2, context))
            )
        else:
            _read_claim_segment(claim, segment, context)
    lines = claim.service_lines
    for line_node in node.loops:
        lines.append(_read_service_line(line_node, context, component))
    return claim


def _read_claim_segment(claim: ClaimPayment, segment: list[str], context: Reporter) -> None:
    segment_id = segment[0]
    if segment_id == "CAS":
        claim.adjustments.extend(read_adjustments(segment, context))
    elif segment_id == "REF":
        claim.references.append((text_at(segment, 1), text_at(segment, 2)))
    elif segment_id == "AMT":
        claim.amounts.append((text_at(segment, 1), decimal_at(segment, 2, context, required=True) or ZERO))
    elif segment_id == "QTY":
        claim.quantities.append((text_at(segment, 1), decimal_at(segment, 2, context, required=True) or ZERO))
    elif segment_id in ("MIA", "MOA"):
        claim.adjudications.append(_read_adjudication(segment, context))
    elif segment_id == "PER":
        claim.contacts.append(_read_contact(segment))


def _read_adjudication(segment: list[str], context: Reporter) -> Adjudication:
    adjudication = Adjudication(segment[0])
    remark_positions = REMARK_POSITIONS[segment[0]]
    for position in range(1, len(segment)):
        if not segment[position]:
            continue
        if position in remark_positions:
            adjudication.remark_codes[position] = segment[position]
        else:
            value = decimal_at(segment, position, context)
            if value is not None:
                adjudication.values[position] = value
    return adjudication


def read_adjustments(segment: list[str], context: Reporter) -> list[Adjustment]:
    """CAS: a group code, then up to six (reason, amount, quantity) triples."""
    group = text_at(segment, 1)
    adjustments = []
    size = len(segment)
    for position in range(2, min(size, 20), 3):
        reason = segment[position]
        if not reason:
            continue
        amount = DECIMALS.get(segment[position + 1]) if position + 1 < size else None
        if amount is None:
            amount = decimal_at(segment, position + 1, context, required=True) or ZERO
        quantity = decimal_at(segment, position + 2, context) if position + 2 < size else None
        adjustments.append(Adjustment(group, reason, amount, quantity))
    return adjustments


def read_procedure(value: str, component: str) -> Procedure:
    parts = value.split(component)
    if len(parts) == 2:
        return Procedure(parts[0], parts[1], [])
    parts += [""] * (8 - len(parts))
    modifiers = [modifier for modifier in parts[2:6] if modifier]
    return Procedure(parts[0], parts[1], modifiers, parts[6])


def _read_service_line(node: LoopNode, context, component: str) -> ServiceLine:  # noqa: ANN001
    raw = node.segments[0]
    svc = padded(raw, 8)
    line = ServiceLine(
        read_procedure(svc[1], component),
        DECIMALS.get(svc[2]) or decimal_at(raw, 2, context, required=True) or ZERO,
        DECIMALS.get(svc[3]) or decimal_at(raw, 3, context, required=True) or ZERO,
        svc[4],
        decimal_at(raw, 5, context) if svc[5] else None,
        read_procedure(svc[6], component) if svc[6] else None,
        decimal_at(raw, 7, context) if svc[7] else None,
    )
    segments = node.segments
    for index in range(1, len(segments)):
        segment = segments[index]
        segment_id = segment[0]
        if segment_id == "DTM":
            value = segment[2] if len(segment) > 2 else ""
            line.dates.append(
                (segment[1] if len(segment) > 1 else "", DATES.get(value) or date_at(segment, 2, context))
            )
        elif segment_id == "CAS":
            line.adjustments.extend(read_adjustments(segment, context))
        elif segment_id == "AMT":
            value = segment[2] if len(segment) > 2 else ""
            amount = DECIMALS.get(value) or decimal_at(segment, 2, context, required=True) or ZERO
            line.amounts.append((segment[1] if len(segment) > 1 else "", amount))
        elif segment_id == "REF":
            line.references.append((text_at(segment, 1), text_at(segment, 2)))
        elif segment_id == "QTY":
            line.quantities.append(
                (text_at(segment, 1), decimal_at(segment, 2, context, required=True) or ZERO)
            )
        elif segment_id == "LQ":
            line.remarks.append((text_at(segment, 1), text_at(segment, 2)))
    return line
