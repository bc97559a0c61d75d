"""Build a `ClaimBatch` from an 837P loop tree (1000A/B, 2000A > 2000B > 2000C, 2300 > 2310/2320/2400)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from revcycle.x12.guides.x835.read import read_adjustments
from revcycle.x12.guides.x837p.model import (
    Address,
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
from revcycle.x12.loops import LoopNode
from revcycle.x12.values import _DATES as DATES
from revcycle.x12.values import _DECIMALS as DECIMALS
from revcycle.x12.values import (
    Reporter,
    date_at,
    date_range_at,
    decimal_at,
    neutral,
    padded,
    parse_date,
    text_at,
)

if TYPE_CHECKING:
    from revcycle.x12.guides.x837i.model import InstitutionalClaim

ZERO = Decimal(0)
EMPTY_COMPONENTS = ("",) * 7  # SV101 padded to its seven components
ClaimReader = Callable[[LoopNode, Any, str], Any]  # (2300 node, context, component separator) -> claim
LineReader = Callable[[LoopNode, Any, str], Any]  # (2400 node, context, component separator) -> line


def read_claims(tree: LoopNode, context, read_claim: ClaimReader | None = None) -> ClaimBatch:  # noqa: ANN001
    """The batch; `read_claim` builds each 2300 loop (the 837I guide passes its own)."""
    read_claim = read_claim or _read_claim
    bht = tree.first("BHT") or ["BHT"]
    empty = Party(Name(""))
    batch = ClaimBatch(
        context.transaction.control_number,
        text_at(bht, 3),
        parse_date(text_at(bht, 4)),  # type: ignore[arg-type]
        text_at(bht, 5),
        empty,
        empty,
        purpose=text_at(bht, 2),
        claim_or_encounter=text_at(bht, 6),
    )
    component = context.delimiters.component
    for node in tree.loops:
        loop_id = node.spec.id
        if loop_id == "1000A":
            batch.submitter = read_party(node, context)
        elif loop_id == "1000B":
            batch.receiver = read_party(node, context)
        elif loop_id == "2000A":
            batch.billing_providers.append(_read_billing_provider(node, context, component, read_claim))
    return batch


def read_party(node: LoopNode, context: Reporter) -> Party:
    party = Party(Name(""))
    for segment in node.segments:
        segment_id = segment[0]
        if segment_id == "NM1":
            nm1 = padded(segment, 10)
            party.name = Name(nm1[1], nm1[2], nm1[3], nm1[4], nm1[5], nm1[7], nm1[8], nm1[9])
        elif segment_id == "N3":
            party.address = party.address or Address([], "")
            party.address.lines = [line for line in segment[1:3] if line]
        elif segment_id == "N4":
            party.address = party.address or Address([], "")
            party.address.city, party.address.state = text_at(segment, 1), text_at(segment, 2)
            party.address.postal_code, party.address.country = text_at(segment, 3), text_at(segment, 4)
        elif segment_id == "REF":
            party.references.append((text_at(segment, 1), text_at(segment, 2)))
        elif segment_id == "PER":
            party.contacts.append(segment[1:])
        elif segment_id == "PRV":
            party.provider_code, party.taxonomy = text_at(segment, 1), text_at(segment, 3)
        elif segment_id == "DMG":
            party.birth_date, party.gender = date_at(segment, 2, context), text_at(segment, 3)
        else:
            party.extra.append(neutral(segment, context.delimiters.component))  # type: ignore[attr-defined]
    return party


def _read_billing_provider(
    node: LoopNode, context, component: str, read_claim: ClaimReader
) -> BillingProvider:  # noqa: ANN001
    provider = BillingProvider(Party(Name("85")))
    for segment in node.segments[1:]:
        if segment[0] == "PRV":
            provider.taxonomy = text_at(segment, 3)
        elif segment[0] == "CUR":
            provider.currency = text_at(segment, 2)
        else:
            provider.extra.append(neutral(segment, component))
    for child in node.loops:
        loop_id = child.spec.id
        if loop_id == "2010AA":
            provider.party = read_party(child, context)
        elif loop_id == "2010AB":
            provider.pay_to = read_party(child, context)
        elif loop_id == "2010AC":
            provider.pay_to_plan = read_party(child, context)
        elif loop_id == "2000B":
            provider.subscribers.append(_read_subscriber(child, context, component, read_claim))
    return provider


def _read_subscriber(node: LoopNode, context, component: str, read_claim: ClaimReader) -> Subscriber:  # noqa: ANN001
    sbr = node.first("SBR") or ["SBR"]
    subscriber = Subscriber(
        text_at(sbr, 1),
        Party(Name("IL")),
        Party(Name("PR")),
        text_at(sbr, 2),
        text_at(sbr, 3),
        text_at(sbr, 4),
        text_at(sbr, 5),
        text_at(sbr, 9),
    )
    subscriber.extra = [neutral(segment, component) for segment in node.segments[1:] if segment[0] != "SBR"]
    for child in node.loops:
        loop_id = child.spec.id
        if loop_id == "2010BA":
            subscriber.party = read_party(child, context)
        elif loop_id == "2010BB":
            subscriber.payer = read_party(child, context)
        elif loop_id == "2300":
            subscriber.claims.append(read_claim(child, context, component))
        elif loop_id == "2000C":
            subscriber.patients.append(_read_patient(child, context, component, read_claim))
    return subscriber


def _read_patient(node: LoopNode, context, component: str, read_claim: ClaimReader) -> Patient:  # noqa: ANN001
    pat = node.first("PAT") or ["PAT"]
    patient = Patient(text_at(pat, 1), Party(Name("QC", "1")))
    patient.details = pat[2:]
    for child in node.loops:
        if child.spec.id == "2010CA":
            patient.party = read_party(child, context)
        elif child.spec.id == "2300":
            patient.claims.append(read_claim(child, context, component))
    return patient


def _read_claim(node: LoopNode, context, component: str) -> Claim:  # noqa: ANN001
    raw = node.segments[0]
    clm = padded(raw, 21)
    facility = clm[5].split(component)
    causes = clm[11].split(component) if clm[11] else []
    claim = Claim(
        clm[1],
        DECIMALS.get(clm[2]) or decimal_at(raw, 2, context, required=True) or ZERO,
        facility[0],
        facility[2] if len(facility) > 2 else "",
        clm[6],
        clm[7],
        clm[8],
        clm[9],
        [cause for cause in causes[:3] if cause],
        causes[3] if len(causes) > 3 else "",
        clm[20],
    )
    for segment in node.segments[1:]:
        if segment[0] == "HI":
            _read_diagnoses(claim, segment, component)
        else:
            read_claim_segment(claim, segment, component)
    read_claim_loops(claim, node, context, component, _read_service_line)
    return claim


def _read_diagnoses(claim: Claim, hi: list[str], component: str) -> None:
    for value in hi[1:]:
        qualifier, _, code = value.partition(component)
        if code:
            claim.diagnosis_qualifiers.append(qualifier)
            claim.diagnoses.append(code.split(component)[0])


def read_claim_segment(claim: Claim | InstitutionalClaim, segment: list[str], component: str) -> None:
    """DTP, REF or NTE of a 2300 loop (837P or 837I); any other segment is kept in `extra`."""
    segment_id = segment[0]
    if segment_id == "DTP":
        claim.dates.append((text_at(segment, 1), text_at(segment, 2), text_at(segment, 3)))
    elif segment_id == "REF":
        claim.references.append((text_at(segment, 1), text_at(segment, 2)))
    elif segment_id == "NTE":
        claim.notes.append((text_at(segment, 1), text_at(segment, 2)))
    else:
        claim.extra.append(neutral(segment, component))


def read_claim_loops(
    claim: Claim | InstitutionalClaim, node: LoopNode, context, component: str, read_line: LineReader  # noqa: ANN001
) -> None:
    """A 2300 loop's child loops (837P or 837I): 2400 lines (`read_line`), 2320 other payers, 2310x parties."""
    for child in node.loops:
        loop_id = child.spec.id
        if loop_id == "2400":
            claim.service_lines.append(read_line(child, context, component))
        elif loop_id == "2320":
            claim.other_payers.append(_read_other_payer(child, context))
        else:
            claim.providers.append(read_party(child, context))


def _read_other_payer(node: LoopNode, context: Reporter) -> OtherPayer:
    sbr = node.segments[0]
    other = OtherPayer(
        text_at(sbr, 1), text_at(sbr, 2), text_at(sbr, 3), text_at(sbr, 4), text_at(sbr, 5), text_at(sbr, 9)
    )
    for segment in node.segments[1:]:
        segment_id = segment[0]
        if segment_id == "CAS":
            other.adjustments += read_adjustments(segment, context)
        elif segment_id == "AMT" and text_at(segment, 1) in ("D", "EAF", "A8"):
            amount = decimal_at(segment, 2, context, required=True)
            setattr(
                other,
                {"D": "paid", "EAF": "remaining_patient_liability", "A8": "non_covered"}[segment[1]],
                amount,
            )
        elif segment_id == "OI":
            other.benefits_assigned, other.release_of_information = text_at(segment, 3), text_at(segment, 6)
        else:
            other.extra.append(neutral(segment, context.delimiters.component))  # type: ignore[attr-defined]
    for child in node.loops:
        party = read_party(child, context)
        if child.spec.id == "2330A":
            other.subscriber = party
        elif child.spec.id == "2330B":
            other.payer = party
        else:
            other.providers.append(party)
    return other


def _read_service_line(node: LoopNode, context, component: str) -> ServiceLine:  # noqa: ANN001
    segments = node.segments
    raw = (
        segments[1]
        if len(segments) > 1 and segments[1][0] == "SV1"
        else next((s for s in segments if s[0] == "SV1"), ["SV1"])
    )
    sv1 = padded(raw, 16)
    procedure = sv1[1].split(component)
    if len(procedure) < 7:
        procedure += EMPTY_COMPONENTS[len(procedure) :]
    pointers = [int(p) for p in sv1[7].split(component) if p.isdecimal()] if sv1[7] else []
    line = ServiceLine(
        procedure[0],
        procedure[1],
        DECIMALS.get(sv1[2]) or decimal_at(raw, 2, context, required=True) or ZERO,
        DECIMALS.get(sv1[4]) or decimal_at(raw, 4, context, required=True) or ZERO,
        sv1[3],
        [modifier for modifier in procedure[2:6] if modifier] if procedure[2] else [],
        procedure[6],
        sv1[5],
        pointers,
        sv1[9],
        sv1[11],
        sv1[12],
        sv1[15],
    )
    lx = segments[0]
    line.line_number = lx[1] if len(lx) > 1 else ""
    for segment in segments[1:]:
        if segment is raw:
            continue
        segment_id = segment[0]
        if segment_id == "DTP" and len(segment) > 3 and segment[1] == "472":
            value = segment[3]
            cached = DATES.get(value)
            line.service_date, line.service_end = (
                (cached, cached) if cached else date_range_at(segment, 3, context)
            )
        elif segment_id == "REF":
            line.references.append((text_at(segment, 1), text_at(segment, 2)))
        else:
            line.extra.append(neutral(segment, component))
    for child in node.loops:
        loop_id = child.spec.id
        if loop_id == "2430":
            line.adjudications.append(_read_adjudication(child, context))
        elif loop_id in ("2410", "2440"):
            line.drug += [neutral(segment, component) for segment in child.segments]
        else:
            line.providers.append(read_party(child, context))
    return line


def _read_adjudication(node: LoopNode, context: Reporter) -> LineAdjudication:
    svd = node.segments[0]
    component = context.delimiters.component  # type: ignore[attr-defined]
    adjudication = LineAdjudication(
        text_at(svd, 1),
        decimal_at(svd, 2, context, required=True) or ZERO,
        text_at(svd, 3).split(component),
        decimal_at(svd, 5, context, required=True) or ZERO,
        text_at(svd, 6),
    )
    for segment in node.segments[1:]:
        if segment[0] == "CAS":
            adjudication.adjustments += read_adjustments(segment, context)
        elif segment[0] == "DTP":
            adjudication.paid_date = date_at(segment, 3, context)
        elif segment[0] == "AMT":
            adjudication.remaining_patient_liability = decimal_at(segment, 2, context)
    return adjudication
