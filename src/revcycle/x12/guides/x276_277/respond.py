"""The 277 that answers a 276: same hierarchy, each claim's trace echoed; statuses left to fill.

    response = status_response_skeleton(request, control_number="0001")
    for level, claim in response.claims():
        claim.statuses.append(StatusInfo([StatusCode("F1", "65")], adjudicated_on, charge=..., paid=...))
        for line in claim.service_lines:
            line.statuses.append(StatusInfo([StatusCode("F1", "65")], adjudicated_on))

Claim levels keep the patient, the claim's references the 277 carries (1K, BLT, EJ, XZ, VV, D9)
and service dates; 276-only items (DMG, AMT*T3) are dropped. Every 277 claim and service line
needs at least one STC before it is written (the TR3 requires it).
"""

from __future__ import annotations

import copy

from revcycle.x12.guides.parts import Trace
from revcycle.x12.guides.x276_277.model import (
    ClaimStatusTransaction,
    ServiceStatus,
    StatusLevel,
    StatusReport,
)

RESPONSE_REFERENCES = frozenset({"1K", "BLT", "EJ", "XZ", "VV", "D9"})


def status_response_skeleton(request: ClaimStatusTransaction, control_number: str) -> ClaimStatusTransaction:
    return ClaimStatusTransaction(
        "277",
        "005010X212",
        control_number,
        "0010",
        "08",
        request.reference,
        request.created,
        request.time,
        "DG",
        [_level(level) for level in request.levels],
    )


def _level(level: StatusLevel) -> StatusLevel:
    return StatusLevel(
        level.level,
        copy.deepcopy(level.entities),
        reports=[_report(report) for report in level.reports],
        children=[_level(child) for child in level.children],
    )


def _report(report: StatusReport) -> StatusReport:
    trace = report.trace
    return StatusReport(
        Trace("2", trace.number, trace.originator, trace.supplemental),
        references=[copy.copy(ref) for ref in report.references if ref.qualifier in RESPONSE_REFERENCES],
        dates=copy.deepcopy(report.dates),
        service_lines=[_line(line) for line in report.service_lines],
    )


def _line(line: ServiceStatus) -> ServiceStatus:
    return ServiceStatus(
        copy.deepcopy(line.procedure),
        line.charge,
        line.paid,
        line.revenue_code,
        line.units,
        references=copy.deepcopy(line.references),
        dates=copy.deepcopy(line.dates),
    )
