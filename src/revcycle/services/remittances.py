"""Post an 835: payments, contractual adjustments, patient responsibility, denials, reversals,
interest and provider-level adjustments, as ONE transaction per file.

    report = post_remittance(uow, user, data, source="era-0412.835", dry_run=False)

- Idempotent: a file whose content was posted before (same digest) changes nothing and says so
  (`status="already_posted"`); the ledger keys (`era:<digest>:...`) are idempotent too.
- Balanced: every transaction set must satisfy BPR02 = sum(CLP04) - sum(PLB); if one does not, the
  file is rejected, nothing is posted and the exception queue says why.
- Claims that cannot post (unknown CLP01, unmatched line, unbalanced claim, a reversal of nothing)
  go to the exception queue with a reason; the rest post. Nothing is lost: every claim is recorded.
- Atomic: everything happens inside one unit of work; any failure (or a killed process) posts nothing.
- `dry_run=True` plans and reports without writing anything.
- `strict=True` (the API) refuses a file with any located X12 error (X12_SYNTAX naming the segment and
  element); by default such a file posts what could be read, as a clearinghouse inbox needs.
- COB: a claim's next payer is the patient's next coverage (`secondary_claims.coordinate`); the
  patient share (PR) moves to it and its claim is built (`report.secondary_claims`); without one, to the patient.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from revcycle.edi.remit_read import read_835
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.ledger import postings
from revcycle.practice.users import Permission, User
from revcycle.remittance.model import RemittanceAdvice
from revcycle.services import audit
from revcycle.services.appeals import settle_appeals
from revcycle.services.claims_bridge import submissions_from_claims
from revcycle.services.correction_postings import close_replaced, replaced_charge_reversals
from revcycle.services.remittance_plan import TOTALS, ClaimPlan, plan_claim
from revcycle.services.remittance_write import CHUNK_CLAIMS, write_claims
from revcycle.services.secondary_claims import build_secondary_claims, coordinate
from revcycle.services.underpayments import record_remitted_lines
from revcycle.store.repositories.remittances import RemittanceRepository
from revcycle.store.uow import UnitOfWork

Progress = Callable[[int, int], None]  # (claims done, claims in the file)


@dataclass(slots=True)
class PostingReport:
    status: str  # posted | already_posted | rejected | dry_run
    digest: str
    source: str = ""
    remittance_ids: list[int] = field(default_factory=list)
    trace_numbers: list[str] = field(default_factory=list)
    total_paid_cents: int = 0
    claims: int = 0
    claims_posted: int = 0
    claims_reversed: int = 0
    entries_posted: int = 0
    denials: int = 0
    provider_adjustment_cents: int = 0
    secondary_claims: list[str] = field(default_factory=list)  # next payers' claims built (COB)
    totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TOTALS, 0))
    exceptions: list[dict] = field(default_factory=list)  # claim, reason, message
    notes: list[str] = field(default_factory=list)
    message: str = ""

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def file_digest(data: bytes) -> str:
    """The content's identity: line breaks (CR/LF) and surrounding blanks do not make a different file."""
    canonical = data.replace(b"\r", b"").replace(b"\n", b"").strip()
    return hashlib.sha256(canonical).hexdigest()


def post_remittance(
    uow: UnitOfWork,
    user: User,
    data: bytes,
    source: str = "",
    dry_run: bool = False,
    progress: Progress | None = None,
    chunk_claims: int = CHUNK_CLAIMS,
    strict: bool = False,
) -> PostingReport:
    digest = file_digest(data)
    report = PostingReport("dry_run" if dry_run else "posted", digest, source)
    with uow:
        user.require(Permission.POST_LEDGER)
        repository = uow.remittances
        if (earlier := repository.remittance_by_digest(digest)) is not None:
            report.status, report.remittance_ids = "already_posted", [earlier.id]
            report.message = f"already {earlier.status} on {earlier.received_at:%Y-%m-%d %H:%M} (remittance {earlier.id}); nothing changed"
            return report
        advices, problems = read_835(data)  # after the replay check: a replay costs one look-up
        if not advices:
            message = f"{source or 'the file'}: no readable 835 ({'; '.join(problems[:3])})"
            raise RevcycleError(ErrorCode.X12_SYNTAX, message)
        if strict and problems:  # the API: a file with located X12 errors is refused, not posted as read
            message = f"{source or 'the file'}: not a valid 835 ({'; '.join(problems[:3])})"
            raise RevcycleError(ErrorCode.X12_SYNTAX, message)
        if unbalanced := [advice for advice in advices if not advice.is_balanced]:
            return _reject(uow, repository, report, advices, unbalanced, dry_run)
        fresh = _not_yet_posted(repository, report, advices)
        if not fresh:
            report.status = "already_posted"
            return report
        fresh_ids = {id(advice) for advice in fresh}
        for number, advice in enumerate(advices, start=1):
            if id(advice) in fresh_ids:
                key = f"era:{digest[:20]}:{number}"
                _post_advice(uow, user, repository, report, advice, key, dry_run, progress, chunk_claims)
        if not dry_run:
            audit.record(uow, user, audit.Action.CREATE, "remittance", ",".join(map(str, report.remittance_ids)),
                         f"{report.claims_posted}/{report.claims} claims posted, {len(report.exceptions)} exceptions")  # fmt: skip
    return report


def _not_yet_posted(repository: RemittanceRepository, report: PostingReport, advices: list) -> list:
    """The advices whose payment (payer + TRN02 check/EFT trace) is not posted yet. A payer that
    sends the same payment again in a new envelope (new ISA/GS control numbers, so a new digest)
    must not be paid twice: such an advice is skipped with a note."""
    fresh = []
    for advice in advices:
        earlier = repository.posted_trace(advice.payer_id[:80], advice.trace_number[:50]) if advice.trace_number else None
        if earlier is None:
            fresh.append(advice)
            continue
        report.remittance_ids.append(earlier.id)
        report.notes.append(
            f"trace {advice.trace_number} from payer {advice.payer_id} was already posted "
            f"(remittance {earlier.id}); skipped"
        )
    if not fresh:
        report.message = "every payment in the file was already posted; nothing changed"
    return fresh


def _reject(uow, repository, report, advices, unbalanced, dry_run: bool) -> PostingReport:  # noqa: ANN001
    report.status = "rejected"
    report.message = "unbalanced: " + "; ".join(
        f"trace {a.trace_number}: {a.balance_problem()}" for a in unbalanced
    )
    report.exceptions = [{"claim": "", "reason": "unbalanced_remittance", "message": report.message}]
    if dry_run:
        return report
    for advice in advices:
        remittance_id = repository.add_remittance(
            _remittance_row(uow, report, advice, "rejected", report.message)
        )
        report.remittance_ids.append(remittance_id)
    repository.add_exceptions([{"remittance_id": report.remittance_ids[0], "claim_control_number": "",
                                "reason": "unbalanced_remittance", "message": report.message[:500],
                                "amount_cents": unbalanced[0].total_paid_cents, "created_at": uow.clock.now()}])  # fmt: skip
    return report


def _remittance_row(
    uow: UnitOfWork, report: PostingReport, advice: RemittanceAdvice, status: str, detail: str
) -> dict:
    suffix = "" if not report.remittance_ids else f":{len(report.remittance_ids) + 1}"
    return {
        "digest": report.digest + suffix if suffix else report.digest,
        "payer_code": advice.payer_id[:80],
        "trace_number": advice.trace_number[:50],
        "payment_date": advice.payment_date,
        "total_paid_cents": advice.total_paid_cents,
        "claim_count": len(advice.claims),
        "status": status,
        "detail": detail[:500],
        "source": report.source[:200],
        "received_at": uow.clock.now(),
    }


def _post_advice(uow, user, repository, report, advice, key, dry_run, progress, chunk_claims) -> None:  # noqa: ANN001
    on: date = advice.payment_date or uow.clock.today()
    report.trace_numbers.append(advice.trace_number)
    report.total_paid_cents += advice.total_paid_cents
    first_exception = len(report.exceptions)
    numbers = sorted({claim.claim_id for claim in advice.claims})
    submitted = repository.submitted_claims(numbers)
    if missing := [number for number in numbers if number not in submitted]:
        submitted |= submissions_from_claims(uow, missing, dry_run)
    submitted, ledger_ids = coordinate(uow, submitted)
    plans = [
        plan_claim(n, claim, submitted.get(claim.claim_id), f"{key}:c{n}", on, ledger_ids.get(claim.claim_id))
        for n, claim in enumerate(advice.claims, 1)
    ]
    for plan in plans:
        if plan.claim.is_reversal and plan.exception is None:
            _plan_reversal(uow, repository, plan, f"{key}:c{plan.position}", on)
    plb_entries = _provider_entries(uow, repository, advice, submitted, key, on, report)
    _summarize(report, plans)
    if dry_run:
        return
    remittance_id = repository.add_remittance(_remittance_row(uow, report, advice, "posted", ""))
    report.remittance_ids.append(remittance_id)
    report.entries_posted += write_claims(uow, user.id, repository, remittance_id, plans, advice.trace_number,
                                          progress, chunk_claims)  # fmt: skip
    report.notes += settle_appeals(uow, user, remittance_id, plans, on)  # sent appeals the payer decided
    report.notes += close_replaced(uow, user.id, plans, advice.trace_number)  # corrected/voided originals
    record_remitted_lines(uow, plans)  # the lines underpayments are checked on
    report.secondary_claims += build_secondary_claims(uow, user.id, plans, on)
    if plb_entries:
        results = uow.journal.record_many(plb_entries, uow.clock.now(), user.id)
        report.entries_posted += sum(1 for _id, created in results if created)
    repository.add_exceptions(
        [_exception_row(uow, remittance_id, item) for item in report.exceptions[first_exception:]]
    )


def _exception_row(uow: UnitOfWork, remittance_id: int, item: dict) -> dict:
    return {"remittance_id": remittance_id, "claim_control_number": item["claim"][:38], "reason": item["reason"],
            "message": item["message"][:500], "amount_cents": item.get("amount_cents", 0), "created_at": uow.clock.now()}  # fmt: skip


def _plan_reversal(
    uow: UnitOfWork, repository: RemittanceRepository, plan: ClaimPlan, key: str, on: date
) -> None:
    plan.entries, plan.denials = [], []
    original = repository.payment_to_reverse(plan.claim.claim_id, plan.claim.payer_claim_number)
    if original is None:
        plan.exception = (
            "reversal_without_original",
            f"no posted payment of {plan.claim.claim_id} to reverse",
        )
        return
    plan.notes.append(f"{plan.claim.claim_id}: reverses the payment posted as remittance claim {original.id}")
    plan.reverses_id = original.id
    for number, entry_id in enumerate(int(i) for i in original.entry_ids.split(",") if i):
        posted = uow.journal.get(entry_id)
        if uow.journal.reversal_of(entry_id) is None:
            plan.entries.append(postings.reversal(f"{key}:rev{number}", on, posted))
    # a corrected or voided original's charges go with the payer's reversal (services.correction_postings)
    charges, note = replaced_charge_reversals(uow, plan.submitted, on)
    plan.entries += charges
    plan.notes += [note] if note else []
    plan.totals["reversed"] += -plan.claim.paid_cents


def _provider_entries(uow, repository, advice, submitted, key, on, report) -> list:  # noqa: ANN001
    if not advice.provider_adjustments:
        return []
    payer_id = _payer_of(uow, advice, submitted)
    if payer_id is None:
        message = f"PLB of {advice.provider_adjusted_cents} cents: no payer {advice.payer_id!r} and no matched claim"
        report.exceptions.append({"claim": "", "reason": "provider_adjustment_unassigned", "message": message,
                                  "amount_cents": advice.provider_adjusted_cents})  # fmt: skip
        return []
    entries = []
    for number, adjustment in enumerate(advice.provider_adjustments, start=1):
        if adjustment.amount_cents:
            memo = f"PLB {adjustment.reason} {adjustment.reference}".strip()
            entries.append(
                postings.provider_level_adjustment(
                    f"{key}:plb{number}", on, payer_id, adjustment.amount_cents, memo
                )
            )
            report.provider_adjustment_cents += adjustment.amount_cents
    return entries


def _payer_of(uow: UnitOfWork, advice: RemittanceAdvice, submitted: dict) -> int | None:
    by_code = uow.remittances.payer_id_by_code(advice.payer_id)
    if by_code is not None:
        return by_code
    payers = {row.payer_id for row in submitted.values()}
    return payers.pop() if len(payers) == 1 else None


def _summarize(report: PostingReport, plans: list[ClaimPlan]) -> None:
    for plan in plans:
        report.claims += 1
        report.notes += plan.notes
        if plan.exception is not None:
            reason, message = plan.exception
            report.exceptions.append({"claim": plan.claim.claim_id, "reason": reason, "message": message,
                                      "amount_cents": plan.claim.paid_cents})  # fmt: skip
            continue
        report.claims_posted += 1
        report.claims_reversed += plan.claim.is_reversal
        report.denials += len(plan.denials)
        for name, cents in plan.totals.items():
            report.totals[name] += cents
