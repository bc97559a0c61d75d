"""The pages' read models (`uow.views`) and the services that show them (`services.views`,
`services.claim_views`), on the web practice: encounters 1 and 2 billed as E1-1 and E2-1 (scrubbed clean and
exported in batch-837.x12), encounters 3 (DOS 2026-03-05) and 4 (2026-03-06) waiting to be coded.
SQLite always; PostgreSQL when REVCYCLE_TEST_DATABASE_URL is set."""

from __future__ import annotations

import pytest
from web_setup import web_world

from revcycle.coding.workflow import Action
from revcycle.kernel import ErrorCode, RevcycleError
from revcycle.services import claim_views, claim_worklist, claims, coding, listings, users, views
from revcycle.services.claim_revisions import LineRevision, revise_draft_claim
from revcycle.services.claim_worklist import ClaimFilters
from revcycle.store.repositories.views import LatestScrub, WaitingEncounter


@pytest.fixture
def world(engine, tmp_path):
    return web_world(engine, tmp_path)


def reads_since(world, first_id: int) -> list[tuple[str, str, str, str]]:
    """(user, entity type, entity id, detail) of the READ audit rows written after row `first_id`."""
    with world.practice.uow() as uow:
        return [(e.username, e.entity_type, e.entity_id, e.detail) for e in uow.audit.events()
                if e.id > first_id and e.action == "read"]  # fmt: skip


def last_audit_id(world) -> int:
    with world.practice.uow() as uow:
        return uow.audit.events()[-1].id


def coder(world):
    return users.acting_user(world.practice.uow(), "coder1")


def finalize_keeping(world, encounter_id: int, kept: str) -> None:
    """The coder keeps one suggested diagnosis, rejects the others and finalizes the encounter."""
    for code in coding.coding_worklist(world.practice.uow(), coder(world), encounter_id).diagnoses.suggested:
        decision = coding.CoderDecision(Action.ACCEPT if code == kept else Action.REJECT, code)
        coding.record_decision(world.practice.uow(), coder(world), encounter_id, decision)
    coding.finalize_coding(world.practice.uow(), coder(world), encounter_id)


def test_the_waiting_encounters_are_the_unbilled_unfinalized_ones_oldest_first(world):
    # when the read model is asked for one and for all
    with world.practice.uow() as uow:
        first = uow.views.waiting_encounters(1)
        every = uow.views.waiting_encounters(50)
        total = uow.views.waiting_encounter_count()
    # then encounters 3 and 4 wait (1 and 2 are billed), oldest date of service first, no decisions yet
    assert first == [WaitingEncounter(3, 0)]
    assert every == [WaitingEncounter(3, 0), WaitingEncounter(4, 0)]
    assert total == 2


def test_the_coder_queue_counts_decisions_drops_finalized_encounters_and_audits_what_it_shows(world):
    # given two decisions on encounter 4 (J02.9 is its one suggestion: the coder accepts it, then adds the
    # fever she reads as a separate finding), then encounter 3 finalized keeping I10
    decisions = (coding.CoderDecision(Action.ACCEPT, "J02.9"), coding.CoderDecision(Action.ADD, final_code="R50.9"))
    for decision in decisions:
        coding.record_decision(world.practice.uow(), coder(world), 4, decision)
    finalize_keeping(world, 3, "I10")
    before = last_audit_id(world)
    # when the coder opens the queue
    queue = views.coder_queue(world.practice.uow(), coder(world), 50)
    # then only encounter 4 waits, with its two decisions, and its encounter and patient reads are audited
    assert [(item.encounter.id, item.patient.id, item.decisions) for item in queue.items] == [(4, 1, 2)]
    assert queue.total == 1
    assert reads_since(world, before) == [("coder1", "encounter", "4", "patient=1"), ("coder1", "patient", "1", "")]


def test_the_coder_queue_needs_edit_encounters(world):
    # given an auditor (reads, does not code)
    auditor = users.acting_user(world.practice.uow(), "auditor1")
    # when the auditor asks for the queue
    with pytest.raises(RevcycleError) as refused:
        views.coder_queue(world.practice.uow(), auditor, 50)
    # then it is refused
    assert refused.value.code is ErrorCode.FORBIDDEN


def test_coding_state_names_who_finalized_and_the_claims_built(world):
    # given encounter 4 finalized by the coder, keeping J02.9
    finalize_keeping(world, 4, "J02.9")
    # when its state is read before and after its claim is built, and encounter 3's (never finalized)
    finalized = views.coding_state(world.practice.uow(), coder(world), 4)
    claims.build_encounter_claims(world.practice.uow(), world.practice.biller, 4)
    built = views.coding_state(world.practice.uow(), coder(world), 4)
    untouched = views.coding_state(world.practice.uow(), coder(world), 3)
    # then the finalization carries J02.9 by coder1; the claim E4-1 shows once built; encounter 3 has neither
    assert (finalized.finalization.diagnosis_codes, finalized.finalized_by, finalized.claims) == (("J02.9",), "coder1", [])
    assert [(claim.id, claim.claim_id) for claim in built.claims] == [(3, "E4-1")]
    assert (untouched.finalization, untouched.finalized_by, untouched.claims) == (None, "", [])


def test_user_names_and_claim_ids_are_looked_up_by_id_and_number(world):
    # when the read models are asked about known and unknown users, claim numbers and claims
    with world.practice.uow() as uow:
        names = (uow.views.user_name(1), uow.views.user_name(2), uow.views.user_name(99))
        ids = uow.claims.ids_by_number(["E2-1", "E1-1", "X9-1"])
        none = uow.claims.ids_by_number([])
        found = uow.claims.owners([1, 99])
        owners = (found[1][0], found.get(99))
    # then the known ones are answered and the unknown left out (or None)
    assert names == ("admin", "coder1", None)
    assert ids == {"E1-1": 1, "E2-1": 2}
    assert none == {}
    assert owners == (1, None)


def test_claim_ids_by_number_needs_read_ledger(world):
    # when a biller and a coder ask for the denial queue's claim links
    ids = views.claim_ids_by_number(world.practice.uow(), world.practice.biller, {"E1-1", "X9-1"})
    with pytest.raises(RevcycleError) as refused:
        views.claim_ids_by_number(world.practice.uow(), coder(world), {"E1-1"})
    # then the biller gets E1-1's id and the coder is refused
    assert ids == {"E1-1": 1}
    assert refused.value.code is ErrorCode.FORBIDDEN


def test_payers_by_id_gives_the_practice_payers(world):
    # when the payer of the claims is asked for, and an unknown one
    payers = views.payers_by_id(world.practice.uow(), coder(world), [1, 1])
    with pytest.raises(RevcycleError) as unknown:
        views.payers_by_id(world.practice.uow(), coder(world), [7])
    # then Acme Health is answered once; the unknown payer is not found
    assert {payer_id: (payer.name, payer.payer_code) for payer_id, payer in payers.items()} == {1: ("Acme Health", "87726")}
    assert unknown.value.code is ErrorCode.NOT_FOUND


def test_the_latest_scrub_of_each_claim_is_the_last_one(world):
    # given encounter 3's draft claim scrubbed with a broken line, then fixed and scrubbed again
    claim_id = claims.build_encounter_claims(world.practice.uow(), world.practice.biller, 3)[0].id
    biller = world.practice.biller
    revise_draft_claim(world.practice.uow(), biller, claim_id, lines={1: LineRevision("99999", ("25",), 1, (1,))})
    claims.scrub_claims(world.practice.uow(), biller, [claim_id])
    with world.practice.uow() as uow:
        failed = uow.views.latest_scrubs([claim_id])
    revise_draft_claim(world.practice.uow(), biller, claim_id, lines={1: LineRevision("99214", (), 1, (1,))})
    claims.scrub_claims(world.practice.uow(), biller, [claim_id])
    # when the latest scrubs of the three claims (and of none) are read
    with world.practice.uow() as uow:
        latest = uow.views.latest_scrubs([1, 2, claim_id])
        none = uow.views.latest_scrubs([])
    # then the first scrub kept its findings, the second is clean and not exported; E1-1 and E2-1 went out
    assert (failed[claim_id].batch_id, failed[claim_id].clean) == (2, False)
    assert [finding["code"] for finding in failed[claim_id].findings] == ["procedure_unknown_code", "modifier_not_applicable"]
    assert latest == {1: LatestScrub(1, True, [], "batch-837.x12"), 2: LatestScrub(1, True, [], "batch-837.x12"),
                      claim_id: LatestScrub(3, True, [], "")}  # fmt: skip
    assert none == {}


def test_the_claim_worklist_names_patient_and_payer_and_audits_each_claim(world):
    # given the audit log so far
    before = last_audit_id(world)
    # when the auditor lists the claims
    auditor = users.acting_user(world.practice.uow(), "auditor1")
    rows, total = claim_worklist.claim_worklist(world.practice.uow(), auditor, ClaimFilters(), listings.page_of(50, 0))
    # then both claims are listed with the patient's and Acme's names; each claim shown is one audited read
    assert [(row.id, row.claim_number, row.status, row.patient_name, row.payer_name) for row in rows] == [
        (1, "E1-1", "submitted", "Doe, Jane", "Acme Health"), (2, "E2-1", "submitted", "Doe, Jane", "Acme Health")]
    assert total == 2
    assert claim_views.scrub_of(world.practice.uow(), auditor, [1, 2]) == {
        1: LatestScrub(1, True, [], "batch-837.x12"), 2: LatestScrub(1, True, [], "batch-837.x12")}
    assert reads_since(world, before) == [("auditor1", "claim", "1", "list patient=1"),
                                          ("auditor1", "claim", "2", "list patient=1")]  # fmt: skip


def test_one_claim_comes_with_its_patient_and_latest_scrub_as_one_audited_read(world):
    # given the audit log so far
    before = last_audit_id(world)
    # when the biller opens claim E1-1
    view = claim_views.claim_view(world.practice.uow(), world.practice.biller, 1)
    # then the claim, its patient and its scrub are read; the claim read is audited once
    assert (view.claim.claim_id, view.patient_id, view.scrub) == ("E1-1", 1, LatestScrub(1, True, [], "batch-837.x12"))
    assert reads_since(world, before) == [("biller1", "claim", "1", "")]


def test_the_837_preview_is_one_test_interchange_of_the_claim_read_once(world):
    # given the audit log so far
    before = last_audit_id(world)
    # when the biller previews E1-1 as an 837P
    preview = claim_views.claim_837_preview(world.practice.uow(), world.practice.biller, 1)
    # then it is a usage-T interchange numbered by the claim's id, with the office's preview contact, the claim
    # and its line; the claim read is audited once
    segments = preview.segments
    assert preview.claim_number == "E1-1"
    assert segments[0].endswith("*000000001*0*T*:")
    assert segments[2:7] == ["ST*837*0001*005010X222A1", "BHT*0019*00*B1*20260310*1530*CH",
                             "NM1*41*2*SPRINGFIELD FAMILY MEDICINE*****46*1234567893", "PER*IC*BILLING OFFICE*TE*0000000000",
                             "NM1*40*2*ACME HEALTH*****46*87726"]  # fmt: skip
    assert "CLM*E1-1*110***11:B:1*Y*A*Y*Y" in segments and "SV1*HC:99213*110*UN*1***1" in segments
    assert (segments[-3], segments[-1]) == ("SE*27*0001", "IEA*1*000000001")
    assert reads_since(world, before) == [("biller1", "claim", "1", "")]


def test_a_coder_may_preview_but_an_unknown_claim_is_not_found(world):
    # when a coder previews E2-1 and claim 99
    preview = claim_views.claim_837_preview(world.practice.uow(), coder(world), 2)
    with pytest.raises(RevcycleError) as unknown:
        claim_views.claim_837_preview(world.practice.uow(), coder(world), 99)
    # then E2-1 is previewed (read_patients) and claim 99 is not found
    assert "CLM*E2-1*150***11:B:1*Y*A*Y*Y" in preview.segments
    assert unknown.value.code is ErrorCode.NOT_FOUND


def test_audit_reads_are_not_written_for_ids_and_names(world):
    # given the audit log so far
    before = last_audit_id(world)
    # when claim links and payer names are looked up
    views.claim_ids_by_number(world.practice.uow(), world.practice.biller, {"E1-1"})
    views.payers_by_id(world.practice.uow(), world.practice.biller, [1])
    # then nothing is audited (no patient data was read)
    assert reads_since(world, before) == []
