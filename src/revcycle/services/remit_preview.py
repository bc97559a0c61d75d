"""Preview an 835 (what posting it would do) as an audited read, for the API and the web.

    report = preview_remittance(uow, user, data, source="era.835")   # a PostingReport, status dry_run
    rows = claim_payments(data)                                        # what the file says, claim by claim

`post_remittance(dry_run=True, strict=True)` plans without writing; the preview then records one READ
in the audit log (entity `remittance`, id `preview:<digest prefix>`, detail counts only), since
planning reads the practice's submitted claims. A file posted before reads nothing and is not audited.
`claim_payments` only reads the file (no database): the claim payments as the payer wrote them.
"""

from __future__ import annotations

from revcycle.edi.remit_read import read_835
from revcycle.practice.users import User
from revcycle.remittance.model import ClaimPayment
from revcycle.services import audit
from revcycle.services.remittances import PostingReport, post_remittance
from revcycle.store.uow import UnitOfWork


def preview_remittance(uow: UnitOfWork, user: User, data: bytes, source: str = "") -> PostingReport:
    report = post_remittance(uow, user, data, source, dry_run=True, strict=True)
    if report.status == "dry_run":
        with uow:
            audit.record(uow, user, audit.Action.READ, "remittance", f"preview:{report.digest[:20]}",
                         f"dry run: {report.claims} claims, {len(report.exceptions)} exceptions")  # fmt: skip
    return report


def claim_payments(data: bytes) -> list[dict]:
    """One row per claim payment in the 835, in file order: trace, claim control number, status, charge, paid,
    patient share (cents), its claim and line adjustment codes (`group-reason`, sorted, once each), reversal."""
    advices, _problems = read_835(data)
    return [_claim_payment(advice.trace_number, claim) for advice in advices for claim in advice.claims]


def _claim_payment(trace_number: str, claim: ClaimPayment) -> dict:
    codes = [f"{a.group}-{a.reason}" for a in claim.adjustments]
    codes += [f"{a.group}-{a.reason}" for line in claim.lines for a in line.adjustments]
    return {"trace": trace_number, "claim": claim.claim_id, "status": claim.status,
            "charge_cents": claim.charge_cents, "paid_cents": claim.paid_cents,
            "patient_cents": claim.patient_responsibility_cents or 0,
            "adjustments": sorted(set(codes)), "reversal": claim.is_reversal}  # fmt: skip
