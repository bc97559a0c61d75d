"""Build a 277CA (005010X214) acknowledging received claims, as a payer or clearinghouse sends it.

    transaction = build_claim_acknowledgment(batch, claims)
    text = write_claim_status([transaction], header, sender=..., receiver=..., group_control=...)

One 2000C billing provider level per provider (in the order claims name them), one 2000D patient
level per claim; the receiver (2200B) and provider (2200C) levels carry STC A1:19 (received) and
the accepted/rejected counts (QTY 90/AA, QA/QC) and totals (AMT YU/YY). An accepted claim gets
STC WQ and its payer claim control number (REF*1K); a rejected one STC U with its codes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from revcycle.x12.guides.parts import DatePeriod, Entity, Reference, Trace
from revcycle.x12.guides.x276_277.model import (
    ACCEPTED_CATEGORIES,
    ClaimStatusTransaction,
    StatusCode,
    StatusInfo,
    StatusLevel,
    StatusReport,
)

VERSION = "005010X214"
RECEIVED = StatusCode("A1", "19")  # entity acknowledges receipt of claim/encounter


@dataclass(frozen=True, slots=True)
class ReceivedClaim:
    """One claim of the 837 batch being acknowledged, and the verdict on it."""

    patient_control_number: str  # CLM01
    charge: Decimal
    patient: Entity  # NM1*QC
    billing_provider: Entity  # NM1*85
    service_start: dt.date
    statuses: tuple[StatusCode, ...]  # A2:20 accepted; A7:562:85, A3:21 … rejected
    service_end: dt.date | None = None
    payer_claim_number: str = ""  # REF*1K, accepted claims
    clearinghouse_trace: str = ""  # REF*D9
    bill_type: str = ""  # REF*BLT (institutional claims)

    @property
    def accepted(self) -> bool:
        return bool(self.statuses) and all(code.category in ACCEPTED_CATEGORIES for code in self.statuses)


@dataclass(frozen=True, slots=True)
class AcknowledgedBatch:
    """Who acknowledges what: the 837 batch (its BHT03 is the receiver-level trace) and when."""

    control_number: str  # ST02 of the 277CA
    reference: str  # BHT03 / 2200A TRN02: this acknowledgement's id
    payer: Entity  # NM1*PR
    submitter: Entity  # NM1*41: who sent the 837
    batch_trace: str  # 2200B TRN02: the 837's BHT03
    received: dt.date  # DTP*050
    processed: dt.date  # DTP*009, BHT04, STC02
    time: str = "1200"  # BHT05


def build_claim_acknowledgment(
    batch: AcknowledgedBatch, claims: list[ReceivedClaim]
) -> ClaimStatusTransaction:
    source = StatusLevel("20", [batch.payer])
    source.reports.append(
        StatusReport(
            Trace("1", batch.reference),
            dates=[DatePeriod("050", batch.received), DatePeriod("009", batch.processed)],
        )
    )
    receiver = StatusLevel("21", [batch.submitter])
    receiver.reports.append(_summary(Trace("2", batch.batch_trace), claims, batch.processed, ("90", "AA")))
    source.children.append(receiver)
    providers: dict[tuple[str, str], list[ReceivedClaim]] = {}
    for claim in claims:
        providers.setdefault((claim.billing_provider.id_qualifier, claim.billing_provider.id), []).append(
            claim
        )
    for number, provider_claims in enumerate(providers.values(), start=1):
        provider = StatusLevel("19", [provider_claims[0].billing_provider])
        trace = Trace("1", f"{batch.reference}-{number}")
        provider.reports.append(_summary(trace, provider_claims, None, ("QA", "QC")))  # 2200C: no STC02
        provider.children = [_patient(claim, batch.processed) for claim in provider_claims]
        receiver.children.append(provider)
    return ClaimStatusTransaction(
        "277",
        VERSION,
        batch.control_number,
        "0085",
        "08",
        batch.reference,
        batch.processed,
        batch.time,
        "TH",
        [source],
    )


def _summary(
    trace: Trace, claims: list[ReceivedClaim], processed: dt.date | None, qualifiers: tuple[str, str]
) -> StatusReport:
    accepted = [claim for claim in claims if claim.accepted]
    rejected = [claim for claim in claims if not claim.accepted]
    total = sum((claim.charge for claim in claims), Decimal(0))
    report = StatusReport(trace, [StatusInfo([RECEIVED], processed, "WQ", total)])
    for qualifier, group in zip(qualifiers, (accepted, rejected), strict=True):
        if group:
            report.quantities.append((qualifier, Decimal(len(group))))
    for qualifier, group in zip(("YU", "YY"), (accepted, rejected), strict=True):
        if group:
            report.amounts.append((qualifier, sum((claim.charge for claim in group), Decimal(0))))
    return report


def _patient(claim: ReceivedClaim, processed: dt.date) -> StatusLevel:
    status = StatusInfo(list(claim.statuses[:3]), processed, "WQ" if claim.accepted else "U", claim.charge)
    report = StatusReport(Trace("2", claim.patient_control_number), [status])
    for qualifier, value in (
        ("1K", claim.payer_claim_number if claim.accepted else ""),
        ("D9", claim.clearinghouse_trace),
        ("BLT", claim.bill_type),
    ):
        if value:
            report.references.append(Reference(qualifier, value))
    if claim.service_end is not None and claim.service_end != claim.service_start:
        report.dates.append(DatePeriod("472", claim.service_start, claim.service_end, "RD8"))
    else:
        report.dates.append(DatePeriod("472", claim.service_start))
    return StatusLevel("PT", [claim.patient], reports=[report])
