"""Build an 837I batch (`x837p.model.ClaimBatch` holding `InstitutionalClaim`s) from its loop tree."""

from __future__ import annotations

from decimal import Decimal

from revcycle.x12.guides.x837i.model import InstitutionalClaim, InstitutionalLine
from revcycle.x12.guides.x837p.model import ClaimBatch
from revcycle.x12.guides.x837p.read import read_claim_loops, read_claim_segment, read_claims, read_party
from revcycle.x12.loops import LoopNode
from revcycle.x12.values import date_range_at, decimal_at, neutral, padded, text_at

ZERO = Decimal(0)


def read_institutional_claims(tree: LoopNode, context) -> ClaimBatch:  # noqa: ANN001 - reader.TypedContext
    return read_claims(tree, context, read_claim=_read_claim)


def _read_claim(node: LoopNode, context, component: str) -> InstitutionalClaim:  # noqa: ANN001
    clm = padded(node.segments[0], 21)
    facility = clm[5].split(component) + ["", "", ""]
    claim = InstitutionalClaim(
        clm[1],
        decimal_at(node.segments[0], 2, context, required=True) or ZERO,
        facility[0],
        facility[2],
        clm[7],
        clm[8],
        clm[9],
        clm[20],
    )
    for segment in node.segments[1:]:
        segment_id = segment[0]
        if segment_id == "HI":
            claim.codes += [value.split(component) for value in segment[1:] if value]
        elif segment_id == "DTP" and text_at(segment, 1) == "434":
            claim.statement_from, claim.statement_to = date_range_at(segment, 3, context)
        elif segment_id == "CL1":
            claim.admission_type, claim.admission_source = text_at(segment, 1), text_at(segment, 2)
            claim.patient_status = text_at(segment, 3)
        else:
            read_claim_segment(claim, segment, component)
    read_claim_loops(claim, node, context, component, _read_line)
    return claim


def _read_line(node: LoopNode, context, component: str) -> InstitutionalLine:  # noqa: ANN001
    raw = next((segment for segment in node.segments if segment[0] == "SV2"), ["SV2"])
    sv2 = padded(raw, 8)
    procedure = sv2[2].split(component) + [""] * 7
    line = InstitutionalLine(
        sv2[1],
        decimal_at(raw, 3, context, required=True) or ZERO,
        decimal_at(raw, 5, context) or ZERO,
        sv2[4],
        procedure[0],
        procedure[1],
        [modifier for modifier in procedure[2:6] if modifier],
        procedure[6],
        decimal_at(raw, 7, context) if sv2[7] else None,
        line_number=text_at(node.segments[0], 1),
    )
    for segment in node.segments[1:]:
        if segment is raw:
            continue
        if segment[0] == "DTP" and text_at(segment, 1) == "472":
            line.service_date, line.service_end = date_range_at(segment, 3, context)
        elif segment[0] == "REF":
            line.references.append((text_at(segment, 1), text_at(segment, 2)))
        else:
            line.extra.append(neutral(segment, component))
    for child in node.loops:
        if child.spec.id.startswith("2420"):
            line.providers.append(read_party(child, context))
        else:
            line.extra += [neutral(segment, component) for segment in child.segments]
    return line
