"""Billing edits: duplicates, timely filing, place of service vs procedure, E/M with a same-day procedure.

Finding codes: duplicate_line, duplicate_claim, timely_filing_expired, timely_filing_near,
pos_not_allowed_for_procedure, em_with_procedure_needs_25.

Place of service rules (CMS Pub. 100-04 ch. 12 §30.6): hospital inpatient/observation care
99221-99239 is facility-only (21, 22, 51, 61); emergency department visits 99281-99285 are POS 23;
nursing facility visits 99304-99310 are POS 31/32; office/outpatient visits 99202-99215 are not
billed from an inpatient, ED or nursing-facility place of service.

Minor and major surgery (MPFS global days 000/010/090, `data/global_surgery_demo.csv` for the demo
CPT subset) includes the usual same-day E/M: a separately identifiable E/M needs modifier 25 (57 when
it is the decision for a 090-day surgery).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

from revcycle.claims.model import Claim, ClaimLine, ClaimStatus, Frequency
from revcycle.kernel.findings import Finding, Severity
from revcycle.scrub import procedures
from revcycle.scrub.context import ScrubContext
from revcycle.scrub.edits_ncci import lines_by_date
from revcycle.scrub.registry import BOTH_KINDS, edit

REPEAT_MODIFIERS = frozenset({"76", "77", "91", "59", "XE", "XS", "XP", "XU", "RT", "LT"})
SURGICAL_GLOBALS = frozenset({"000", "010", "090"})
GLOBAL_SURGERY_FILE = Path(__file__).resolve().parent / "data" / "global_surgery_demo.csv"
INACTIVE = frozenset({ClaimStatus.VOIDED, ClaimStatus.REJECTED, ClaimStatus.CORRECTED})


@dataclass(frozen=True, slots=True)
class PlaceRule:
    first: str
    last: str
    allowed: frozenset[str] | None  # None: any place except `forbidden`
    forbidden: frozenset[str]
    setting: str


PLACE_RULES = (
    PlaceRule("99221", "99239", frozenset({"21", "22", "51", "61"}), frozenset(), "hospital inpatient or observation care"),
    PlaceRule("99281", "99285", frozenset({"23"}), frozenset(), "emergency department visit"),
    PlaceRule("99304", "99310", frozenset({"31", "32"}), frozenset(), "nursing facility visit"),
    PlaceRule("99202", "99215", None, frozenset({"21", "23", "31", "32", "51", "61"}), "office or outpatient visit"),
)


@cache
def surgical_global_days() -> dict[str, str]:
    with GLOBAL_SURGERY_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["global_days"] for row in csv.DictReader(handle)}


@edit("billing")
def check_duplicate_lines(claim: Claim, context: ScrubContext) -> list[Finding]:
    """The same code, modifiers and date twice on one claim (without a repeat/distinct modifier)."""
    seen: dict[tuple[str, tuple[str, ...], object], ClaimLine] = {}
    findings: list[Finding] = []
    for line in claim.lines:
        key = (line.procedure_code.upper(), tuple(sorted(line.modifiers)), line.service_date)
        first = seen.get(key)
        if first is not None and not REPEAT_MODIFIERS & set(line.modifiers):
            where = f"line {line.line_number}"
            findings.append(Finding("duplicate_line", f"{where} repeats line {first.line_number} "
                                    f"({line.procedure_code} on {line.service_date.isoformat()})", location=where,
                                    hint="bill one line with the total units, or add 76/77/91 when it was repeated"))
        seen.setdefault(key, line)
    return findings


@edit("billing")
def check_duplicate_claim(claim: Claim, context: ScrubContext) -> list[Finding]:
    """Another active original claim for the same patient, payer, dates and codes."""
    if claim.frequency is not Frequency.ORIGINAL:
        return []
    signature = _claim_signature(claim)
    for other in context.other_claims:
        if other.claim_id == claim.claim_id or other.status in INACTIVE or other.frequency is Frequency.VOID:
            continue
        if _claim_signature(other) == signature:
            return [Finding("duplicate_claim", f"claim {claim.claim_id} duplicates claim {other.claim_id} "
                            f"({other.status}): same patient, payer, dates and services", location="claim",
                            hint="do not resubmit; follow up the first claim, or send a corrected claim (7)")]
    return []


def _claim_signature(claim: Claim) -> tuple[object, ...]:
    patient = claim.patient
    services = tuple(sorted((line.procedure_code, line.service_date, tuple(sorted(line.modifiers))) for line in claim.lines))
    return (patient.last_name.upper(), patient.first_name.upper(), patient.birth_date,
            claim.subscriber.member_id.upper(), claim.payer.payer_code.upper(), services)


@edit("billing", kinds=BOTH_KINDS)
def check_timely_filing(claim: Claim, context: ScrubContext) -> list[Finding]:
    """Submitted within the payer's filing limit from the date of service (warn in the last 30 days)."""
    if not claim.lines:
        return []
    deadline = claim.first_service_date + timedelta(days=claim.payer.timely_filing_days)
    left = (deadline - context.today).days
    if left < 0:
        return [Finding("timely_filing_expired",
                        f"the {claim.payer.timely_filing_days}-day filing limit of {claim.payer.name} ended "
                        f"{deadline.isoformat()} ({-left} days ago)", location="claim",
                        hint="appeal only with proof of timely filing (an earlier clearinghouse acceptance)")]
    if left <= context.timely_filing_warning_days:
        return [Finding("timely_filing_near", f"{left} days left to file with {claim.payer.name} "
                        f"(limit {deadline.isoformat()})", Severity.WARNING, location="claim",
                        hint="submit this claim today")]
    return []


@edit("billing")
def check_place_of_service_for_procedure(claim: Claim, context: ScrubContext) -> list[Finding]:
    """Facility-only and setting-specific E/M codes billed from a place of service that fits them."""
    findings: list[Finding] = []
    for line in claim.lines:
        place = claim.line_place_of_service(line)
        rule = next((r for r in PLACE_RULES if r.first <= line.procedure_code <= r.last and line.procedure_code.isdecimal()), None)
        if rule is None:
            continue
        allowed = place in rule.allowed if rule.allowed is not None else place not in rule.forbidden
        if allowed:
            continue
        where = f"line {line.line_number}"
        expected = f"one of {', '.join(sorted(rule.allowed))}" if rule.allowed else "a non-inpatient place"
        findings.append(Finding("pos_not_allowed_for_procedure",
                                f"{where}: {line.procedure_code} ({rule.setting}) does not fit place of service "
                                f"{place} (expected {expected})", location=where,
                                hint="pick the code for the setting where the patient was seen, or fix the place of service"))
    return findings


@edit("billing")
def check_em_with_procedure(claim: Claim, context: ScrubContext) -> list[Finding]:
    """An E/M on the same day as a minor/major procedure carries modifier 25 (or 57).

    Pairs the NCCI table already edits are left to the NCCI edit (one finding per problem)."""
    findings: list[Finding] = []
    globals_by_code = surgical_global_days()
    for dos, lines in lines_by_date(claim).items():
        surgeries = [line for line in lines if globals_by_code.get(line.procedure_code) in SURGICAL_GLOBALS]
        if not surgeries:
            continue
        for line in lines:
            if not procedures.is_em(line.procedure_code, dos, context.cpt_codes) or {"25", "57"} & set(line.modifiers):
                continue
            unpaired = [s for s in surgeries if context.ptp.edit_for(s.procedure_code, line.procedure_code, dos) is None]
            if len(unpaired) < len(surgeries):
                continue  # the NCCI pair edit already asks for 25 on this E/M
            where = f"line {line.line_number}"
            procedure = surgeries[0]
            findings.append(Finding("em_with_procedure_needs_25",
                                    f"{where}: E/M {line.procedure_code} billed with procedure {procedure.procedure_code} "
                                    f"(global {globals_by_code[procedure.procedure_code]}) on {dos.isoformat()} without "
                                    "modifier 25", location=where,
                                    hint="append 25 when the E/M is significant and separately identifiable; else "
                                         "drop the E/M (the procedure includes its usual evaluation)"))
    return findings
