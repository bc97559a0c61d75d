"""Every reference a user sends under a patient's path must be that patient's (or exist at all).

The references a user can send, and what refuses a foreign or unknown one:
- POST /api/patients/{id}/payments `claim_id`, `service_line_id` -> services.ledger.require_own_references
  (every ledger posting of services.ledger goes through it); the database adds journal_lines.claim_id's FK.
- POST /api/patients/{id}/encounters `coverage_id` -> services.patients.record_encounter.
- POST /api/patients/{id}/coverages `plan_id` (a plan of the coverage's payer) -> services.patients.add_coverage.
- POST /api/patients/{id}/eligibility `encounter_id` -> services.eligibility.check_eligibility.
- claim write-offs and transfers (`claim_id`) -> services.adjustments (its own check).
Each answers 422 with a one-line message naming the reference, and writes nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from api_remit_setup import remit_world
from api_setup import api_world
from practice_rows import claim_row, patient, table_counts
from sqlalchemy.exc import IntegrityError

from revcycle.ledger import ChargeRef, postings
from revcycle.practice import Encounter, ServiceLine
from revcycle.services import patients, users
from revcycle.store import UnitOfWork


def _another_patients_things(
    make_uow, user, clinic_id: int = 1, doctor_id: int = 1, payer_id: int = 1
) -> dict:
    """Patient 2 with a claim and an encounter line; patient 1's own claim."""
    other = patients.register_patient(make_uow(), user, patient(2)).id
    visit = patients.record_encounter(make_uow(), user, Encounter(
        other, date(2026, 3, 4), "11", clinic_id, doctor_id, ("I10",),
        (ServiceLine(1, "99213", 11000, diagnosis_pointers=(1,)),)))  # fmt: skip
    with make_uow() as uow:
        theirs = claim_row(uow, other, payer_id, "E2-1")
        ours = claim_row(uow, 1, payer_id, "E1-1")
    return {"other": other, "their_claim": theirs, "our_claim": ours, "their_line": visit.lines[0].id,
            "their_encounter": visit.id}  # fmt: skip


def _things(world) -> dict:
    practice = world.practice
    return _another_patients_things(practice.uow, practice.biller, practice.clinic_id, practice.doctor_id,
                                    practice.primary_payer_id)  # fmt: skip


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ({"claim_id": "their_claim"}, "claim {their_claim} is not patient 1's"),
        ({"claim_id": 999999}, "claim 999999 does not exist"),
        ({"service_line_id": "their_line"}, "service line {their_line} is not patient 1's"),
        ({"service_line_id": 999999}, "service line 999999 does not exist"),
    ],
)
def test_a_patient_payment_toward_someone_elses_or_no_claim_is_refused(engine, reference, message):
    # given patient 1, and patient 2 with a claim and a service line
    world = api_world(engine)
    things = _things(world)
    body = {"idempotency_key": "pay-1", "amount_cents": 2500}
    body |= {name: things.get(value, value) for name, value in reference.items()}
    counts = table_counts(engine)
    # when patient 1's payment names patient 2's claim or line, or one that does not exist
    answer = world.client.post("/api/patients/1/payments", json=body, headers=world.headers("biller"))
    # then 422 with a one-line message, and nothing is written
    assert (answer.status_code, answer.json()["error"]["code"]) == (422, "validation")
    assert answer.json()["error"]["message"] == message.format(**things)
    assert table_counts(engine) == counts


def test_a_patient_payment_toward_the_patients_own_claim_posts(engine):
    world = api_world(engine)
    things = _things(world)
    body = {"idempotency_key": "pay-1", "amount_cents": 2500, "claim_id": things["our_claim"]}
    answer = world.client.post("/api/patients/1/payments", json=body, headers=world.headers("biller"))
    assert answer.status_code == 201
    assert {line["claim_id"] for line in answer.json()["lines"]} == {things["our_claim"]}


def test_the_database_refuses_a_ledger_line_naming_a_claim_that_does_not_exist(engine):
    # given the journal written directly, past the services' checks
    world = api_world(engine)
    entry = postings.patient_payment("direct", date(2026, 3, 4), ChargeRef(1, claim_id=999999), 2500)
    # when posted / then the foreign key on journal_lines.claim_id refuses it
    with pytest.raises(IntegrityError), UnitOfWork(engine) as uow:
        uow.journal.record(entry, datetime(2026, 3, 4, tzinfo=UTC), None)
    with world.practice.uow() as uow:
        assert uow.journal.get_by_key("direct") is None


def test_an_encounter_on_another_patients_coverage_is_refused(engine):
    world = api_world(engine)
    things = _things(world)
    theirs = world.client.post(f"/api/patients/{things['other']}/coverages", headers=world.headers("biller"), json={
        "payer_id": world.practice.primary_payer_id, "member_id": "MBR0002", "order": 1,
        "effective_from": "2026-01-01"}).json()  # fmt: skip
    body = {"date_of_service": "2026-03-05", "place_of_service": "11", "billing_provider_id": world.practice.clinic_id,
            "rendering_provider_id": world.practice.doctor_id, "diagnosis_codes": ["I10"],
            "lines": [{"line_number": 1, "procedure_code": "99213", "charge_cents": 11000, "diagnosis_pointers": [1]}],
            "coverage_id": theirs["id"]}  # fmt: skip
    answer = world.client.post("/api/patients/1/encounters", json=body, headers=world.headers("biller"))
    assert (answer.status_code, answer.json()["error"]["message"]) == (
        422,
        f"coverage {theirs['id']} is not patient 1's",
    )


def test_an_eligibility_question_about_another_patients_encounter_is_refused(engine, tmp_path):
    # given the API with a trading partner, and patient 2's encounter
    remit = remit_world(engine, tmp_path)
    things = _another_patients_things(remit.uow, users.acting_user(remit.uow(), "bea"))
    counts = table_counts(engine)
    # when patient 1's eligibility is asked with patient 2's encounter
    answer = remit.client.post("/api/patients/1/eligibility", headers=remit.headers("biller"),
                               json={"on": "2026-03-04", "encounter_id": things["their_encounter"]})  # fmt: skip
    # then 422: patient 2's coverage is neither asked about nor recorded under patient 1
    assert (answer.status_code, answer.json()["error"]["message"]) == (
        422, f"encounter {things['their_encounter']} is not patient 1's")  # fmt: skip
    assert table_counts(engine) == counts
