"""What a payer said about a claim (a posted 835 or paper EOB) as FHIR R4 ClaimResponse and
ExplanationOfBenefit resources, pure.

    remitted = RemittedClaim(...)                 # built by services.fhir_export from the posted rows
    claim_response_resource(remitted)             # ClaimResponse/<remittance claim id>
    eob_resource(remitted)                        # ExplanationOfBenefit/<remittance claim id>

Adjudications, per line (and at the claim level for claim-level adjustments):
- `submitted` the charge, `eligible` the allowed amount (the payer's AMT*B6, else paid + patient share),
  `benefit` the amount paid;
- one per adjustment (CAS): PR-1 as `deductible`, PR-3 as `copay`, PR-2 as CARIN's `coinsurance`, any other
  as CARIN's `adjustmentreason`; each with its CARC as `reason` and its group code (CO, PR, OA, PI, CR) as the
  category's text, and its RARCs in the line's `noteNumber`s / the resource's `processNote`.
A remitted claim a later 835 reversed is `cancelled`; the reversal itself is not exported (it is how the
payer took the first one back).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from revcycle.claims.model import Claim
from revcycle.codesets.code_refs import dotted
from revcycle.interfaces import fhir_codes as codes
from revcycle.interfaces.fhir_export import (
    compact,
    concept,
    instant,
    modifiers,
    money,
    payer_organization,
    product,
    provider_resource,
    reference,
    serviced,
)

Json = dict[str, Any]
GROUP_WORDS = {"CO": "contractual obligation", "PR": "patient responsibility", "OA": "other adjustment",
               "PI": "payer initiated reduction", "CR": "correction and reversal"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class RemittedAdjustment:
    group: str  # CO, PR, OA, PI, CR
    carc: str
    amount_cents: int
    rarcs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RemittedLine:
    line_number: int  # its position in the remitted claim
    claim_line_number: int | None  # the line of our claim it paid (REF*6R), None: not one of ours
    procedure_code: str
    modifiers: tuple[str, ...]
    service_date: date
    units: int
    charge_cents: int
    paid_cents: int
    allowed_cents: int
    adjustments: tuple[RemittedAdjustment, ...] = ()


@dataclass(frozen=True, slots=True)
class RemittedClaim:
    """One claim of a posted remittance, with the claim it answers and where that claim sits."""

    id: int  # remittance_claims.id
    claim: Claim
    claim_row_id: int
    patient_id: int
    coverage_id: int | None
    status_code: str  # CLP02
    payer_claim_number: str
    charge_cents: int
    paid_cents: int
    payment_date: date | None
    trace_number: str
    received_at: datetime
    reversed: bool = False
    adjustments: tuple[RemittedAdjustment, ...] = ()  # claim level
    lines: tuple[RemittedLine, ...] = field(default=())


def _category(adjustment: RemittedAdjustment) -> Json:
    if adjustment.group == "PR" and adjustment.carc in ("1", "3"):
        code = "deductible" if adjustment.carc == "1" else "copay"
        found = concept(codes.ADJUDICATION, code)
    elif adjustment.group == "PR" and adjustment.carc == "2":
        found = concept(codes.CARIN_ADJUDICATION, "coinsurance")
    else:
        found = concept(codes.CARIN_DISCRIMINATOR, "adjustmentreason")
    return {**found, "text": f"{adjustment.group} {GROUP_WORDS.get(adjustment.group, '')}".strip()}


def _adjustment(adjustment: RemittedAdjustment) -> Json:
    return {"category": _category(adjustment), "reason": concept(codes.CARC, adjustment.carc),
            "amount": money(adjustment.amount_cents)}  # fmt: skip


def _amount(code: str, cents: int) -> Json:
    return {"category": concept(codes.ADJUDICATION, code), "amount": money(cents)}


def _line_adjudication(line: RemittedLine) -> list[Json]:
    return ([_amount("submitted", line.charge_cents), _amount("eligible", line.allowed_cents),
             _amount("benefit", line.paid_cents)] + [_adjustment(a) for a in line.adjustments])  # fmt: skip


class _Notes:
    """The remark codes (RARCs) met, numbered once each, for `processNote` and the lines' `noteNumber`."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def of(self, adjustments: tuple[RemittedAdjustment, ...]) -> list[int]:
        for remark in (r for a in adjustments for r in a.rarcs):
            self.numbers.setdefault(remark, len(self.numbers) + 1)
        return sorted({self.numbers[r] for a in adjustments for r in a.rarcs})

    def process_notes(self) -> list[Json]:
        return [{"number": number, "type": "display", "text": f"{remark} (remittance advice remark code)"}
                for remark, number in self.numbers.items()]  # fmt: skip


def _sequence(line: RemittedLine, remitted: RemittedClaim) -> int:
    """The claim's line number, else a number after every line of the claim (a line the payer added)."""
    if line.claim_line_number is not None:
        return line.claim_line_number
    return max((cl.line_number for cl in remitted.claim.lines), default=0) + line.line_number


def _payment(remitted: RemittedClaim) -> Json:
    """What the payer paid on this claim: an 835's claim is adjudicated in full (`complete`, less adjustments)."""
    found = {"type": concept(codes.PAYMENT_TYPE, "complete"), "amount": money(remitted.paid_cents),
             "identifier": {"system": codes.PAYMENT_TRACE, "value": remitted.trace_number}}  # fmt: skip
    return {**found, "date": remitted.payment_date.isoformat()} if remitted.payment_date else found


def _header(remitted: RemittedClaim, resource_type: str) -> Json:
    words = codes.CLAIM_STATUS_WORDS.get(remitted.status_code, f"claim status {remitted.status_code}")
    identifiers = (
        [{"system": codes.PAYER_CLAIM_NUMBER, "value": remitted.payer_claim_number}]
        if remitted.payer_claim_number
        else []
    )
    return {"resourceType": resource_type, "id": str(remitted.id),
            "contained": [payer_organization(remitted.claim.payer, "insurer")], "identifier": identifiers,
            "status": "cancelled" if remitted.reversed else "active",
            "type": concept(codes.CLAIM_TYPE, "professional"), "use": "claim",
            "patient": reference("Patient", remitted.patient_id), "created": instant(remitted.received_at),
            "insurer": {"reference": "#insurer"}, "outcome": "complete",
            "disposition": f"{words} (CLP02 {remitted.status_code})"}  # fmt: skip


def _totals(remitted: RemittedClaim) -> list[Json]:
    allowed = sum(line.allowed_cents for line in remitted.lines)
    found = [_amount("submitted", remitted.charge_cents)]
    found += [_amount("eligible", allowed)] if remitted.lines else []
    return found + [_amount("benefit", remitted.paid_cents)]


def claim_response_resource(remitted: RemittedClaim) -> Json:
    """The payer's answer to our claim: an item per line of ours it paid (an addItem for a line it added),
    the claim-level adjustments, the totals and the payment (amount, date, check/EFT trace)."""
    notes = _Notes()
    items, added = [], []
    for line in remitted.lines:
        if line.claim_line_number is None:
            added.append({"productOrService": product(line.procedure_code), "modifier": modifiers(line.modifiers),
                          **serviced(line.service_date, None), "quantity": {"value": line.units},
                          "net": money(line.charge_cents), "noteNumber": notes.of(line.adjustments),
                          "adjudication": _line_adjudication(line)})  # fmt: skip
            continue
        items.append({"itemSequence": line.claim_line_number, "noteNumber": notes.of(line.adjustments),
                      "adjudication": _line_adjudication(line)})  # fmt: skip
    notes.of(
        remitted.adjustments
    )  # claim-level remarks: processNote only (a ClaimResponse header has no noteNumber)
    resource = {**_header(remitted, "ClaimResponse"), "request": reference("Claim", remitted.claim_row_id),
                "item": [compact(item) for item in items], "addItem": [compact(item) for item in added],
                "adjudication": [_adjustment(a) for a in remitted.adjustments], "total": _totals(remitted),
                "payment": _payment(remitted), "processNote": notes.process_notes()}  # fmt: skip
    return compact(resource)


def eob_resource(remitted: RemittedClaim) -> Json:
    """The explanation of benefit: the claim and its answer in one resource, for a patient or a system that
    reads benefits (Blue Button, CARIN): provider, coverage, diagnoses by reference to the claim, items with
    what was billed and how the payer adjudicated each."""
    claim, notes = remitted.claim, _Notes()
    items = [compact({"sequence": _sequence(line, remitted), "noteNumber": notes.of(line.adjustments),
                     "productOrService": product(line.procedure_code), "modifier": modifiers(line.modifiers),
                     **serviced(line.service_date, None), "quantity": {"value": line.units},
                     "net": money(line.charge_cents), "adjudication": _line_adjudication(line)})
             for line in remitted.lines]  # fmt: skip
    notes.of(remitted.adjustments)
    coverage = (reference("Coverage", remitted.coverage_id) if remitted.coverage_id is not None
                else {"identifier": {"value": claim.subscriber.member_id}, "display": claim.payer.name})  # fmt: skip
    header = _header(remitted, "ExplanationOfBenefit")
    header["contained"] = header["contained"] + [provider_resource(claim.billing, "billing")]
    resource = {**header, "provider": {"reference": "#billing"}, "claim": reference("Claim", remitted.claim_row_id),
                "claimResponse": reference("ClaimResponse", remitted.id),
                "billablePeriod": {"start": claim.first_service_date.isoformat(),
                                   "end": claim.last_service_date.isoformat()},
                "diagnosis": [{"sequence": n, "diagnosisCodeableConcept": concept(codes.ICD10CM, dotted(code))}
                              for n, code in enumerate(claim.diagnoses, start=1)],
                "insurance": [{"focal": True, "coverage": coverage}], "item": items,
                "adjudication": [_adjustment(a) for a in remitted.adjustments], "total": _totals(remitted),
                "payment": _payment(remitted), "processNote": notes.process_notes()}  # fmt: skip
    return compact(resource)


__all__ = ["RemittedAdjustment", "RemittedClaim", "RemittedLine", "claim_response_resource", "eob_resource"]
