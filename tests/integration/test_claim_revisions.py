"""services.claim_revisions.revise_draft_claim on a real database: an unsent claim is revised and sent
back to draft (history and audit row), a sent one is refused, bad values are VALIDATION errors."""

from __future__ import annotations

import pytest
from web_setup import web_world

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.services import claims
from revcycle.services.claim_revisions import LineRevision, revise_draft_claim


@pytest.fixture
def world(engine, tmp_path):
    return web_world(engine, tmp_path)


def test_a_scrubbed_claim_is_revised_back_to_draft_with_its_history_and_an_audit_row(world):
    # given the hypertension encounter's claim, scrubbed
    practice = world.practice
    claim = claims.build_encounter_claims(practice.uow(), practice.biller, 3)[0]
    claims.scrub_claims(practice.uow(), practice.biller, [claim.id])
    # when its diagnoses and its line are revised
    revise_draft_claim(practice.uow(), practice.biller, claim.id, diagnoses=["I10", "E785"],
                       lines={1: LineRevision("99215", ("25",), 2, (1, 2))})  # fmt: skip
    stored = claims.get_claim(practice.uow(), practice.biller, claim.id)
    with practice.uow() as uow:
        events = [
            event.detail for event in uow.audit.events("claim", str(claim.id)) if event.action == "change"
        ]
    # then the stored claim carries the revision, is a draft again, and says so in its history and the audit log
    assert stored.diagnoses == ("I10", "E78.5")
    assert [
        (x.procedure_code, x.modifiers, x.units, x.diagnosis_pointers, x.charge_cents) for x in stored.lines
    ] == [("99215", ("25",), 2, (1, 2), 15000)]
    assert [(c.status.value, c.note) for c in stored.history][-1] == (
        "draft",
        "revised: dx I10 -> I10,E78.5; line 1 99214 x1 -> 99215-25 x2 ptr 12",
    )
    assert events == ["revised: dx I10 -> I10,E78.5; line 1 99214 x1 -> 99215-25 x2 ptr 12"]


def test_a_submitted_claim_and_bad_values_are_refused(world):
    # given the submitted claim E1-1 and a fresh draft
    practice = world.practice
    draft = claims.build_encounter_claims(practice.uow(), practice.biller, 3)[0]

    # when revisions are tried
    def refused(claim_id, **change) -> tuple[ErrorCode, str]:
        with pytest.raises(RevcycleError) as caught:
            revise_draft_claim(practice.uow(), practice.biller, claim_id, **change)
        return caught.value.code, caught.value.message

    # then each is refused with its reason
    assert refused(world.claim_id, diagnoses=["I10"]) == (
        ErrorCode.ILLEGAL_TRANSITION,
        "claim E1-1 is submitted: a sent claim is changed by a corrected claim, not revised",
    )
    assert refused(draft.id, diagnoses=["10I"]) == (ErrorCode.VALIDATION, "'10I' is not an ICD-10-CM code")
    assert refused(draft.id, lines={1: LineRevision("99214", ("2",), 1, (1,))}) == (
        ErrorCode.VALIDATION,
        "line 1: up to 4 two-character modifiers",
    )
    assert refused(draft.id, lines={1: LineRevision("99214", (), 0, (1,))}) == (
        ErrorCode.VALIDATION,
        "line 1: units must be 1 to 9999",
    )
    assert refused(draft.id, lines={2: LineRevision("99214", (), 1, (1,))}) == (
        ErrorCode.NOT_FOUND,
        "claim E3-1 has no line 2",
    )
