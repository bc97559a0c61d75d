"""Appeals of denied claims, tracked to their outcome.

    stored = draft_appeal(uow, user, claim, note="auth A7731 obtained 02/27")  # claim: claims row id or claim number
    appeal_letter(uow, user, stored.appeal.id, Path("appeal.pdf"))            # or the claim number: its latest appeal
    mark_appeal_sent(uow, user, appeal_id)
    record_appeal_outcome(uow, user, appeal_id, "upheld")                     # by hand (a letter or call from the payer)
    settle_appeals(uow, user, remittance_id, plans, on)                       # called by 835 posting: outcome from the payer
    list_appeals(uow, user) -> [AppealView]                                   # days to the deadline, overdue flagged

Drafting covers every open denial of the claim (they leave the denials work queue, status `appealed`),
argues the category with the largest denied amount, dates the deadline from the denial date and the
payer's window (`set_appeal_window`, else the category's default) and moves the claims package's
claim to `appealed`. A later 835 adjudicating a claim with a sent appeal decides it (`outcome_of`);
the claim's own status then follows the 835 as usual (appealed -> paid | partially_paid | denied).
Every use case is one transaction and audited (ids and codes only: no names, no notes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from revcycle.claims.lifecycle import transition
from revcycle.claims.model import ClaimStatus
from revcycle.denials.appeal_pdf import render_appeal_letter
from revcycle.denials.appeals import (
    ANY_CATEGORY,
    OUTCOMES,
    Appeal,
    AppealStatus,
    advance,
    appeal_deadline,
    appeal_is_next_action,
    main_category,
    outcome_of,
)
from revcycle.denials.categories import Category
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.services.appeal_facts import letter_for
from revcycle.store.repositories.appeals import StoredAppeal
from revcycle.store.repositories.remittances import SubmittedClaimRow
from revcycle.store.uow import UnitOfWork

if TYPE_CHECKING:
    from revcycle.services.remittance_plan import ClaimPlan

MAX_NOTE = 4000


@dataclass(frozen=True, slots=True)
class AppealView:
    """An appeal as a biller sees it on a given day."""

    stored: StoredAppeal
    days_to_deadline: int
    overdue: bool
    appeal_first: bool  # an appeal is the recommended next action for its category

    @property
    def appeal(self) -> Appeal:
        return self.stored.appeal

    def to_dict(self) -> dict:
        a = self.appeal
        return {"id": a.id, "claim": a.claim_control_number, "claim_id": self.stored.claim_id,
                "payer": self.stored.payer_name, "level": a.level, "category": a.category.value,
                "status": a.status.value, "denied_on": a.denied_on.isoformat(), "deadline": a.deadline.isoformat(),
                "days_to_deadline": self.days_to_deadline, "overdue": self.overdue, "denied_cents": a.denied_cents,
                "sent_on": _iso(a.sent_on), "decided_on": _iso(a.decided_on), "recovered_cents": a.recovered_cents,
                "appeal_first": self.appeal_first}  # fmt: skip


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _view(stored: StoredAppeal, today: date) -> AppealView:
    appeal = stored.appeal
    return AppealView(
        stored,
        appeal.days_to_deadline(today),
        appeal.is_overdue(today),
        appeal_is_next_action(appeal.category),
    )


def _submitted(uow: UnitOfWork, claim: int | str) -> SubmittedClaimRow:
    number = uow.claims.get(claim).claim_id if isinstance(claim, int) else claim.strip()
    found = uow.remittances.submitted_claims([number])
    if number not in found:
        raise RevcycleError(ErrorCode.NOT_FOUND, f"claim {number} was never submitted to a payer")
    return found[number]


def draft_appeal(uow: UnitOfWork, user: User, claim_id: int | str, note: str = "") -> AppealView:
    """Draft an appeal of the claim's open denials; `claim_id`: the claims row id or the claim number (CLM01)."""
    if len(note) > MAX_NOTE:
        raise RevcycleError(ErrorCode.VALIDATION, f"the note is longer than {MAX_NOTE} characters")
    with uow:
        user.require(Permission.POST_LEDGER)
        submitted = _submitted(uow, claim_id)
        repository = uow.appeals
        repository.lock_claim(submitted.id)
        earlier = repository.of_claim(submitted.id)
        if busy := [s.appeal for s in earlier if s.appeal.is_open]:
            raise RevcycleError(ErrorCode.CONFLICT, f"claim {submitted.claim_control_number} already has "
                                f"appeal {busy[0].id} ({busy[0].status}); send it, decide it or withdraw it first")  # fmt: skip
        denied = repository.denials_of(submitted.id)
        if not denied:
            raise RevcycleError(
                ErrorCode.CONFLICT, f"claim {submitted.claim_control_number} has no open denial to appeal"
            )
        category = main_category([(d.category, d.amount_cents) for d in denied])
        denied_on = max(d.denied_on for d in denied)
        deadline = appeal_deadline(category, denied_on, repository.windows(submitted.payer_id))
        level = 1 + sum(s.appeal.status in (AppealStatus.UPHELD, AppealStatus.PARTIALLY_WON) for s in earlier)
        appeal = Appeal(submitted.claim_control_number, category, denied_on, deadline,
                        sum(d.amount_cents for d in denied), level=level, note=note.strip())  # fmt: skip
        claim_row = int(submitted.claim_reference) if submitted.claim_reference.isdigit() else None
        added = repository.add(StoredAppeal(appeal, submitted.id, claim_row, submitted.patient_id, submitted.payer_id),
                               [d.id for d in denied], uow.clock.now(), user.id)  # fmt: skip
        repository.set_denial_status([d.id for d in denied], "appealed")
        appeal_id = added.appeal.id
        _move_claim(uow, user, claim_row, ClaimStatus.APPEALED, f"appeal {appeal_id} drafted")
        audit.record(uow, user, audit.Action.CREATE, "appeal", appeal_id,  # type: ignore[arg-type]
                     f"claim {submitted.claim_control_number}: level {level}, {category}, denials "
                     f"{','.join(str(d.id) for d in denied)}, deadline {deadline}")  # fmt: skip
        return _view(repository.get(appeal_id), uow.clock.today())  # type: ignore[arg-type]


def _move_claim(uow: UnitOfWork, user: User, claim_row: int | None, target: ClaimStatus, note: str) -> None:
    if claim_row is None:
        return
    repository = uow.claims
    claim = repository.get(claim_row)
    if claim.status is not target:
        repository.record_status(transition(claim, target, uow.clock.now(), note), user.id)


def _restore_claim(uow: UnitOfWork, user: User, claim_row: int | None, note: str) -> None:
    """An appeal that ends without the payer's new decision puts the claim back where it stood before it."""
    if claim_row is None:
        return
    claim = uow.claims.get(claim_row)
    if claim.status is not ClaimStatus.APPEALED:
        return
    before = [c.status for c in claim.history if c.status is not ClaimStatus.APPEALED]
    _move_claim(uow, user, claim_row, before[-1] if before else ClaimStatus.DENIED, note)


def _stored(uow: UnitOfWork, appeal: int | str) -> StoredAppeal:
    repository = uow.appeals
    if isinstance(appeal, int):
        return repository.get(appeal)
    found = repository.of_claim(_submitted(uow, appeal).id)
    if not found:
        raise RevcycleError(ErrorCode.NOT_FOUND, f"claim {appeal} has no appeal")
    return found[-1]


def get_appeal(uow: UnitOfWork, user: User, appeal: int | str) -> AppealView:
    """One appeal (by id, or a claim number: its latest appeal); an audited read."""
    with uow:
        user.require(Permission.READ_LEDGER)
        stored = _stored(uow, appeal)
        audit.record(uow, user, audit.Action.READ, "appeal", stored.appeal.id)  # type: ignore[arg-type]
        return _view(stored, uow.clock.today())


def list_appeals(uow: UnitOfWork, user: User, open_only: bool = False) -> list[AppealView]:
    """Appeals by deadline (soonest first); one audited read per appeal shown."""
    with uow:
        user.require(Permission.READ_LEDGER)
        statuses = [AppealStatus.DRAFTED, AppealStatus.SENT] if open_only else None
        found = uow.appeals.find(statuses)
        audit.record_many(uow, user, audit.Action.READ, "appeal", [(stored.appeal.id, "") for stored in found])  # type: ignore[arg-type]
        today = uow.clock.today()
        return [_view(stored, today) for stored in found]


def appeal_letter(uow: UnitOfWork, user: User, appeal_id_or_claim: int | str, out_path: Path) -> int:
    """Write the appeal letter PDF (the appeal by id, or a claim number: its latest appeal); returns pages."""
    with uow:
        user.require(Permission.READ_LEDGER)
        user.require(Permission.READ_PATIENTS)
        stored = _stored(uow, appeal_id_or_claim)
        letter = letter_for(uow, user, stored)
        audit.record(uow, user, audit.Action.READ, "appeal", stored.appeal.id, "letter printed")  # type: ignore[arg-type]
    return render_appeal_letter(letter, out_path)


def mark_appeal_sent(uow: UnitOfWork, user: User, appeal_id: int, on: date | None = None) -> AppealView:
    with uow:
        user.require(Permission.POST_LEDGER)
        repository = uow.appeals
        stored = repository.get(appeal_id, for_update=True)
        sent = advance(stored.appeal, AppealStatus.SENT, on or uow.clock.today())
        repository.save(sent, uow.clock.now())
        audit.record(uow, user, audit.Action.CHANGE, "appeal", appeal_id, f"sent on {sent.sent_on}")
        return _view(repository.get(appeal_id), uow.clock.today())


def record_appeal_outcome(uow: UnitOfWork, user: User, appeal_id: int, outcome: AppealStatus | str,
                          recovered_cents: int | None = None, on: date | None = None) -> AppealView:  # fmt: skip
    """The payer's answer by letter or phone (won, partially_won, upheld), or `withdrawn` by us.

    Upheld or withdrawn: the denials go back on the work queue and the claim back to its status before
    the appeal. Won: the denials are closed; the claim stays `appealed` until the 835 pays it."""
    try:
        target = AppealStatus(outcome)
    except ValueError:
        target = None
    if target not in (*OUTCOMES, AppealStatus.WITHDRAWN):
        choices = ", ".join(sorted([*OUTCOMES, AppealStatus.WITHDRAWN]))
        raise RevcycleError(ErrorCode.VALIDATION, f"outcome must be one of {choices}, not {outcome!r}")
    if recovered_cents is not None and recovered_cents < 0:
        raise RevcycleError(ErrorCode.VALIDATION, "the amount recovered cannot be negative")
    with uow:
        user.require(Permission.POST_LEDGER)
        repository = uow.appeals
        stored = repository.get(appeal_id, for_update=True)
        decided = advance(stored.appeal, target, on or uow.clock.today(), recovered_cents)  # type: ignore[arg-type]
        repository.save(decided, uow.clock.now())
        reopen = target in (AppealStatus.UPHELD, AppealStatus.WITHDRAWN)
        new_status = "open" if reopen else "closed"
        repository.set_denial_status(repository.denial_ids_of(appeal_id), new_status, only_from="appealed")
        if reopen:
            _restore_claim(uow, user, stored.claim_id, f"appeal {appeal_id} {target}")
        audit.record(
            uow, user, audit.Action.CHANGE, "appeal", appeal_id, f"outcome {target} (recorded by hand)"
        )
        return _view(repository.get(appeal_id), uow.clock.today())


def set_appeal_window(
    uow: UnitOfWork, user: User, payer_id: int, days: int, category: str | None = None
) -> None:
    """The payer's own appeal window in days, for one denial category or (None) for every category."""
    if isinstance(days, bool) or not 1 <= days <= 3650:
        raise RevcycleError(ErrorCode.VALIDATION, f"an appeal window is 1..3650 days, got {days!r}")
    if category is not None and category not in {c.value for c in Category}:
        raise RevcycleError(ErrorCode.VALIDATION, f"unknown denial category {category!r}")
    with uow:
        user.require(Permission.EDIT_PRACTICE)
        uow.practice.payer(payer_id)  # not_found for an unknown payer
        uow.appeals.set_window(payer_id, category or ANY_CATEGORY, days)
        audit.record(
            uow,
            user,
            audit.Action.CHANGE,
            "payer",
            payer_id,
            f"appeal window {category or ANY_CATEGORY}={days}",
        )


def settle_appeals(
    uow: UnitOfWork, user: User, remittance_id: int, plans: list[ClaimPlan], on: date
) -> list[str]:
    """Decide the sent appeals of the claims this remittance adjudicated (inside the posting's
    transaction): nothing denied any more -> won, paid but still denied -> partially won, else upheld.
    A drafted appeal the payer overtook (it decided the claim again before we sent it) keeps its status
    (withdraw it), but its denials are closed: the new adjudication's own denials are the work now."""
    decided = {p.submitted.id: p for p in plans
               if p.submitted is not None and p.exception is None and not p.claim.is_reversal}  # fmt: skip
    repository = uow.appeals
    found = repository.open_for(sorted(decided))
    if not found:
        return []
    notes = []
    for stored in found:
        appeal, plan = stored.appeal, decided[stored.submitted_claim_id]
        repository.set_denial_status(repository.denial_ids_of(appeal.id), "closed")  # type: ignore[arg-type]
        if appeal.status is AppealStatus.DRAFTED:
            detail = f"claim decided again by remittance {remittance_id} before the appeal was sent"
            notes.append(
                f"{appeal.claim_control_number}: appeal {appeal.id} not sent; the payer decided the claim again"
            )
        else:
            paid, still_denied = plan.claim.paid_cents, sum(d["amount_cents"] for d in plan.denials)
            appeal = advance(appeal, outcome_of(paid, still_denied), on, paid)
            repository.save(appeal, uow.clock.now(), plan.row_id)
            detail = f"outcome {appeal.status} from remittance {remittance_id}: paid {paid}, still denied {still_denied}"
            notes.append(
                f"{appeal.claim_control_number}: appeal {appeal.id} {appeal.status} (paid {paid} cents)"
            )
        audit.record(uow, user, audit.Action.CHANGE, "appeal", appeal.id, detail)  # type: ignore[arg-type]
    return notes
