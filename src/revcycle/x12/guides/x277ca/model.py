"""What a biller reads in a 277CA: per claim, accepted or rejected, why, and the numbers to track it.

    for claim in claim_acknowledgments(transaction):      # transaction: ClaimStatusTransaction (277CA)
        claim.patient_control_number, claim.accepted, claim.status_codes, claim.payer_claim_number

A view over the loop-structured `ClaimStatusTransaction` (x276_277.model), which stays the
lossless model that is written back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from revcycle.x12.guides.parts import Entity
from revcycle.x12.guides.x276_277.model import (
    ACCEPTED_CATEGORIES,
    ClaimStatusTransaction,
    StatusCode,
    StatusLevel,
)


@dataclass(frozen=True, slots=True)
class ClaimAcknowledgment:
    """One claim of a 277CA (loop 2200D)."""

    patient_control_number: str  # TRN02: the CLM01 the 837 sent
    accepted: bool  # every STC category is A1/A2/A5 and no STC03 says U (reject)
    status_codes: tuple[StatusCode, ...]  # every STC composite of the claim, in order
    charge: Decimal | None  # STC04 of the first STC
    status_date: dt.date | None  # STC02 of the first STC
    payer_claim_number: str = ""  # REF*1K
    clearinghouse_trace: str = ""  # REF*D9
    bill_type: str = ""  # REF*BLT (institutional)
    patient: Entity | None = None  # 2100D NM1*QC
    billing_provider: Entity | None = None  # 2100C NM1*85
    service_date: dt.date | None = None  # DTP*472 (start of a range)
    rejected_lines: tuple[str, ...] = field(default=())  # REF*FJ (or SVC01 code) of rejected lines


def claim_acknowledgments(transaction: ClaimStatusTransaction) -> list[ClaimAcknowledgment]:
    found: list[ClaimAcknowledgment] = []
    for source in transaction.levels:
        _collect(source, None, found)
    return found


def _collect(level: StatusLevel, provider: Entity | None, found: list[ClaimAcknowledgment]) -> None:
    if level.level == "19":
        provider = level.entity
    if level.level == "PT":
        found += [_claim(level, report, provider) for report in level.reports]
    for child in level.children:
        _collect(child, provider, found)


def _claim(level: StatusLevel, report, provider: Entity | None) -> ClaimAcknowledgment:  # noqa: ANN001
    codes = tuple(code for status in report.statuses for code in status.codes)
    accepted = bool(codes) and all(code.category in ACCEPTED_CATEGORIES for code in codes)
    accepted = accepted and not any(status.action == "U" for status in report.statuses)
    first = report.statuses[0] if report.statuses else None
    service = next((period for period in report.dates if period.qualifier == "472"), None)
    rejected_lines = tuple(
        next((ref.value for ref in line.references if ref.qualifier == "FJ"), line.procedure.code)
        for line in report.service_lines
        if any(status.is_rejection for status in line.statuses)
    )
    return ClaimAcknowledgment(
        report.trace.number,
        accepted,
        codes,
        first.charge if first else None,
        first.effective_date if first else None,
        report.payer_claim_number,
        report.clearinghouse_trace,
        report.reference("BLT"),
        level.entity,
        provider,
        service.start if service else None,
        rejected_lines,
    )
