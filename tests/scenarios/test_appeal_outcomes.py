"""Appeals that end otherwise: paid in part, upheld by the payer's 835 (then a level 2 appeal), decided
or withdrawn by hand; the payer's own window; who may do what; what is refused; the audit trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from appeal_setup import MRI, denied_claim, payer_decides_again
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from followup_setup import PASSWORD, family_payer, set_up_clinic

from revcycle.claims.model import ClaimStatus
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice import ServiceLine
from revcycle.services import audit, users
from revcycle.services.appeals import (
    draft_appeal,
    get_appeal,
    list_appeals,
    mark_appeal_sent,
    record_appeal_outcome,
    set_appeal_window,
)
from revcycle.services.clearinghouse import collect
from revcycle.services.denials import denial_queue
from revcycle.store.repositories.claims import ClaimRepository
from revcycle.store.testing import database_url, engine  # noqa: F401  (pytest fixtures)

SET_UP = dt.datetime(2026, 3, 1, 17, 0, tzinfo=dt.UTC)
DRAFTED = dt.datetime(2026, 3, 24, 9, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 4, 29, 8, 0, tzinfo=dt.UTC)
A1C = ServiceLine(2, "83036", 4000, diagnosis_pointers=(1,))


@pytest.fixture(autouse=True)
def cheap_password_hashing():
    previous = users.use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))
    yield
    users.use_password_hasher(previous)


def _no_a1c_payer():
    payer = family_payer()
    return replace(payer, contract=replace(payer.contract, non_covered_codes=frozenset({"83036"})))


def _status(clinic, claim_id) -> ClaimStatus:  # noqa: ANN001
    with clinic.uow(LATER) as uow:
        return ClaimRepository(uow.connection).get(claim_id).status


def _queue(clinic) -> list[tuple[str, str, int]]:  # noqa: ANN001
    return [(i.procedure_code, i.carc, i.amount_cents)
            for _c, items, _t in denial_queue(clinic.uow(LATER), clinic.biller).groups() for i in items]  # fmt: skip


def test_paid_in_part_is_partially_won_and_the_rest_stays_on_the_queue(engine, tmp_path):  # noqa: F811
    # given an MRI (CO-197, $900) and an A1c the plan does not cover (CO-96, $40), both denied
    clinic = set_up_clinic(engine, SET_UP)
    payer = _no_a1c_payer()
    partner, claim_id = denied_claim(clinic, tmp_path, payer, (MRI, A1C))
    assert _queue(clinic) == [("72148", "197", 90000), ("83036", "96", 4000)]
    # when appealed (authorization: the larger amount) and sent, and the payer pays the MRI only
    view = draft_appeal(clinic.uow(DRAFTED), clinic.biller, claim_id, note="auth A7731")
    assert (view.appeal.category, view.appeal.denied_cents, view.appeal.deadline) == (
        "authorization", 94000, dt.date(2026, 9, 15))  # fmt: skip
    mark_appeal_sent(clinic.uow(DRAFTED), clinic.biller, view.appeal.id)
    payer_decides_again(partner, payer, "A7731", dt.date(2026, 4, 28))
    collect(clinic.uow(LATER), clinic.biller, partner)
    # then partially won with $392.00 paid; the claim is partially paid; the A1c's new denial is open work
    decided = get_appeal(clinic.uow(LATER), clinic.biller, view.appeal.id).appeal
    assert (decided.status, decided.recovered_cents, decided.decided_on) == (
        "partially_won",
        39200,
        dt.date(2026, 4, 28),
    )
    assert _status(clinic, claim_id) is ClaimStatus.PARTIALLY_PAID
    assert _queue(clinic) == [("83036", "96", 4000)]


def test_denied_again_is_upheld_and_a_level_2_appeal_follows(engine, tmp_path):  # noqa: F811
    # given a sent appeal of the MRI denial
    clinic = set_up_clinic(engine, SET_UP)
    partner, claim_id = denied_claim(clinic, tmp_path, family_payer())
    first = draft_appeal(clinic.uow(DRAFTED), clinic.biller, claim_id).appeal
    mark_appeal_sent(clinic.uow(DRAFTED), clinic.biller, first.id, dt.date(2026, 3, 25))
    # when the payer's 835 denies it again (no authorization found)
    payer_decides_again(partner, family_payer(), "", dt.date(2026, 4, 28))
    collect(clinic.uow(LATER), clinic.biller, partner)
    # then upheld, nothing recovered; the claim is denied; the new denial is on the queue
    upheld = get_appeal(clinic.uow(LATER), clinic.biller, first.id).appeal
    assert (upheld.status, upheld.recovered_cents, upheld.sent_on) == ("upheld", 0, dt.date(2026, 3, 25))
    assert _status(clinic, claim_id) is ClaimStatus.DENIED
    assert _queue(clinic) == [("72148", "197", 90000)]
    # when appealed again: level 2, its deadline from the new denial (2026-04-28 + 180 days)
    second = draft_appeal(clinic.uow(LATER), clinic.biller, claim_id).appeal
    assert (second.level, second.denied_on, second.deadline) == (
        2,
        dt.date(2026, 4, 28),
        dt.date(2026, 10, 25),
    )
    assert [(v.appeal.id, v.appeal.status) for v in list_appeals(clinic.uow(LATER), clinic.biller, open_only=True)] == [
        (second.id, "drafted")]  # fmt: skip


def test_outcomes_by_hand_move_the_denials_and_the_claim(engine, tmp_path):  # noqa: F811
    # given a drafted appeal of the MRI denial
    clinic = set_up_clinic(engine, SET_UP)
    _partner, claim_id = denied_claim(clinic, tmp_path, family_payer())
    first = draft_appeal(clinic.uow(DRAFTED), clinic.biller, claim_id).appeal
    # when withdrawn: the denial is back on the queue and the claim back to denied
    record_appeal_outcome(clinic.uow(DRAFTED), clinic.biller, first.id, "withdrawn")
    assert (_queue(clinic), _status(clinic, claim_id)) == ([("72148", "197", 90000)], ClaimStatus.DENIED)
    # when a new appeal is sent and the payer says by phone it is upheld: the same, and it stays level 1
    second = draft_appeal(clinic.uow(DRAFTED), clinic.biller, claim_id).appeal
    assert second.level == 1
    mark_appeal_sent(clinic.uow(DRAFTED), clinic.biller, second.id)
    record_appeal_outcome(clinic.uow(LATER), clinic.biller, second.id, "upheld")
    assert (_queue(clinic), _status(clinic, claim_id)) == ([("72148", "197", 90000)], ClaimStatus.DENIED)
    # when a level 2 appeal is won by letter: the denial leaves the queue, the claim waits for the 835
    third = draft_appeal(clinic.uow(LATER), clinic.biller, claim_id).appeal
    mark_appeal_sent(clinic.uow(LATER), clinic.biller, third.id)
    won = record_appeal_outcome(
        clinic.uow(LATER), clinic.biller, third.id, "won", recovered_cents=39200
    ).appeal
    assert (third.level, won.status, won.recovered_cents) == (2, "won", 39200)
    assert (_queue(clinic), _status(clinic, claim_id)) == ([], ClaimStatus.APPEALED)


def test_the_payers_window_permissions_refusals_and_audit(engine, tmp_path):  # noqa: F811
    # given the payer allows 60 days for authorization appeals (set by the admin), and a coder
    clinic = set_up_clinic(engine, SET_UP)
    _partner, claim_id = denied_claim(clinic, tmp_path, family_payer())
    coder = users.add_user(clinic.uow(SET_UP), "cody", "coder", PASSWORD, actor=clinic.admin)
    with pytest.raises(RevcycleError) as forbidden:
        set_appeal_window(clinic.uow(SET_UP), clinic.biller, clinic.payer_id, 60, "authorization")
    assert forbidden.value.code is ErrorCode.FORBIDDEN
    set_appeal_window(clinic.uow(SET_UP), clinic.admin, clinic.payer_id, 60, "authorization")
    # when a coder tries to appeal, and the biller appeals
    with pytest.raises(RevcycleError) as coder_refused:
        draft_appeal(clinic.uow(DRAFTED), coder, claim_id)
    view = draft_appeal(clinic.uow(DRAFTED), clinic.biller, claim_id)
    # then the coder is refused; the deadline is the payer's: 2026-03-19 + 60 days
    assert coder_refused.value.code is ErrorCode.FORBIDDEN
    assert (view.appeal.deadline, view.days_to_deadline) == (dt.date(2026, 5, 18), 55)
    # and on 2026-05-19 the unsent draft is overdue
    (late,) = list_appeals(clinic.uow(dt.datetime(2026, 5, 19, 9, tzinfo=dt.UTC)), clinic.biller)
    assert (late.overdue, late.days_to_deadline) == (True, -1)
    # and a second appeal, an unknown claim, a bad outcome and sending twice are refused, nothing written
    refusals = [
        (lambda: draft_appeal(clinic.uow(DRAFTED), clinic.biller, claim_id), ErrorCode.CONFLICT),
        (lambda: draft_appeal(clinic.uow(DRAFTED), clinic.biller, "NOPE-1"), ErrorCode.NOT_FOUND),
        (lambda: record_appeal_outcome(clinic.uow(DRAFTED), clinic.biller, view.appeal.id, "lost"), ErrorCode.VALIDATION),
        (lambda: record_appeal_outcome(clinic.uow(DRAFTED), clinic.biller, view.appeal.id, "won"),
         ErrorCode.ILLEGAL_TRANSITION),
        (lambda: set_appeal_window(clinic.uow(SET_UP), clinic.admin, clinic.payer_id, 0), ErrorCode.VALIDATION),
    ]  # fmt: skip
    for call, code in refusals:
        with pytest.raises(RevcycleError) as refused:
            call()
        assert refused.value.code is code
    mark_appeal_sent(clinic.uow(DRAFTED), clinic.biller, view.appeal.id)
    with pytest.raises(RevcycleError) as twice:
        mark_appeal_sent(clinic.uow(DRAFTED), clinic.biller, view.appeal.id)
    assert twice.value.code is ErrorCode.ILLEGAL_TRANSITION
    # and the audit log holds who did what, with ids and codes only
    events = audit.events_for(clinic.uow(LATER), clinic.admin, "appeal", view.appeal.id)
    assert [(e.username, e.action, e.detail) for e in events] == [
        ("bea", "create", f"claim {view.appeal.claim_control_number}: level 1, authorization, denials 1, deadline 2026-05-18"),
        ("bea", "read", ""),
        ("bea", "change", "sent on 2026-03-24"),
    ]  # fmt: skip
    (window,) = audit.events_for(clinic.uow(LATER), clinic.admin, "payer", clinic.payer_id)[-1:]
    assert window.detail == "appeal window authorization=60"


def test_a_paid_claim_has_nothing_to_appeal(engine, tmp_path):  # noqa: F811
    # given a claim paid in full (the A1c alone: $13.00 allowed, the deductible's last $50 not reached)
    clinic = set_up_clinic(engine, SET_UP)
    _partner, claim_id = denied_claim(clinic, tmp_path, family_payer(), (replace(A1C, line_number=1),))
    # when appealed / then refused: no open denial
    with pytest.raises(RevcycleError) as refused:
        draft_appeal(clinic.uow(DRAFTED), clinic.biller, claim_id)
    assert refused.value.code is ErrorCode.CONFLICT
    assert refused.value.message.endswith("has no open denial to appeal")


def test_a_draft_the_payer_overtook_closes_its_denials_and_withdrawing_it_reopens_nothing(engine, tmp_path):  # noqa: F811
    # given a drafted (never sent) appeal of the MRI denial
    clinic = set_up_clinic(engine, SET_UP)
    partner, claim_id = denied_claim(clinic, tmp_path, family_payer())
    draft = draft_appeal(clinic.uow(DRAFTED), clinic.biller, claim_id).appeal
    # when the payer pays the claim anyway (a phone call was enough) in a later 835
    payer_decides_again(partner, family_payer(), "A7731", dt.date(2026, 4, 28))
    report = collect(clinic.uow(LATER), clinic.biller, partner)
    # then the appeal is still a draft, its denial closed, the claim paid
    assert report.remittances[0]["status"] == "posted"
    assert get_appeal(clinic.uow(LATER), clinic.biller, draft.id).appeal.status == "drafted"
    assert (_queue(clinic), _status(clinic, claim_id)) == ([], ClaimStatus.PAID)
    # when it is withdrawn: the paid claim and the closed denial stay as they are
    withdrawn = record_appeal_outcome(clinic.uow(LATER), clinic.biller, draft.id, "withdrawn").appeal
    assert withdrawn.status == "withdrawn"
    assert (_queue(clinic), _status(clinic, claim_id)) == ([], ClaimStatus.PAID)
