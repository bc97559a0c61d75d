"""The payer's edits: each returns the denial it causes (group, CARC, RARCs) or None.

Claim-level edits deny every line (eligibility, timely filing, duplicate); line-level edits deny
one line (invalid diagnosis on the date of service, non-covered code, missing prior authorization,
NCCI procedure-to-procedure pairs, contract bundling). Every code look-up takes the date of service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from revcycle.codesets import icd10cm
from revcycle.codesets.ncci import PtpTable
from revcycle.payer.contract import Contract
from revcycle.simulator.config import Member
from revcycle.simulator.submitted import SubmittedClaim, SubmittedLine

NCCI_BYPASS_MODIFIERS = frozenset({"59", "XE", "XS", "XP", "XU", "25", "57", "91"})


@dataclass(frozen=True, slots=True)
class Denial:
    group: str
    reason: str  # CARC
    remarks: tuple[str, ...] = ()
    why: str = ""  # plain words, for logs and reports


def eligibility(claim: SubmittedClaim, member: Member | None) -> Denial | None:
    """CO-31 unknown member, CO-26 service before coverage, CO-27 after coverage ended."""
    if member is None:
        return Denial("CO", "31", ("N382",), f"member {claim.member_id!r} is not insured by this payer")
    first = claim.first_service_date
    if first < member.effective_from:
        return Denial("CO", "26", (), f"service on {first} before coverage began {member.effective_from}")
    if not member.covered_on(first):
        return Denial("CO", "27", (), f"service on {first} after coverage ended {member.effective_to}")
    return None


def timely_filing(claim: SubmittedClaim, contract: Contract) -> Denial | None:
    """CO-29: received more than the contract's filing limit after the first date of service."""
    days = (claim.received_on - claim.first_service_date).days
    if days > contract.timely_filing_days:
        return Denial(
            "CO", "29", (), f"received {days} days after service; limit {contract.timely_filing_days}"
        )
    return None


def invalid_diagnosis(claim: SubmittedClaim, line: SubmittedLine) -> Denial | None:
    """CO-16 with MA63 (principal) or M76 when a diagnosis the line points at is invalid on its DOS."""
    codes = [claim.diagnoses[p - 1] for p in line.diagnosis_pointers if 0 < p <= len(claim.diagnoses)]
    if not codes:
        return Denial("CO", "16", ("MA63",), "the line points at no diagnosis")
    bad = [f for f in icd10cm.validate(codes, line.service_date) if f.code in INVALID_DIAGNOSIS_FINDINGS]
    if not bad:
        return None
    remark = "MA63" if bad[0].location == claim.diagnoses[0] else "M76"
    return Denial("CO", "16", (remark,), f"diagnosis {bad[0].location} {bad[0].code} on {line.service_date}")


INVALID_DIAGNOSIS_FINDINGS = frozenset(
    {
        "not_in_release",
        "not_billable",
        "missing_7th_character",
        "invalid_7th_character",
        "missing_placeholder",
        "unknown_code",
    }
)


def non_covered(line: SubmittedLine, contract: Contract) -> Denial | None:
    if line.procedure_code in contract.non_covered_codes:
        return Denial("CO", "96", ("N130",), f"{line.procedure_code} is not covered by the plan")
    return None


def prior_authorization(claim: SubmittedClaim, line: SubmittedLine, contract: Contract) -> Denial | None:
    if line.procedure_code in contract.prior_authorization_codes and not claim.prior_authorization:
        return Denial("CO", "197", ("M62",), f"{line.procedure_code} needs a prior authorization")
    return None


def ncci_denials(lines: tuple[SubmittedLine, ...], table: PtpTable) -> dict[int, Denial]:
    """Column-2 codes of NCCI pairs billed with their column-1 code on the same day: CO-97 with M15.

    A pair with modifier indicator 1 is bypassed by an NCCI-associated modifier on either line."""
    denied: dict[int, Denial] = {}
    by_day: dict[date, list[SubmittedLine]] = {}
    for line in lines:
        by_day.setdefault(line.service_date, []).append(line)
    for day, day_lines in by_day.items():
        for edit in table.edits_among([line.procedure_code for line in day_lines], day):
            column1 = [line for line in day_lines if line.procedure_code == edit.column1]
            for line in (line for line in day_lines if line.procedure_code == edit.column2):
                bypassed = edit.bypassable and _has_bypass(line, column1)
                if not bypassed and line.line_number not in denied:
                    why = f"{edit.column2} is a component of {edit.column1} (NCCI) on {day}"
                    denied[line.line_number] = Denial("CO", "97", ("M15",), why)
    return denied


def _has_bypass(line: SubmittedLine, column1_lines: list[SubmittedLine]) -> bool:
    modifiers = set(line.modifiers).union(*(set(other.modifiers) for other in column1_lines))
    return bool(modifiers & NCCI_BYPASS_MODIFIERS)


def contract_bundling(lines: tuple[SubmittedLine, ...], contract: Contract) -> dict[int, Denial]:
    """Codes the contract never pays separately, billed the same day as another service: CO-97 with N390."""
    denied: dict[int, Denial] = {}
    for line in lines:
        if line.procedure_code not in contract.bundled_codes:
            continue
        others = [
            o
            for o in lines
            if o.service_date == line.service_date and o.procedure_code not in contract.bundled_codes
        ]
        if others:
            why = f"{line.procedure_code} is bundled into {others[0].procedure_code} by contract"
            denied[line.line_number] = Denial("CO", "97", ("N390",), why)
    return denied
