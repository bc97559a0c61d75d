"""FHIR R4 import: Bundles written for this project in the shapes EHRs export (Epic-like transaction with
urn:uuid references, contained resources, extensions and two coverages in order; Cerner-like collection with
relative references, no identifier or source, a charge without an encounter), each mapped to exact patients,
coverages and charges; bad resources named by path and nothing applied; the same Bundle twice applied once;
POST /fhir and `revcycle fhir import`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from api_setup import token_for
from fastapi.testclient import TestClient
from services_setup import NOW
from typer.testing import CliRunner
from web_setup import set_up_practice

from revcycle.api import create_app
from revcycle.cli.main import app as cli
from revcycle.practice import Address, Payer, User
from revcycle.practice.fees import Fee
from revcycle.services import fee_schedules, fhir_intake, practice

FIXTURES = Path(__file__).parents[1] / "fixtures" / "fhir"
ADMIN = User("admin", "admin", id=1)


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture
def clinic(engine):
    """The web pages' practice (Acme 87726, Dr Smith 1987654328, the clinic 1234567893) with a second payer
    (00431) and a fee for 93000 ($60) in the Standard schedule."""
    found = set_up_practice(engine)
    practice.add_payer(found.uow(), ADMIN, Payer("00431", "Second Synthetic", "MB", 365))
    fee_schedules.add_fee(found.uow(), ADMIN, "Standard", Fee("93000", 6000))
    return found


def test_an_epic_transaction_registers_the_patient_two_coverages_and_the_visit_with_its_charges(clinic):
    # given Epic's Bundle: Zoë Núñez, her husband as guarantor and her secondary's subscriber, a visit on
    # 2026-03-04 with E11.9, I10 (ranked) and E78.5, a ChargeItem 99214-25 at $150 and a Procedure 93000
    raw = fixture("epic_visit_transaction.json")
    # when it is imported
    receipt = fhir_intake.import_bundle(clinic.uow(), clinic.biller, raw)
    # then it is applied as one message, one patient and one visit with two lines
    assert (receipt.status, receipt.header.sender, receipt.header.control_id) == (
        "applied",
        "urn:epic:northclinic",
        "EPIC-B-5001",
    )
    (patient_id,), (encounter_id,) = set(receipt.applied.patient_ids), set(receipt.applied.encounter_ids)
    with clinic.uow() as uow:
        patient = uow.patients.get(patient_id)
        coverages = sorted(uow.coverages.for_patient(patient_id), key=lambda c: c.order)
        payer_codes = [uow.practice.payer(c.payer_id).payer_code for c in coverages]
        encounter = uow.encounters.get(encounter_id)
    assert (patient.first_name, patient.last_name, patient.birth_date, str(patient.sex)) == (
        "Zoë",
        "Núñez",
        date(1990, 4, 2),
        "F",
    )
    assert patient.address == Address("9 Oak Ave", "Springfield", "IL", "627041234", "Apt 2")
    assert (patient.phone, patient.email) == ("2175550188", "zoe@example.org")
    assert (str(patient.guarantor.relationship), patient.guarantor.person.first_name) == ("spouse", "Marco")
    assert payer_codes == ["87726", "00431"]
    primary, secondary = coverages
    assert (primary.member_id, int(primary.order), primary.group_number, str(primary.relationship_to_subscriber),
            primary.effective_from, primary.effective_to) == ("XYZ900", 1, "GRP7", "self", date(2026, 1, 1), None)  # fmt: skip
    assert (secondary.member_id, int(secondary.order), str(secondary.relationship_to_subscriber),
            secondary.subscriber.first_name, secondary.subscriber.birth_date, secondary.effective_to) == (
        "SEC555", 2, "spouse", "Marco", date(1988, 11, 30), date(2026, 12, 31))  # fmt: skip
    assert (encounter.date_of_service, encounter.place_of_service, encounter.coverage_id) == (
        date(2026, 3, 4),
        "11",
        primary.id,
    )
    assert encounter.diagnosis_codes == ("E11.9", "I10", "E78.5")
    assert [(line.procedure_code, line.modifiers, line.units, line.diagnosis_pointers, line.charge_cents)
            for line in encounter.lines] == [("99214", ("25",), 1, (1, 2), 15000), ("93000", (), 1, (2,), 6000)]  # fmt: skip


def test_the_same_bundle_imported_again_changes_nothing(clinic, engine):
    # given the Epic Bundle imported once
    raw = fixture("epic_visit_transaction.json")
    first = fhir_intake.import_bundle(clinic.uow(), clinic.biller, raw)
    counts = table_counts(engine)
    # when it is imported again
    again = fhir_intake.import_bundle(clinic.uow(), clinic.biller, raw)
    # then it is a duplicate of the applied message and no row changed
    assert (again.status, again.prior_status, again.message_id) == ("duplicate", "applied", first.message_id)
    assert table_counts(engine) == counts


def table_counts(engine) -> dict[str, int]:
    from practice_rows import table_counts as counts

    return counts(engine)


def test_a_cerner_collection_with_relative_references_and_a_charge_without_an_encounter(clinic):
    # given Cerner's collection: no source nor identifier, Leo Kim (a child) covered by his mother's Acme plan,
    # a coverage entered in error, a ChargeItem G0008 billing a Procedure for Z23, no Encounter
    raw = fixture("cerner_collection.json")
    # when it is imported
    receipt = fhir_intake.import_bundle(clinic.uow(), clinic.biller, raw)
    # then the sender is the practice's NPI, the control id the text's digest, and the charge is one visit's line
    assert receipt.status == "applied", receipt.error
    assert (receipt.header.sender, len(receipt.header.control_id)) == ("1234567893", 64)
    (patient_id,), (encounter_id,) = set(receipt.applied.patient_ids), set(receipt.applied.encounter_ids)
    with clinic.uow() as uow:
        patient = uow.patients.get(patient_id)
        (coverage,) = uow.coverages.for_patient(patient_id)
        encounter = uow.encounters.get(encounter_id)
    assert (patient.first_name, patient.last_name, patient.address.state, str(patient.sex)) == (
        "Leo",
        "Kim",
        "IL",
        "M",
    )
    assert (coverage.member_id, int(coverage.order), str(coverage.relationship_to_subscriber),
            coverage.subscriber.first_name) == ("KIM-H-01", 1, "parent", "Hana")  # fmt: skip
    assert (encounter.date_of_service, encounter.diagnosis_codes, encounter.coverage_id) == (
        date(2026, 3, 5),
        ("Z23",),
        coverage.id,
    )
    assert [
        (line.procedure_code, line.diagnosis_pointers, line.charge_cents) for line in encounter.lines
    ] == [("G0008", (1,), 4000)]


def test_bad_resources_are_named_by_path_and_nothing_is_applied(clinic, engine):
    # given the Epic Bundle with a February 30th birth date, a 13th month and units of 'one'
    counts = table_counts(engine)
    # when it is imported
    receipt = fhir_intake.import_bundle(clinic.uow(), clinic.biller, fixture("epic_bad_resources.json"))
    # then it fails with every problem by path, and only the error queue row was written
    assert receipt.status == "failed"
    assert receipt.error == ("Bundle.entry[0].resource(Patient).birthDate: not a date ('1990-02-30'); "
                             "Bundle.entry[4].resource(Coverage).period.start: not a date ('2026-13-01'); "
                             "Bundle.entry[11].resource(ChargeItem).quantity.value: not a number ('one')")  # fmt: skip
    changed = {k: v - counts.get(k, 0) for k, v in table_counts(engine).items() if v != counts.get(k, 0)}
    assert changed == {"interface_messages": 1, "audit_log": 1}


def test_an_unknown_payer_is_located_at_its_coverage(clinic):
    # given Epic's Bundle whose primary payer is not one of the practice's
    bundle = json.loads(fixture("epic_visit_transaction.json"))
    bundle["identifier"]["value"] = "EPIC-B-5003"
    bundle["entry"][2]["resource"]["identifier"][0]["value"] = "55555"
    # when it is imported
    receipt = fhir_intake.import_bundle(clinic.uow(), clinic.biller, json.dumps(bundle))
    # then the error names the Coverage's payor
    assert receipt.status == "failed"
    assert receipt.error.startswith(
        "Bundle.entry[3].resource(Coverage).payor[0]: no payer with payer id '55555'"
    )


def test_post_fhir_answers_a_transaction_response_then_a_duplicate_and_refuses_a_coder(clinic, engine):
    client = TestClient(create_app(engine, NOW_CLOCK(), secret_key="test-secret"))
    biller = {"Authorization": f"Bearer {token_for(client, 'biller1')}"}
    coder = {"Authorization": f"Bearer {token_for(client, 'coder1')}"}
    raw = fixture("epic_visit_transaction.json").encode()
    headers = {"Content-Type": "application/fhir+json"}
    # when the biller posts the Bundle twice and a coder once, and a bad one
    first = client.post("/fhir", content=raw, headers={**biller, **headers})
    second = client.post("/fhir", content=raw, headers={**biller, **headers})
    refused = client.post("/fhir", content=raw, headers={**coder, **headers})
    bad = client.post(
        "/fhir", content=fixture("epic_bad_resources.json").encode(), headers={**biller, **headers}
    )
    # then the first is a transaction-response naming the patient and the visit
    assert (first.status_code, first.headers["content-type"]) == (200, "application/fhir+json"), first.text
    body = first.json()
    assert body["type"] == "transaction-response"
    assert [e["response"]["location"].split("/")[0] for e in body["entry"]] == ["Patient", "Encounter"]
    # and the second says it was received before; the coder is refused; the bad one's issues carry paths
    assert (second.status_code, second.json()["issue"][0]["severity"], second.json()["issue"][0]["code"]) == (
        200,
        "information",
        "duplicate",
    )
    assert (refused.status_code, refused.json()["issue"][0]["code"]) == (403, "forbidden")
    assert bad.status_code == 422
    assert [i["expression"] for i in bad.json()["issue"]] == [["Bundle.entry[0].resource(Patient).birthDate"],
                                                             ["Bundle.entry[4].resource(Coverage).period.start"],
                                                             ["Bundle.entry[11].resource(ChargeItem).quantity.value"]]  # fmt: skip


def NOW_CLOCK():  # noqa: N802 - a clock factory named for what it returns
    from revcycle.kernel import FixedClock

    return FixedClock(NOW)


def test_revcycle_fhir_import_applies_once(clinic, database_url):
    path = str(FIXTURES / "cerner_collection.json")
    # when the Cerner Bundle is imported twice from the command line
    first = CliRunner().invoke(
        cli, ["fhir", "import", path, "--user", "biller1", "--database-url", database_url]
    )
    again = CliRunner().invoke(
        cli, ["fhir", "import", path, "--user", "biller1", "--database-url", database_url]
    )
    # then it is applied, then recognised
    assert (first.exit_code, first.output) == (
        0,
        "applied as interface message 1: 1 patients, 1 visits, 1 charge lines\n",
    )
    assert (again.exit_code, again.output) == (
        0,
        "received before as interface message 1 (applied); nothing changed\n",
    )
