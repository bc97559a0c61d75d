"""Appeals of denied claims, tracked to their outcome.

    stored = draft_appeal(uow, user, claim, note="auth A7731 obtained 02/27")  # claim: claims row id or claim number
    appeal_letter(uow, user, stored.appeal.id, Path("appeal.pdf"))            # or the claim number: its latest appeal
    mark_appeal_sent(uow, user, appeal_id)
    record_appeal_outcome(uow, user, appeal_id, "upheld")                     # by hand (a letter or call from the payer)
    list_appeals(uow, user) -> [AppealView]                                   # days to the deadline, overdue flagged

Drafting covers every open denial of the claim (they leave the denials work queue, status `appealed`),
argues the category with the largest denied amount, dates the deadline from the denial date and the
payer's window (`set_appeal_window`, else the category's default) and moves the claim to `appealed`.
A later 835 adjudicating a claim with a sent appeal decides it (`remittance.outcomes.settle_appeals`,
written by the posting); the claim's own status then follows the 835 (appealed -> paid | partially_paid | denied).
Every use case is one transaction and audited (ids and codes only: no names, no notes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from revcycle.claims.lifecycle import transition
from revcycle.claims.model import Claim, ClaimStatus
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
)
from revcycle.denials.categories import Category
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.services.appeal_facts import letter_for
from revcycle.store.repositories.appeals import StoredAppeal
from revcycle.store.uow import UnitOfWork

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


NOT_SENT = (ClaimStatus.DRAFT, ClaimStatus.SCRUBBED, ClaimStatus.READY)


def _sent(uow: UnitOfWork, claim: int | str) -> tuple[Claim, int, int]:
    """(the claim, its patient id, its payer id) of a claim that went to a payer: by row id or claim number."""
    found = uow.claims.get(claim) if isinstance(claim, int) else uow.claims.get_by_number(claim.strip())
    assert found.id is not None
    patient_id, payer_id = uow.claims.ids_of(found.id)
    if payer_id is None or found.status in NOT_SENT:
        raise RevcycleError(ErrorCode.NOT_FOUND, f"claim {found.claim_id} was never submitted to a payer")
    return found, patient_id, payer_id


def draft_appeal(uow: UnitOfWork, user: User, claim_id: int | str, note: str = "") -> AppealView:
    """Draft an appeal of the claim's open denials; `claim_id`: the claims row id or the claim number (CLM01)."""
    if len(note) > MAX_NOTE:
        raise RevcycleError(ErrorCode.VALIDATION, f"the note is longer than {MAX_NOTE} characters")
    with uow:
        user.require(Permission.POST_LEDGER)
        claim, patient_id, payer_id = _sent(uow, claim_id)
        assert claim.id is not None
        repository = uow.appeals
        repository.lock_claim(claim.id)
        earlier = repository.of_claim(claim.id)
        if busy := [s.appeal for s in earlier if s.appeal.is_open]:
            raise RevcycleError(ErrorCode.CONFLICT, f"claim {claim.claim_id} already has "
                                f"appeal {busy[0].id} ({busy[0].status}); send it, decide it or withdraw it first")  # fmt: skip
        denied = repository.denials_of(claim.id)
        if not denied:
            raise RevcycleError(ErrorCode.CONFLICT, f"claim {claim.claim_id} has no open denial to appeal")
        category = main_category([(d.category, d.amount_cents) for d in denied])
        denied_on = max(d.denied_on for d in denied)
        deadline = appeal_deadline(category, denied_on, repository.windows(payer_id))
        level = 1 + sum(s.appeal.status in (AppealStatus.UPHELD, AppealStatus.PARTIALLY_WON) for s in earlier)
        appeal = Appeal(claim.claim_id, category, denied_on, deadline,
                        sum(d.amount_cents for d in denied), level=level, note=note.strip())  # fmt: skip
        added = repository.add(StoredAppeal(appeal, claim.id, patient_id, payer_id),
                               [d.id for d in denied], uow.clock.now(), user.id)  # fmt: skip
        repository.set_denial_status([d.id for d in denied], "appealed")
        _move_claim(uow, user, claim, ClaimStatus.APPEALED, f"appeal {added.id} drafted")
        audit.record(uow, user, audit.Action.CREATE, "appeal", added.id,
                     f"claim {claim.claim_id}: level {level}, {category}, denials "
                     f"{','.join(str(d.id) for d in denied)}, deadline {deadline}")  # fmt: skip
        return _view(repository.get(added.id), uow.clock.today())


def _move_claim(uow: UnitOfWork, user: User, claim: Claim, target: ClaimStatus, note: str) -> None:
    if claim.status is not target:
        uow.claims.record_status(transition(claim, target, uow.clock.now(), note), user.id)


def _restore_claim(uow: UnitOfWork, user: User, claim_row: int, note: str) -> None:
    """An appeal that ends without the payer's new decision puts the claim back where it stood before it."""
    claim = uow.claims.get(claim_row)
    if claim.status is not ClaimStatus.APPEALED:
        return
    before = [c.status for c in claim.history if c.status is not ClaimStatus.APPEALED]
    _move_claim(uow, user, claim, before[-1] if before else ClaimStatus.DENIED, note)


def _stored(uow: UnitOfWork, appeal: int | str) -> StoredAppeal:
    repository = uow.appeals
    if isinstance(appeal, int):
        return repository.get(appeal)
    found = repository.of_claim(_sent(uow, appeal)[0].id)  # type: ignore[arg-type]
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
