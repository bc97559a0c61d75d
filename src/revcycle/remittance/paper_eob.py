"""A paper EOB (or a check without an ERA) as the biller keys it, balanced before it posts.

    problems = eob_findings(eob)            # located: "check", "claim C12", "claim C12 line 2 (99214)"
    advice = eob_advice(eob, payer_name)    # the same `RemittanceAdvice` an 835 is read into

The biller types what the paper says: the payer, the check (or EFT) number, date and amount, and per claim
and per line the billed, allowed and paid amounts, each adjustment with its group (CO, PR, OA, PI, CR) and
CARC, the remarks (RARCs) and the patient's responsibility. It posts only when it balances the way an 835
must: per line billed = paid + adjustments; the check = the sum of the claim payments; the patient
responsibility printed = the PR adjustments. Once balanced it becomes a `RemittanceAdvice` and goes through
the very posting an 835 goes through (`remittance.posting.plan_remittance`, `services.remittances`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from revcycle.kernel.findings import Finding, Severity
from revcycle.kernel.money import Money
from revcycle.remittance.model import (
    DENIED_STATUS,
    PATIENT_RESPONSIBILITY,
    Adjustment,
    ClaimPayment,
    RemittanceAdvice,
    ServicePayment,
)

GROUPS = ("CO", "PR", "OA", "PI", "CR")
CLAIM_STATUSES = {"primary": "1", "secondary": "2", "tertiary": "3", "denied": DENIED_STATUS}
PAYMENT_METHODS = {"check": "CHK", "eft": "ACH"}
_CARC = re.compile(r"^[A-Z0-9]{1,5}$")
_RARC = re.compile(r"^[A-Z]{1,2}[0-9]{1,4}$")


@dataclass(frozen=True, slots=True)
class EobLine:
    procedure_code: str
    billed_cents: int
    paid_cents: int
    allowed_cents: int | None = None
    modifiers: tuple[str, ...] = ()
    service_date: date | None = None
    adjustments: tuple[Adjustment, ...] = ()
    remarks: tuple[str, ...] = ()  # RARCs
    patient_responsibility_cents: int | None = None  # as printed; must equal the PR adjustments

    @property
    def adjusted_cents(self) -> int:
        return sum(adjustment.amount_cents for adjustment in self.adjustments)

    @property
    def patient_cents(self) -> int:
        return sum(a.amount_cents for a in self.adjustments if a.group == PATIENT_RESPONSIBILITY)


@dataclass(frozen=True, slots=True)
class EobClaim:
    claim_number: str  # our claim number, as the EOB prints it (the patient account / control number)
    lines: tuple[EobLine, ...]
    payer_claim_number: str = ""
    status: str = "primary"  # primary | secondary | tertiary | denied
    remarks: tuple[str, ...] = ()  # claim-level RARCs

    @property
    def billed_cents(self) -> int:
        return sum(line.billed_cents for line in self.lines)

    @property
    def paid_cents(self) -> int:
        return sum(line.paid_cents for line in self.lines)


@dataclass(frozen=True, slots=True)
class PaperEob:
    payer_code: str  # the payer's id (as on its claims: e.g. 87726)
    check_number: str  # check or EFT trace number
    check_date: date
    check_total_cents: int
    claims: tuple[EobClaim, ...]
    method: str = "check"  # check | eft

    @property
    def claim_paid_cents(self) -> int:
        return sum(claim.paid_cents for claim in self.claims)


def _error(code: str, message: str, location: str, hint: str = "") -> Finding:
    return Finding(code, message, Severity.ERROR, location, hint)


def eob_findings(eob: PaperEob) -> list[Finding]:
    """Everything that keeps the EOB from posting (errors) or looks odd (warnings), each with where it is."""
    found = _check_findings(eob)
    seen: set[str] = set()
    for number, claim in enumerate(eob.claims, start=1):
        where = f"claim {claim.claim_number or number}"
        if not claim.claim_number.strip():
            found.append(
                _error("missing_claim_number", f"claim {number} has no claim number", f"claim {number}")
            )
        elif claim.claim_number in seen:
            found.append(_error("duplicate_claim", f"{claim.claim_number} is on this EOB twice", where))
        seen.add(claim.claim_number)
        if claim.status not in CLAIM_STATUSES:
            found.append(
                _error(
                    "unknown_status", f"status {claim.status!r}: one of {', '.join(CLAIM_STATUSES)}", where
                )
            )
        if not claim.lines:
            found.append(_error("no_lines", "a claim needs at least one service line", where))
        found += _remark_findings(claim.remarks, where)
        for line_number, line in enumerate(claim.lines, start=1):
            found += line_findings(line, f"{where} line {line_number} ({line.procedure_code or '?'})")
    return found


def _check_findings(eob: PaperEob) -> list[Finding]:
    found = []
    if not eob.payer_code.strip():
        found.append(_error("missing_payer", "choose the payer that sent the EOB", "payer"))
    if not eob.check_number.strip() or len(eob.check_number) > 50:
        found.append(_error("missing_check_number", "the check or EFT number is 1..50 characters", "check"))
    if eob.method not in PAYMENT_METHODS:
        found.append(_error("unknown_method", f"payment method {eob.method!r}: check or eft", "check"))
    if eob.check_total_cents < 0:
        found.append(_error("negative_check", "the check amount cannot be negative", "check"))
    if not eob.claims:
        found.append(_error("no_claims", "an EOB needs at least one claim", "check"))
    elif eob.check_total_cents != eob.claim_paid_cents:
        off = eob.check_total_cents - eob.claim_paid_cents
        found.append(_error("check_not_balanced",
                            f"check total {Money(eob.check_total_cents)} != claim payments {Money(eob.claim_paid_cents)}"
                            f" (off by {Money(off)})", "check",
                            "a paid amount was keyed wrong, or a claim of the check is missing"))  # fmt: skip
    return found


def line_findings(line: EobLine, where: str) -> list[Finding]:
    """One service line: amounts, adjustment groups and codes, and billed = paid + adjustments."""
    found = []
    if not line.procedure_code.strip():
        found.append(_error("missing_code", "the procedure code is required", where))
    if line.billed_cents <= 0:
        found.append(_error("invalid_billed", "the billed amount must be positive", where))
    if line.paid_cents < 0:
        found.append(_error("negative_paid", "a paid amount cannot be negative on a paper EOB", where))
    for adjustment in line.adjustments:
        found += _adjustment_findings(adjustment, where)
    found += _remark_findings(line.remarks, where)
    if line.billed_cents != line.paid_cents + line.adjusted_cents:
        off = line.billed_cents - line.paid_cents - line.adjusted_cents
        found.append(_error("line_not_balanced",
                            f"billed {Money(line.billed_cents)} != paid {Money(line.paid_cents)} + adjustments "
                            f"{Money(line.adjusted_cents)} (off by {Money(off)})", where,
                            "add the missing adjustment (e.g. CO-45) or correct the paid amount"))  # fmt: skip
    if (
        line.patient_responsibility_cents is not None
        and line.patient_responsibility_cents != line.patient_cents
    ):
        found.append(_error("patient_share_not_balanced",
                            f"patient responsibility {Money(line.patient_responsibility_cents)} != PR adjustments "
                            f"{Money(line.patient_cents)}", where, "key the deductible/coinsurance/copay as PR-1/PR-2/PR-3"))  # fmt: skip
    if line.allowed_cents is not None:
        found += _allowed_findings(line, where)
    return found


def _allowed_findings(line: EobLine, where: str) -> list[Finding]:
    allowed = line.allowed_cents or 0
    if allowed < 0 or allowed > line.billed_cents:
        return [_error("invalid_allowed", f"allowed {Money(allowed)} must be between 0 and billed", where)]
    if allowed != line.paid_cents + line.patient_cents:
        return [Finding("allowed_differs", f"allowed {Money(allowed)} != paid {Money(line.paid_cents)} + patient "
                        f"{Money(line.patient_cents)}; check the EOB (a sequestration or other reduction?)",
                        Severity.WARNING, where)]  # fmt: skip
    return []


def _adjustment_findings(adjustment: Adjustment, where: str) -> list[Finding]:
    found = []
    if adjustment.group not in GROUPS:
        found.append(
            _error(
                "unknown_group", f"adjustment group {adjustment.group!r}: one of {', '.join(GROUPS)}", where
            )
        )
    if not _CARC.match(adjustment.reason):
        found.append(_error("invalid_carc", f"CARC {adjustment.reason!r} is 1..5 letters or digits", where))
    if adjustment.amount_cents == 0:
        found.append(
            _error("zero_adjustment", f"{adjustment.group}-{adjustment.reason} has no amount", where)
        )
    return found


def _remark_findings(remarks: tuple[str, ...], where: str) -> list[Finding]:
    return [_error("invalid_rarc", f"remark {remark!r} is not a RARC (e.g. N130, M15, MA01)", where)
            for remark in remarks if not _RARC.match(remark)]  # fmt: skip


def blocking(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.severity is Severity.ERROR]


def eob_advice(eob: PaperEob, payer_name: str) -> RemittanceAdvice:
    """The EOB as the remittance model an 835 is read into (CLP04 = the claim's paid, SVC per line)."""
    claims = tuple(_claim_payment(claim) for claim in eob.claims)
    return RemittanceAdvice(payer_name, eob.payer_code, "", "", eob.check_number, eob.check_date,
                            eob.check_total_cents, PAYMENT_METHODS.get(eob.method, "CHK"), claims=claims)  # fmt: skip


def _claim_payment(claim: EobClaim) -> ClaimPayment:
    lines = tuple(
        ServicePayment(line.procedure_code.upper(), line.billed_cents, line.paid_cents,
                       tuple(m.upper() for m in line.modifiers), service_date=line.service_date,
                       adjustments=line.adjustments, remarks=line.remarks, allowed_cents=line.allowed_cents)
        for line in claim.lines
    )  # fmt: skip
    patient = sum(line.patient_cents for line in claim.lines)
    return ClaimPayment(claim.claim_number, CLAIM_STATUSES.get(claim.status, "1"), claim.billed_cents,
                        claim.paid_cents, patient, payer_claim_number=claim.payer_claim_number,
                        lines=lines, remarks=claim.remarks)  # fmt: skip
