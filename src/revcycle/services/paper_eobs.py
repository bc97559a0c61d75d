"""Post a paper EOB (or a check with no ERA) keyed by a biller, through the 835's own posting.

    report = post_paper_eob(uow, user, eob, source="eob-0412.yaml")

- Balanced first: `remittance.paper_eob.eob_findings`; any error refuses the EOB with every problem located
  (VALIDATION, nothing written). Warnings (allowed != paid + patient) are reported, not blocking.
- The same posting as an 835: the EOB becomes a `RemittanceAdvice` and goes through
  `services.remittances.post_advices` (payment identity, `plan_remittance`, the write, the audit row), with
  ledger keys `eob:<digest>:…`.
- Exactly once, by the database: the remittance's digest is derived from the payer and the check number
  (`remittances.digest` is unique), so the same check keyed again changes nothing and says so, even from two
  desks at once; and a check already posted from an 835 (same payer + trace) is skipped with a note.
"""

from __future__ import annotations

import hashlib

from revcycle.claims.model import Claim
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.findings import Finding
from revcycle.practice import Payer
from revcycle.practice.users import Permission, User
from revcycle.remittance.paper_eob import PaperEob, blocking, eob_advice, eob_findings
from revcycle.services import claims
from revcycle.services.remittances import PostingReport, post_advices
from revcycle.store.uow import UnitOfWork


class EobNotBalanced(RevcycleError):
    """The EOB does not balance or is incomplete: `findings` says where."""

    def __init__(self, findings: list[Finding]) -> None:
        summary = "; ".join(f"{finding.location}: {finding.message}" for finding in findings[:5])
        more = f" (and {len(findings) - 5} more)" if len(findings) > 5 else ""
        super().__init__(ErrorCode.VALIDATION, f"the EOB does not post: {summary}{more}")
        self.findings = findings


def eob_digest(payer_code: str, check_number: str) -> str:
    """A paper check's identity: the payer and its check number (what makes posting it twice impossible)."""
    return hashlib.sha256(f"paper-eob\x1f{payer_code.strip()}\x1f{check_number.strip()}".encode()).hexdigest()


def check_paper_eob(uow: UnitOfWork, user: User, eob: PaperEob) -> list[Finding]:
    """Every finding on the EOB (errors and warnings), the payer checked against the practice's payers."""
    with uow:
        user.require(Permission.POST_LEDGER)
        findings = eob_findings(eob)
        if eob.payer_code.strip() and uow.remittances.payer_id_by_code(eob.payer_code.strip()) is None:
            findings.insert(
                0, Finding("unknown_payer", f"no payer with payer id {eob.payer_code!r}", location="payer")
            )
        return findings


def post_paper_eob(
    uow: UnitOfWork, user: User, eob: PaperEob, source: str = "", dry_run: bool = False
) -> PostingReport:
    """Check, then post the EOB as a remittance in one transaction; `dry_run` plans and writes nothing."""
    digest = eob_digest(eob.payer_code, eob.check_number)
    label = source or f"paper EOB {eob.method} {eob.check_number}"
    report = PostingReport("dry_run" if dry_run else "posted", digest, label[:200])
    with uow:
        findings = check_paper_eob(uow, user, eob)
        if errors := blocking(findings):
            raise EobNotBalanced(errors)
        report.notes += [f"{finding.location}: {finding.message}" for finding in findings]
        if (earlier := uow.remittances.remittance_by_digest(digest)) is not None:
            report.status, report.remittance_ids = "already_posted", [earlier.id]
            report.message = (f"check {eob.check_number} from payer {eob.payer_code} was posted on "
                              f"{earlier.received_at:%Y-%m-%d %H:%M} (remittance {earlier.id}); nothing changed")  # fmt: skip
            return report
        payer = uow.practice.payer(uow.remittances.payer_id_by_code(eob.payer_code.strip()))  # type: ignore[arg-type]
        post_advices(uow, user, report, [eob_advice(eob, payer.name)], dry_run, key="eob")
    return report


def eob_payers(uow: UnitOfWork, user: User) -> list[Payer]:
    """The practice's payers, by name: whom a paper check can come from."""
    with uow:
        user.require(Permission.POST_LEDGER)
        return sorted(uow.practice.payers(), key=lambda payer: payer.name)


def eob_claims(uow: UnitOfWork, user: User, claim_numbers: list[str]) -> list[Claim]:
    """The claims an EOB names, by number, with their lines (each read audited as `claims.get_claim` does)."""
    with uow:
        found = uow.claims.ids_by_number(number.strip() for number in claim_numbers if number.strip())
        missing = [number for number in claim_numbers if number.strip() and number.strip() not in found]
        if missing:
            raise RevcycleError(ErrorCode.NOT_FOUND, f"no claim {', '.join(missing)}")
        return [
            claims.get_claim(uow, user, found[number.strip()]) for number in claim_numbers if number.strip()
        ]
