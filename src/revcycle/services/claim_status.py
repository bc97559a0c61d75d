"""Claim status use cases: ask payers (276/277) about claims that went quiet, and act on the answers.

    report = check_claim_status(uow, user, desk, settings, stale_days=None)

A claim goes quiet when it is still awaiting the payer (`submitted` or `accepted`) more than N days
after it went out: N is `stale_days` when given, else the payer's setting (`set_claim_status_days`),
else 30. One 276 per payer asks about its quiet claims; each 277 answer is stored
(`claim_status_checks`) and the claim moves along the lifecycle table: finalized paid or nothing to
pay (F1, F4) -> paid, denied (F2) -> denied, rejected (A3, A6, A7, A8) or not on file (A4: send it
again) -> rejected, acknowledged or pending (A1, A2, P*) -> accepted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from revcycle.claims.lifecycle import Moves
from revcycle.claims.model import Claim, ClaimStatus
from revcycle.clearinghouse.protocol import PayerDesk
from revcycle.edi.claim_status import ClaimStatusAnswer, ClaimStatusQuestion, read_277, write_276
from revcycle.edi.eligibility_270 import InquiryParties
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.services.eligibility import billing_provider_id
from revcycle.store.repositories.followup import StaleClaim
from revcycle.store.uow import UnitOfWork

CLAIM_TARGETS = {"F1": ClaimStatus.PAID, "F4": ClaimStatus.PAID, "F2": ClaimStatus.DENIED,
                 "A3": ClaimStatus.REJECTED, "A6": ClaimStatus.REJECTED, "A7": ClaimStatus.REJECTED,
                 "A8": ClaimStatus.REJECTED, "A4": ClaimStatus.REJECTED, "A1": ClaimStatus.ACCEPTED,
                 "A2": ClaimStatus.ACCEPTED}  # fmt: skip


@dataclass(slots=True)
class StatusReport:
    asked: list[str] = field(default_factory=list)  # claim control numbers asked about
    answers: dict[str, ClaimStatusAnswer] = field(default_factory=dict)
    moved: dict[str, str] = field(default_factory=dict)  # claim control number -> new claim status
    unanswered: list[str] = field(default_factory=list)


def set_claim_status_days(uow: UnitOfWork, user: User, payer_id: int, days: int) -> None:
    if days < 1:
        raise RevcycleError(ErrorCode.VALIDATION, f"claim status wait must be at least 1 day, got {days}")
    with uow:
        user.require(Permission.EDIT_PRACTICE)
        uow.practice.payer(payer_id)
        uow.followup.set_claim_status_days(payer_id, days)
        audit.record(uow, user, audit.Action.CHANGE, "payer", payer_id, f"claim_status_after_days={days}")


def check_claim_status(uow: UnitOfWork, user: User, desk: PayerDesk, settings: EnvelopeSettings,
                       stale_days: int | None = None) -> StatusReport:  # fmt: skip
    if stale_days is not None and stale_days < 0:
        raise RevcycleError(ErrorCode.VALIDATION, f"--stale-days must be 0 or more, got {stale_days}")
    report = StatusReport()
    with uow:
        user.require(Permission.POST_LEDGER)
        followup = uow.followup
        by_payer: dict[int, list[StaleClaim]] = defaultdict(list)
        for claim in followup.stale_claims(uow.clock.now(), stale_days):
            by_payer[claim.payer_id].append(claim)
        for payer_id, claims in sorted(by_payer.items()):
            _ask_payer(uow, user, desk, settings, payer_id, claims, report)
    return report


def _ask_payer(uow: UnitOfWork, user: User, desk: PayerDesk, settings: EnvelopeSettings, payer_id: int,
               claims: list[StaleClaim], report: StatusReport) -> None:  # fmt: skip
    payer = uow.practice.payer(payer_id)
    provider = uow.practice.billing_provider(billing_provider_id(uow))
    questions = [_question(uow, claim) for claim in claims]
    number = uow.remittances.next_interchange_number(settings.name)
    parties = InquiryParties(payer.name, payer.payer_code, provider.name, provider.npi)
    answers, _problems = read_277(desk.ask(write_276(questions, parties, settings, number, uow.clock.now())))
    by_claim = {answer.claim_id: answer for answer in answers}
    stored, moves = uow.claims.get_many(claim.id for claim in claims), Moves()  # one read, one write for all
    for claim in claims:
        report.asked.append(claim.claim_control_number)
        answer = by_claim.get(claim.claim_control_number)
        if answer is None:
            report.unanswered.append(claim.claim_control_number)
            continue
        report.answers[claim.claim_control_number] = answer
        _apply(uow, user, stored[claim.id], answer, moves, report)
    uow.claims.record_statuses(moves.states, user.id)


def _question(uow: UnitOfWork, claim: StaleClaim) -> ClaimStatusQuestion:
    coverage = next(
        (c for c in uow.coverages.for_patient(claim.patient_id) if c.payer_id == claim.payer_id), None
    )
    patient = uow.patients.get(claim.patient_id)
    subscriber = coverage.subscriber if coverage is not None and coverage.subscriber is not None else patient
    return ClaimStatusQuestion(claim.claim_control_number, coverage.member_id if coverage else "",
                               subscriber.last_name, subscriber.first_name, claim.charge_cents,
                               claim.first_service_date, claim.last_service_date)  # fmt: skip


def _apply(uow: UnitOfWork, user: User, claim: Claim, answer: ClaimStatusAnswer, moves: Moves,
           report: StatusReport) -> None:  # fmt: skip
    """Keep the answer, audit it, and move the claim as it says (`moves` is recorded by the caller)."""
    codes = " ".join(f"{s.category}:{s.status}" if s.status else s.category for s in answer.statuses)
    check_id = uow.followup.add_claim_status_check({
        "claim_id": claim.id, "category": answer.category[:3], "status_codes": codes[:60],
        "words": answer.words[:500], "payer_claim_number": answer.payer_claim_number[:50],
        "adjudicated_on": answer.adjudicated_on, "paid_on": answer.paid_on, "paid_cents": answer.paid_cents,
        "check_number": answer.check_number[:50], "checked_at": uow.clock.now(), "user_id": user.id,
    })  # fmt: skip
    target = CLAIM_TARGETS.get(answer.category) or (ClaimStatus.ACCEPTED if answer.category.startswith("P") else None)
    note = f"277 {codes}: {answer.words}" + (f"; payer claim {answer.payer_claim_number}" if answer.payer_claim_number else "")
    if target is not None and moves.move(claim, target, uow.clock.now(), note):
        report.moved[claim.claim_id] = str(target)
    audit.record(uow, user, audit.Action.CREATE, "claim_status_check", check_id, f"claim={claim.id} {codes}")
