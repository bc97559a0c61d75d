"""Post an 835: read it, plan it (`remittance.posting`, pure), write the plan in ONE transaction, audit.

    report = post_remittance(uow, user, data, source="era-0412.835", dry_run=False)

- Idempotent: a file whose content was posted before (same digest) changes nothing and says so
  (`status="already_posted"`); a payment posted before under another envelope (same payer + TRN02) is
  skipped with a note; the ledger keys (`era:<digest>:...`) are idempotent too.
- Exactly once under races: each payment's identity (payer + TRN02 + TRN03 + amount) is claimed in the
  posting transaction against a unique constraint (`uow.remittances.claim_payment`); of two overlapping
  posts the one that commits second skips the payment and answers as a sequential re-post does
  (docs/exactly_once.md).
- Balanced: every transaction set must satisfy BPR02 = sum(CLP04) - sum(PLB); if one does not, the
  file is rejected, nothing is posted and the exception queue says why.
- Claims that cannot post (unknown CLP01, unmatched line, unbalanced claim, a reversal of nothing)
  go to the exception queue with a reason; the rest post. Nothing is lost: every claim is recorded.
- Atomic: everything happens inside one unit of work; any failure (or a killed process) posts nothing.
- `dry_run=True` plans and reports without writing anything.
- `strict=True` (the API) refuses a file with any located X12 error (X12_SYNTAX naming the segment and
  element); by default such a file posts what could be read, as a clearinghouse inbox needs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from revcycle.claims.model import Claim
from revcycle.edi.remit_read import read_835
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.remittance.cob import secondary_number
from revcycle.remittance.model import RemittanceAdvice
from revcycle.remittance.outcomes import OpenAppeal, posted, remitted_adjustments, remitted_lines
from revcycle.remittance.plan import TOTALS, ClaimPlan
from revcycle.remittance.posting import (
    PostingContext,
    RemittancePlan,
    plan_remittance,
    provider_payer_id,
    reversal_positions,
)
from revcycle.remittance.reversals import REPLACED, ReversalFacts, charge_key
from revcycle.remittance.sent import SentClaim, sent_claims
from revcycle.services import audit
from revcycle.store.uow import UnitOfWork
from revcycle.x12 import X12File

Progress = Callable[[int, int], None]  # (claims done, claims in the file)
CHUNK_CLAIMS = 500


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

    def add(self, plan: RemittancePlan) -> None:
        self.trace_numbers.append(plan.advice.trace_number)
        self.total_paid_cents += plan.advice.total_paid_cents
        self.claims += len(plan.claims)
        self.claims_posted += sum(1 for claim in plan.claims if claim.exception is None)
        self.claims_reversed += sum(1 for claim in plan.claims if claim.exception is None and claim.payment.is_reversal)
        self.denials += sum(len(claim.denials) for claim in plan.claims if claim.exception is None)
        self.provider_adjustment_cents += plan.provider_adjustment_cents
        totals = plan.totals  # summed over the claims once, not once per name
        self.totals = {name: cents + totals[name] for name, cents in self.totals.items()}
        self.exceptions += plan.exceptions
        self.notes += plan.notes
        self.secondary_claims += [new.claim.claim_id for new in plan.secondary_claims]


def file_digest(data: bytes) -> str:
    """The content's identity: line breaks (CR/LF) and surrounding blanks do not make a different file."""
    canonical = data.replace(b"\r", b"").replace(b"\n", b"").strip()
    return hashlib.sha256(canonical).hexdigest()


def post_remittance(uow: UnitOfWork, user: User, data: bytes, source: str = "", dry_run: bool = False,
                    progress: Progress | None = None, chunk_claims: int = CHUNK_CLAIMS, strict: bool = False,
                    read: X12File | None = None) -> PostingReport:  # fmt: skip
    """`read`: the file already read (a clearinghouse collection reads each file once)."""
    digest = file_digest(data)
    report = PostingReport("dry_run" if dry_run else "posted", digest, source)
    with uow:
        user.require(Permission.POST_LEDGER)
        if (earlier := uow.remittances.remittance_by_digest(digest)) is not None:
            return _already_posted(report, earlier)
        advices = _read(read or data, source, strict)  # after the replay check: a replay costs one look-up
        post_advices(uow, user, report, advices, dry_run, progress, chunk_claims)
    return report


def post_advices(uow: UnitOfWork, user: User, report: PostingReport, advices: list[RemittanceAdvice],
                 dry_run: bool = False, progress: Progress | None = None, chunk_claims: int = CHUNK_CLAIMS,
                 key: str = "era") -> PostingReport:  # fmt: skip
    """Post advices under `report.digest`, in the caller's transaction: what an 835 goes through once read, and
    what a paper EOB keyed in goes through too (`services.paper_eobs`, `key="eob"`): the balance check, the
    payment identity (payer + trace), `plan_remittance` and the write."""
    if unbalanced := [advice for advice in advices if not advice.is_balanced]:
        return _reject(uow, report, advices, unbalanced, dry_run)
    fresh = {id(advice) for advice in _not_yet_posted(uow, report, advices)}
    for number, advice in enumerate(advices, start=1):
        if id(advice) in fresh and not dry_run and not _claim_payment(uow, report, advice):
            fresh.discard(id(advice))  # an overlapping post of the same payment committed first
        if id(advice) in fresh:
            on = advice.payment_date or uow.clock.today()
            plan = plan_remittance(advice, _context(uow, advice), f"{key}:{report.digest[:20]}:{number}", on, uow.clock.now())
            report.add(plan)
            if not dry_run:
                _write(uow, user, report, plan, progress, chunk_claims)
    if not dry_run and not fresh and report.status == "posted":  # every payment lost to overlapping posts
        return _lost_race(uow, report)
    if not dry_run and fresh:
        audit.record(uow, user, audit.Action.CREATE, "remittance", ",".join(map(str, report.remittance_ids)),
                     f"{report.claims_posted}/{report.claims} claims posted, {len(report.exceptions)} exceptions")  # fmt: skip
    return report


def _already_posted(report: PostingReport, earlier) -> PostingReport:  # noqa: ANN001 - a remittances Row
    report.status, report.remittance_ids, report.notes = "already_posted", [earlier.id], []
    report.message = f"already {earlier.status} on {earlier.received_at:%Y-%m-%d %H:%M} (remittance {earlier.id}); nothing changed"
    return report


def _identity(uow: UnitOfWork, advice: RemittanceAdvice) -> dict:
    """The payment's identity: payer + TRN02 + TRN03 + amount (`payment_identities`, unique)."""
    return {"payer_code": advice.payer_id[:80], "trace_number": advice.trace_number[:50],
            "trace_originator": advice.trace_originator[:50], "paid_cents": advice.total_paid_cents,
            "claimed_at": uow.clock.now()}  # fmt: skip


def _claim_payment(uow: UnitOfWork, report: PostingReport, advice: RemittanceAdvice) -> bool:
    """The database's word that this payment is posted once: claim its identity before planning it. A post
    of the same payment that overlapped this one and committed first wins; this one then skips the advice
    with the note a sequential re-post writes. An advice without TRN02 has no identity (the digest guards it)."""
    if not advice.trace_number or uow.remittances.claim_payment(_identity(uow, advice)):
        return True
    earlier = uow.remittances.posted_trace(advice.payer_id[:80], advice.trace_number[:50])
    _skip(report, advice, earlier.id if earlier is not None else None)
    return False


def _lost_race(uow: UnitOfWork, report: PostingReport) -> PostingReport:
    """Every payment of the file was posted by an overlapping post that committed first: answer as a
    sequential re-post would (the same file: "already posted on ..."; another envelope: every payment skipped)."""
    if (earlier := uow.remittances.remittance_by_digest(report.digest)) is not None:
        return _already_posted(report, earlier)
    report.status, report.message = "already_posted", "every payment in the file was already posted; nothing changed"
    return report


def _skip(report: PostingReport, advice: RemittanceAdvice, earlier_id: int | None) -> None:
    if earlier_id is not None:
        report.remittance_ids.append(earlier_id)
    report.notes.append(f"trace {advice.trace_number} from payer {advice.payer_id} was already posted "
                        f"(remittance {earlier_id}); skipped")  # fmt: skip


def _read(data: bytes | X12File, source: str, strict: bool) -> list[RemittanceAdvice]:
    advices, problems = read_835(data)
    if not advices:
        raise RevcycleError(ErrorCode.X12_SYNTAX, f"{source or 'the file'}: no readable 835 ({'; '.join(problems[:3])})")
    if strict and problems:  # the API: a file with located X12 errors is refused, not posted as read
        raise RevcycleError(ErrorCode.X12_SYNTAX, f"{source or 'the file'}: not a valid 835 ({'; '.join(problems[:3])})")
    return advices


def _not_yet_posted(uow: UnitOfWork, report: PostingReport, advices: list[RemittanceAdvice]) -> list[RemittanceAdvice]:
    """The advices whose payment (payer + TRN02 check/EFT trace) is not posted yet. A payer that
    sends the same payment again in a new envelope (new ISA/GS control numbers, so a new digest)
    must not be paid twice: such an advice is skipped with a note."""
    fresh = []
    for advice in advices:
        earlier = uow.remittances.posted_trace(advice.payer_id[:80], advice.trace_number[:50]) if advice.trace_number else None
        if earlier is None:
            fresh.append(advice)
            continue
        _skip(report, advice, earlier.id)
    if not fresh:
        report.status, report.message = "already_posted", "every payment in the file was already posted; nothing changed"
    return fresh


def _reject(uow: UnitOfWork, report: PostingReport, advices: list[RemittanceAdvice],
            unbalanced: list[RemittanceAdvice], dry_run: bool) -> PostingReport:  # fmt: skip
    report.status = "rejected"
    report.message = "unbalanced: " + "; ".join(f"trace {a.trace_number}: {a.balance_problem()}" for a in unbalanced)
    report.exceptions = [{"claim": "", "reason": "unbalanced_remittance", "message": report.message}]
    if dry_run:
        return report
    for advice in advices:
        report.remittance_ids.append(uow.remittances.add_remittance(_remittance_row(uow, report, advice, "rejected")))
    uow.remittances.add_exceptions([{"remittance_id": report.remittance_ids[0], "claim_control_number": "",
                                     "reason": "unbalanced_remittance", "message": report.message[:500],
                                     "amount_cents": unbalanced[0].total_paid_cents, "created_at": uow.clock.now()}])  # fmt: skip
    return report


def _remittance_row(uow: UnitOfWork, report: PostingReport, advice: RemittanceAdvice, status: str) -> dict:
    suffix = "" if not report.remittance_ids else f":{len(report.remittance_ids) + 1}"
    return {"digest": report.digest + suffix, "payer_code": advice.payer_id[:80], "trace_number": advice.trace_number[:50],
            "payment_date": advice.payment_date, "total_paid_cents": advice.total_paid_cents,
            "claim_count": len(advice.claims), "status": status, "detail": report.message[:500] if status == "rejected" else "",
            "source": report.source[:200], "received_at": uow.clock.now()}  # fmt: skip


# --- read: what the database knows for this advice -----------------------------------------------
def _context(uow: UnitOfWork, advice: RemittanceAdvice) -> PostingContext:
    sent = _sent(uow, {claim.claim_id for claim in advice.claims})
    reversed_claims = reversal_positions(advice, sent)
    replaced = {claim.claim.claim_id for claim in reversed_claims.values() if claim.claim.status in REPLACED}
    needing = [claim for claim in sent.values() if claim.next_payer_id is not None]
    return PostingContext(
        sent=sent,
        reversals={n: _reversal_facts(uow, claim, advice.claims[n - 1].payer_claim_number)
                   for n, claim in reversed_claims.items()},
        voids={number: uow.claims.voids_of(number) for number in sorted(replaced)},
        open_appeals=[OpenAppeal(stored.appeal, stored.claim_id, tuple(uow.appeals.denial_ids_of(stored.id)))
                      for stored in uow.appeals.open_for(sorted(claim.id for claim in sent.values()))],
        existing_claims=frozenset(uow.claims.ids_by_number(secondary_number(claim.claim) for claim in needing)),
        payers={claim.next_payer_id: uow.practice.payer(claim.next_payer_id) for claim in needing},  # type: ignore[misc]
        patients={claim.patient_id: uow.patients.get(claim.patient_id) for claim in needing},
        provider_payer_id=provider_payer_id(uow.remittances.payer_id_by_code(advice.payer_id), sent),
    )  # fmt: skip


def _sent(uow: UnitOfWork, numbers: set[str]) -> dict[str, SentClaim]:
    """The claims the 835 names that went to a payer, with who owes them."""
    stored: dict[str, tuple[Claim, int, int]] = {}
    for number, (claim, patient_id, payer_id) in uow.claims.with_owners(numbers).items():
        if payer_id is not None:
            stored[number] = (claim, patient_id, payer_id)
    primaries = uow.claims.ids_by_number(c.prior_payers[0].claim_id for c, _p, _q in stored.values() if c.prior_payers)
    coverages = uow.coverages.for_patients(patient for _c, patient, _q in stored.values())
    return sent_claims(stored, primaries, coverages)


def _reversal_facts(uow: UnitOfWork, claim: SentClaim, payer_claim_number: str) -> ReversalFacts:
    row = uow.remittances.payment_to_reverse(claim.id, payer_claim_number)
    if row is None:
        return ReversalFacts(None)
    ids = [int(entry_id) for entry_id in row.entry_ids.split(",") if entry_id]
    entries = tuple(None if uow.journal.reversal_of(entry_id) is not None else uow.journal.get(entry_id) for entry_id in ids)
    charges = []
    for line in claim.claim.lines:
        charge = uow.journal.get_by_key(charge_key(claim.claim.claim_id, line.line_number))
        if charge is not None and uow.journal.reversal_of(charge.id) is None:
            charges.append((line.line_number, charge))
    return ReversalFacts(row.id, entries, tuple(charges))


# --- write: the plan, in chunks of claims ---------------------------------------------------------
def _write(uow: UnitOfWork, user: User, report: PostingReport, plan: RemittancePlan, progress: Progress | None,
           chunk: int) -> None:  # fmt: skip
    remittance_id = uow.remittances.add_remittance(_remittance_row(uow, report, plan.advice, "posted"))
    report.remittance_ids.append(remittance_id)
    if plan.advice.trace_number:
        uow.remittances.link_payment(_identity(uow, plan.advice), remittance_id)
    rows: dict[int, int] = {}  # position -> remittance claim row
    for start in range(0, len(plan.claims), chunk):
        part = plan.claims[start : start + chunk]
        report.entries_posted += _write_claims(uow, user, remittance_id, part, rows)
        if progress is not None:
            progress(start + len(part), len(plan.claims))
    uow.claims.record_statuses(plan.moves, user.id)
    _write_appeals(uow, user, plan, remittance_id, rows)
    for new in plan.secondary_claims:
        uow.claims.add(new.claim, new.patient_id, new.payer_id, uow.clock.now(), user.id)
    if plan.provider_entries:
        created = uow.journal.record_many(plan.provider_entries, uow.clock.now(), user.id)
        report.entries_posted += sum(1 for _id, new in created if new)
    uow.remittances.add_exceptions([
        {"remittance_id": remittance_id, "claim_control_number": item["claim"][:38], "reason": item["reason"],
         "message": item["message"][:500], "amount_cents": item.get("amount_cents", 0), "created_at": uow.clock.now()}
        for item in plan.exceptions])  # fmt: skip


def _write_claims(uow: UnitOfWork, user: User, remittance_id: int, part: list[ClaimPlan], rows: dict[int, int]) -> int:
    results = uow.journal.record_many([entry for claim in part for entry in claim.entries], uow.clock.now(), user.id)
    claim_rows, position = [], 0
    for claim in part:
        ids = [str(entry_id) for entry_id, _new in results[position : position + len(claim.entries)]]
        position += len(claim.entries)
        claim_rows.append({
            "remittance_id": remittance_id, "position": claim.position, "claim_control_number": claim.payment.claim_id[:38],
            "claim_id": claim.sent.id if claim.sent else None, "status_code": claim.payment.status[:2],
            "payer_claim_number": claim.payment.payer_claim_number[:50], "charge_cents": claim.payment.charge_cents,
            "paid_cents": claim.payment.paid_cents, "outcome": "exception" if claim.exception else "posted",
            "entry_ids": ",".join(ids), "reverses_id": claim.reverses_id,
        })  # fmt: skip
    rows |= dict(zip((claim.position for claim in part), uow.remittances.add_remittance_claims(claim_rows), strict=True))
    uow.remittances.add_denials([asdict(denial) | {"remittance_claim_id": rows[claim.position]}
                                 for claim in part for denial in claim.denials])  # fmt: skip
    uow.remittances.close_denials_of([claim.reverses_id for claim in part if claim.reverses_id is not None], "reversed")
    uow.underpayments.add_remitted_lines([line | {"remittance_claim_id": rows[claim.position]}
                                          for claim, _sent in posted(part) for line in remitted_lines(claim)])  # fmt: skip
    uow.posting.add_remitted_adjustments([row | {"remittance_claim_id": rows[claim.position]}
                                          for claim, _sent in posted(part) for row in remitted_adjustments(claim)])  # fmt: skip
    return sum(1 for _entry_id, new in results if new)


def _write_appeals(uow: UnitOfWork, user: User, plan: RemittancePlan, remittance_id: int, rows: dict[int, int]) -> None:
    for settled in plan.appeals:
        uow.appeals.set_denial_status(list(settled.denial_ids), "closed")
        appeal, claim = settled.appeal, plan.claims[settled.position - 1]
        if settled.decided:
            uow.appeals.save(appeal, uow.clock.now(), rows[settled.position])
            still_denied = sum(denial.amount_cents for denial in claim.denials)
            detail = (f"outcome {appeal.status} from remittance {remittance_id}: paid {claim.payment.paid_cents}, "
                      f"still denied {still_denied}")  # fmt: skip
        else:
            detail = f"claim decided again by remittance {remittance_id} before the appeal was sent"
        audit.record(uow, user, audit.Action.CHANGE, "appeal", appeal.id, detail)  # type: ignore[arg-type]
