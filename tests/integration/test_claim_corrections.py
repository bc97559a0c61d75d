"""correct_claim / void_claim against the database: who may, which claims, where REF*F8 comes from, the
audit log, and nothing written when refused. SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from claims_setup import NOW, setup_practice
from sqlalchemy import func, select

from revcycle.claims import ClaimStatus, transition
from revcycle.claims.corrections import ClaimChanges, LineEdit
from revcycle.coding.workflow import Action as CodingAction
from revcycle.kernel import ErrorCode, FixedClock, RevcycleError
from revcycle.services import audit, users
from revcycle.services import claims as claim_services
from revcycle.services.claim_corrections import correct_claim, void_claim
from revcycle.services.coding import CoderDecision, record_decision
from revcycle.store import UnitOfWork
from revcycle.store.repositories.claims import ClaimRepository
from revcycle.store.tables_claims import claims

LATER = datetime(2026, 4, 2, 9, 0, tzinfo=UTC)
MOD_25 = ClaimChanges(line_edits=(LineEdit(1, modifiers=("25",)),))


def _world(engine):  # noqa: ANN001
    def uow(now: datetime = NOW) -> UnitOfWork:
        return UnitOfWork(engine, FixedClock(now))

    biller, _payer, encounter = setup_practice(uow)
    encounter(("E11.9",), date(2026, 3, 2))
    (claim,) = claim_services.build_ready_claims(uow(), biller)
    return uow, biller, claim


def _move(uow, claim, *statuses):  # noqa: ANN001
    with uow() as unit:
        for status in statuses:
            claim = transition(claim, status, NOW)
            ClaimRepository(unit.connection).record_status(claim, None)
    return claim


def _claim_rows(uow) -> int:  # noqa: ANN001
    with uow() as unit:
        return unit.connection.scalar(select(func.count()).select_from(claims))


def _heard_by_277(uow, claim, number: str) -> None:  # noqa: ANN001
    """The claim as submitted, and a 276/277 answer naming the payer's claim number."""
    with uow() as unit:
        unit.followup.add_claim_status_check(
            {"claim_id": claim.id, "category": "F1", "status_codes": "F1:65", "words": "paid",
             "payer_claim_number": number, "checked_at": NOW})  # fmt: skip


def test_a_claim_not_adjudicated_is_not_corrected_and_nothing_is_written(engine):
    # given a submitted claim the payer has not decided
    uow, biller, claim = _world(engine)
    _move(uow, claim, ClaimStatus.SCRUBBED, ClaimStatus.READY, ClaimStatus.SUBMITTED)
    # when it is corrected, then the biller is told why and no claim is added
    with pytest.raises(RevcycleError) as raised:
        correct_claim(uow(LATER), biller, claim.id, MOD_25)
    assert raised.value.code is ErrorCode.ILLEGAL_TRANSITION
    assert raised.value.message.startswith(
        "claim E1-1 is submitted: only an adjudicated claim (paid, partially paid, denied)"
    )
    assert _claim_rows(uow) == 1


def test_an_adjudicated_claim_without_a_payer_claim_number_is_refused(engine):
    # given a claim marked paid with no 835, 277 or 277CA naming the payer's number
    uow, biller, claim = _world(engine)
    _move(
        uow,
        claim,
        ClaimStatus.SCRUBBED,
        ClaimStatus.READY,
        ClaimStatus.SUBMITTED,
        ClaimStatus.ACCEPTED,
        ClaimStatus.PAID,
    )
    # when it is voided, then the error says where the number comes from
    with pytest.raises(RevcycleError) as raised:
        void_claim(uow(LATER), biller, claim.id, "duplicate of another claim")
    assert (raised.value.code, raised.value.message) == (ErrorCode.VALIDATION,
        "claim E1-1: no payer claim control number heard (no 835 CLP07, 277 or 277CA names one); "
        "post the payer's 835 or ask its claim status first")  # fmt: skip
    assert _claim_rows(uow) == 1


def test_the_number_of_a_277_answer_is_used_and_both_claims_are_audited(engine):
    # given a paid claim whose payer claim number came from a 277 claim status answer
    uow, biller, claim = _world(engine)
    claim = _move(uow, claim, ClaimStatus.SCRUBBED, ClaimStatus.READY, ClaimStatus.SUBMITTED, ClaimStatus.ACCEPTED,
                  ClaimStatus.PAID)  # fmt: skip
    _heard_by_277(uow, claim, "PCN2770001")
    # when the biller corrects 99214 with modifier 25
    correction = correct_claim(uow(LATER), biller, claim.id, MOD_25)
    # then the new version carries it, and the audit log names both claims with codes only
    assert (correction.replacement.payer_claim_control_number, correction.source) == (
        "PCN2770001",
        "277 claim status",
    )
    admin = users.acting_user(uow(), "admin")
    changed = audit.events_for(uow(), admin, "claim", claim.id)[-1]
    created = audit.events_for(uow(), admin, "claim", correction.replacement.id)[-1]
    assert (changed.action, changed.detail) == (
        "change",
        "corrected by E1-1V2 F8=PCN2770001 (277 claim status) line1:modifiers=25",
    )
    assert (created.action, created.detail, created.username) == (
        "create",
        "corrected claim frequency 7 of E1-1",
        "bea",
    )
    # and the claims table keeps both versions linked
    with uow() as unit:
        stored = ClaimRepository(unit.connection)
        original, new = stored.get(claim.id), stored.get_by_number("E1-1V2")
    assert (original.status, new.original_claim_id, new.lines[0].modifiers, new.history[0].note) == (
        ClaimStatus.CORRECTED,
        "E1-1",
        ("25",),
        "corrects E1-1",
    )


def test_who_may_correct_and_void(engine):
    # given a paid claim with a payer claim number
    uow, biller, claim = _world(engine)
    claim = _move(uow, claim, ClaimStatus.SCRUBBED, ClaimStatus.READY, ClaimStatus.SUBMITTED, ClaimStatus.ACCEPTED,
                  ClaimStatus.PAID)  # fmt: skip
    _heard_by_277(uow, claim, "PCN2770001")
    admin = users.acting_user(uow(), "admin")
    coder = users.add_user(uow(), "cody", "coder", "correct horse battery", actor=admin)
    auditor = users.add_user(uow(), "audrey", "auditor", "correct horse battery", actor=admin)
    # when an auditor corrects, a coder voids, the biller voids without a reason
    refused = []
    for attempt in (lambda: correct_claim(uow(LATER), auditor, claim.id, MOD_25),
                    lambda: void_claim(uow(LATER), coder, claim.id, "wrong patient"),
                    lambda: void_claim(uow(LATER), biller, claim.id, "   ")):  # fmt: skip
        with pytest.raises(RevcycleError) as raised:
            attempt()
        refused.append(raised.value.code)
    # then each is refused and no claim was added
    assert refused == [ErrorCode.FORBIDDEN, ErrorCode.FORBIDDEN, ErrorCode.VALIDATION]
    assert _claim_rows(uow) == 1
    # when the biller voids with a reason, then the void copies the content (its own line rows) and the
    # reason is audited
    void = void_claim(uow(LATER), biller, claim.id, "billed  under the wrong patient")
    assert (void.replacement.claim_id, void.replacement.frequency.value) == ("E1-1V2", "8")
    assert [replace(line, id=None) for line in void.replacement.lines] == [replace(line, id=None) for line in claim.lines]
    assert {line.id for line in void.replacement.lines}.isdisjoint({line.id for line in claim.lines})
    detail = audit.events_for(uow(), admin, "claim", claim.id)[-1].detail
    assert detail == "voided by E1-1V2 F8=PCN2770001 (277 claim status): billed under the wrong patient"


def test_a_claim_is_recoded_from_the_coders_decisions_made_after_billing(engine):
    # given a paid claim for E11.9 (99214 and 83036 point at it), then the coder adds E11.65 and I10
    uow, biller, claim = _world(engine)
    claim = _move(uow, claim, ClaimStatus.SCRUBBED, ClaimStatus.READY, ClaimStatus.SUBMITTED, ClaimStatus.ACCEPTED,
                  ClaimStatus.PAID)  # fmt: skip
    _heard_by_277(uow, claim, "PCN2770001")
    for code in ("E11.65", "I10"):
        record_decision(uow(), biller, claim.encounter_id, CoderDecision(CodingAction.ADD, final_code=code))
    # when the claim is corrected with --recode
    correction = correct_claim(uow(LATER), biller, claim.id, ClaimChanges(recode=True))
    # then the corrected claim bills the final diagnoses; pointers to the dropped E11.9 fall back to the
    # first diagnosis and I10, pointed at by no line, goes on line 1
    new = correction.replacement
    assert (claim.diagnoses, new.diagnoses) == (("E11.9",), ("E11.65", "I10"))
    assert [(line.procedure_code, line.diagnosis_pointers) for line in new.lines] == [
        ("99214", (1, 2)),
        ("83036", (1,)),
    ]


def test_the_payer_claim_number_comes_from_the_835_first_then_the_277_then_the_277ca(engine):
    # given claim E1-1 accepted by the payer's front end (277CA REF*1K) and nothing else heard
    uow, _biller, claim = _world(engine)
    with uow() as unit:
        unit.appeals.add_acknowledgment(claim.id, True, date(2026, 3, 5),
                                        "accepted: A2:20 accepted for processing, payer claim CA0001", "CA0001", NOW)  # fmt: skip
    found = []
    with uow() as unit:
        found.append(unit.corrections.payer_claim_number("E1-1"))
    # when a 277 names another number, then a posted 835 a third (and a reversal a fourth)
    with uow() as unit:
        unit.followup.add_claim_status_check(
            {"claim_id": claim.id, "category": "F1", "status_codes": "F1:65", "words": "paid",
             "payer_claim_number": "ST0002", "checked_at": NOW})  # fmt: skip
        found.append(unit.corrections.payer_claim_number("E1-1"))
        remittance = unit.remittances.add_remittance({"digest": "d" * 64, "payer_code": "87726", "trace_number": "T1",
                                                      "total_paid_cents": 0, "claim_count": 2, "status": "posted",
                                                      "received_at": NOW})  # fmt: skip
        row = {"remittance_id": remittance, "claim_control_number": "E1-1", "claim_id": claim.id,
               "charge_cents": 19000, "paid_cents": 0, "outcome": "posted", "entry_ids": ""}  # fmt: skip
        unit.remittances.add_remittance_claims([row | {"position": 1, "status_code": "1", "payer_claim_number": "PC0003"},
                                                row | {"position": 2, "status_code": "22", "payer_claim_number": "RV0004"}])  # fmt: skip
        found.append(unit.corrections.payer_claim_number("E1-1"))
    # then each later, more authoritative source wins; a reversal's number is never used
    assert found == [("CA0001", "277CA"), ("ST0002", "277 claim status"), ("PC0003", "835 CLP07")]
    assert claim.claim_id == "E1-1"
