"""The coder's workflow on a stored encounter (SQLite; PostgreSQL when configured): suggestions
from the note -> accept / reject / add decisions (append-only, audited) -> finalize onto the
encounter -> the claim built from the encounter carries exactly the final diagnoses."""

import json
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from claims_setup import CLINIC_ADDRESS, PASSWORD
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from revcycle.cli.main import app
from revcycle.coding.workflow import Action
from revcycle.kernel import ErrorCode, FixedClock, RevcycleError
from revcycle.practice import (
    Address,
    BillingProvider,
    Coverage,
    CoverageOrder,
    Encounter,
    Facility,
    Patient,
    Payer,
    RenderingProvider,
    ServiceLine,
)
from revcycle.services import audit, claims, coding, patients, practice, users
from revcycle.services.coding import CoderDecision
from revcycle.store import UnitOfWork, make_engine
from revcycle.store.tables_coding import coding_decisions, coding_finalizations
from revcycle.store.testing import database_url, engine  # noqa: F401  (pytest fixtures)

NOW = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
DOS = date(2026, 3, 2)
NOTE = (
    "Established patient seen for follow-up of type 2 diabetes mellitus without complications and essential "
    "hypertension. She also reports acute low back pain for three days. Denies chest pain. "
    "Hemoglobin A1c drawn today. Plan: continue metformin and lisinopril."
)


def _utc(moment):
    """SQLite hands back naive datetimes (the clock wrote UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _practice(engine):  # noqa: F811
    def uow():
        return UnitOfWork(engine, FixedClock(NOW))

    admin = users.add_user(uow(), "admin", "admin", PASSWORD)
    staff = {role: users.add_user(uow(), name, role, PASSWORD, actor=admin)
             for name, role in (("cora", "coder"), ("bea", "biller"), ("ann", "auditor"), ("max", "manager"))}
    billing = practice.add_billing_provider(uow(), admin, BillingProvider(
        "Springfield Family Medicine", "1234567893", "12-3456789", "207Q00000X", CLINIC_ADDRESS))
    smith = practice.add_rendering_provider(uow(), admin, RenderingProvider("John", "Smith", "1987654328", "207Q00000X"))
    office = practice.add_facility(uow(), admin, Facility("Main office", CLINIC_ADDRESS))
    payer = practice.add_payer(uow(), admin, Payer("87726", "Acme Health", "CI", 180))
    jane = patients.register_patient(uow(), staff["biller"], Patient(
        "Jane", "Doe", date(1980, 4, 12), "F", Address("12 Oak Ave", "Springfield", "IL", "627025678")))
    coverage = patients.add_coverage(uow(), staff["biller"], Coverage(
        jane.id, payer.id, "XYZ123456789", CoverageOrder.PRIMARY, date(2025, 1, 1)))
    lines = (ServiceLine(1, "99214", 15000), ServiceLine(2, "83036", 4000))
    encounter = patients.record_encounter(uow(), staff["biller"], Encounter(
        jane.id, DOS, "11", billing.id, smith.id, ("E11.9",), lines, facility_id=office.id, coverage_id=coverage.id,
        note_text=NOTE))
    return uow, staff, encounter.id


def test_decisions_are_audited_and_the_final_codes_go_on_to_the_claim(engine):  # noqa: F811
    # given an encounter with a note and its suggestions
    uow, staff, encounter_id = _practice(engine)
    coder = staff["coder"]
    worklist = coding.coding_worklist(uow(), coder, encounter_id)
    assert {"M54.50", "E11.9", "I10"} <= set(worklist.diagnoses.suggested)
    assert "83036" in worklist.procedures.suggested
    # when the coder accepts two, rejects one (the provider's answer to a query), adds one (metformin, long term)
    for decision in (CoderDecision(Action.ACCEPT, "E11.9"), CoderDecision(Action.ACCEPT, "m5450"),
                     CoderDecision(Action.REJECT, "I10", reason="provider query: hypertension resolved"),
                     CoderDecision(Action.ADD, final_code="Z79.84"), CoderDecision(Action.ACCEPT, "83036")):
        coding.record_decision(uow(), coder, encounter_id, decision)
    final = coding.finalize_coding(uow(), coder, encounter_id)
    # then the final set is the kept suggestions in suggestion order, then the addition
    kept_in_rank_order = [code for code in worklist.diagnoses.suggested if code in {"M54.50", "E11.9"}]
    assert final == [*kept_in_rank_order, "Z79.84"]
    # and the claim built from the encounter carries exactly those diagnoses, in that order
    (claim,) = claims.build_encounter_claims(uow(), staff["biller"], encounter_id)
    assert claim.diagnoses == tuple(final)
    assert [(line.procedure_code, line.charge_cents) for line in claim.lines] == [("99214", 15000), ("83036", 4000)]
    e119 = final.index("E11.9") + 1
    assert claim.lines[1].diagnosis_pointers == (e119,)
    assert sorted(claim.lines[0].diagnosis_pointers) == [1, 2, 3]
    # and each decision is stored with who and when, and audited
    after = coding.coding_worklist(uow(), coder, encounter_id)
    assert [(d.code_system, d.decision.action, d.decision.suggested_code, d.decision.final_code,
             d.decision.coder_id, d.decision.decided_at) for d in after.decisions] == [
        ("icd10cm", Action.ACCEPT, "E11.9", "E11.9", "cora", NOW),
        ("icd10cm", Action.ACCEPT, "M54.50", "M54.50", "cora", NOW),
        ("icd10cm", Action.REJECT, "I10", None, "cora", NOW),
        ("icd10cm", Action.ADD, None, "Z79.84", "cora", NOW),
        ("cpt", Action.ACCEPT, "83036", "83036", "cora", NOW),
    ]
    assert after.decisions[2].decision.reason == "provider query: hypertension resolved"
    trail = [(e.username, _utc(e.occurred_at), e.detail) for e in audit.events_for(uow(), staff["manager"], "encounter",
                                                                            encounter_id) if e.action == "change"]
    assert trail == [
        ("cora", NOW, "coding accept icd10cm E11.9 -> E11.9"),
        ("cora", NOW, "coding accept icd10cm M54.50 -> M54.50"),
        ("cora", NOW, "coding reject icd10cm I10 -> -"),
        ("cora", NOW, "coding add icd10cm - -> Z79.84"),
        ("cora", NOW, "coding accept cpt 83036 -> 83036"),
        ("cora", NOW, f"coding finalized dx={','.join(final)} px=99214,83036 forced=False"),
    ]
    # and the decisions cannot be changed afterwards
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text("UPDATE coding_decisions SET action = 'reject'"))



def test_the_superbills_diagnoses_wait_for_the_coder_on_a_visit_without_a_note(engine):  # noqa: F811
    # given a visit entered at the front desk with charges and the superbill's diagnoses, but no note
    uow, staff, with_note = _practice(engine)
    coder = staff["coder"]
    with uow() as work:
        original = work.encounters.get(with_note)
    first = patients.record_encounter(uow(), staff["biller"], replace(
        original, id=None, note_text="", diagnosis_codes=("E11.9", "I10")))
    # when the coder opens it
    worklist = coding.coding_worklist(uow(), coder, first.id)
    # then both diagnoses wait for review, in the order entered; nothing was suggested from a note
    assert (worklist.diagnoses.suggested, worklist.pending) == (("E11.9", "I10"), ["E11.9", "I10"])
    # when the coder accepts one and adds the other by hand (as a coder who typed it would)
    coding.record_decision(uow(), coder, first.id, CoderDecision(Action.ACCEPT, "I10"))
    coding.record_decision(uow(), coder, first.id, CoderDecision(Action.ADD, final_code="E11.9"))
    # then nothing is pending and finalizing keeps both, the accepted first
    assert coding.coding_worklist(uow(), coder, first.id).pending == []
    assert coding.finalize_coding(uow(), coder, first.id) == ["I10", "E11.9"]


def test_a_user_without_the_coder_permission_is_forbidden_and_nothing_is_written(engine):  # noqa: F811
    # given an encounter and an auditor (who may read but not code)
    uow, staff, encounter_id = _practice(engine)
    with engine.connect() as connection:
        audit_rows = connection.scalar(text("SELECT count(*) FROM audit_log"))
    # when the auditor tries to accept a suggestion
    with pytest.raises(RevcycleError) as refused:
        coding.record_decision(uow(), staff["auditor"], encounter_id, CoderDecision(Action.ACCEPT, "E11.9"))
    # then it is forbidden and no decision or audit row was written
    assert refused.value.code is ErrorCode.FORBIDDEN
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(coding_decisions)) == 0
        assert connection.scalar(text("SELECT count(*) FROM audit_log")) == audit_rows


def test_finalizing_refuses_error_findings_unless_a_manager_forces_it(engine):  # noqa: F811
    # given a coder who accepted E11.9 and added the header code E11 (not billable)
    uow, staff, encounter_id = _practice(engine)
    coding.record_decision(uow(), staff["coder"], encounter_id, CoderDecision(Action.ACCEPT, "E11.9"))
    coding.record_decision(uow(), staff["coder"], encounter_id, CoderDecision(Action.ADD, final_code="E11"))
    # when the coder finalizes, or forces it
    with pytest.raises(RevcycleError) as refused:
        coding.finalize_coding(uow(), staff["coder"], encounter_id)
    with pytest.raises(RevcycleError) as not_a_manager:
        coding.finalize_coding(uow(), staff["coder"], encounter_id, force=True)
    # then both are refused, the check's findings named, and the encounter keeps its codes
    assert refused.value.code is ErrorCode.VALIDATION
    assert "E11" in str(refused.value) and "check" in str(refused.value)
    assert not_a_manager.value.code is ErrorCode.FORBIDDEN
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(coding_finalizations)) == 0
    # and a manager may force it; the finalization records who forced it
    assert coding.finalize_coding(uow(), staff["manager"], encounter_id, force=True) == ["E11.9", "E11"]
    with engine.connect() as connection:
        assert connection.execute(select(coding_finalizations.c.forced, coding_finalizations.c.diagnosis_codes)).all() == [
            (True, "E11.9,E11")]


def test_coding_decide_and_finalize_commands(tmp_path):
    # given a SQLite database with the encounter
    url = f"sqlite:///{tmp_path / 'coding.db'}"
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(app, [*args, "--database-url", url], env={"REVCYCLE_USER": "cora"})

    assert invoke("db", "upgrade").exit_code == 0
    _uow, _staff, encounter_id = _practice(make_engine(url))
    # when the coder decides with one command (repeated and comma-separated codes)
    decided = invoke("coding", "decide", str(encounter_id), "--accept", "E11.9", "--accept", "M54.50",
                     "--reject", "I10", "--add", "Z79.84,Z79.899", "--reason", "per note", "--json")
    # then every decision is stored with the coder, and the final set shown
    assert decided.exit_code == 0, decided.output
    shown = json.loads(decided.stdout)
    assert [(d["action"], d["suggested_code"], d["final_code"], d["coder"], d["reason"]) for d in shown["decisions"]] == [
        ("accept", "E11.9", "E11.9", "cora", "per note"), ("accept", "M54.50", "M54.50", "cora", "per note"),
        ("reject", "I10", None, "cora", "per note"), ("add", None, "Z79.84", "cora", "per note"),
        ("add", None, "Z79.899", "cora", "per note")]
    assert sorted(shown["final_diagnoses"]) == ["E11.9", "M54.50", "Z79.84", "Z79.899"]
    assert shown["final_diagnoses"][2:] == ["Z79.84", "Z79.899"]
    # and an unknown suggestion is refused in one line with exit 2, nothing written
    unknown = invoke("coding", "decide", str(encounter_id), "--accept", "J45.909", "--accept", "E11.A")
    assert (unknown.exit_code, "J45.909 is not among the encounter's suggestions" in unknown.output) == (2, True)
    # when the coder finalizes
    finalized = invoke("coding", "finalize", str(encounter_id), "--json")
    # then the encounter carries the final set
    assert finalized.exit_code == 0, finalized.output
    assert json.loads(finalized.stdout) == {"encounter_id": encounter_id, "diagnoses": shown["final_diagnoses"]}
    with UnitOfWork(make_engine(url)) as uow:
        assert uow.encounters.get(encounter_id).diagnosis_codes == tuple(shown["final_diagnoses"])
