"""The /fhir routes: application/fhir+json, the roles of the matching /api routes, an OperationOutcome for
every refusal, an audit row per read."""

from __future__ import annotations

import pytest
from api_setup import token_for
from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.claim import Claim as FhirClaim
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.patient import Patient as FhirPatient
from fhir_setup import paid_claim
from services_setup import NOW

from revcycle.api import create_app
from revcycle.kernel import FixedClock
from revcycle.practice import User
from revcycle.services import audit

FHIR_JSON = "application/fhir+json"


@pytest.fixture
def served(engine, tmp_path):
    paid = paid_claim(engine, tmp_path)
    client = TestClient(create_app(engine, FixedClock(NOW), secret_key="test-secret"))
    tokens = {role: token_for(client, f"{role}1") for role in ("coder", "biller", "auditor")}
    return paid, client, {role: {"Authorization": f"Bearer {token}"} for role, token in tokens.items()}


def issue(response) -> tuple[int, str, str, str]:
    """(status, issue code, revcycle's error code, diagnostics) of an OperationOutcome answer."""
    body = response.json()
    OperationOutcome.model_validate(body)
    first = body["issue"][0]
    return response.status_code, first["code"], first["details"]["coding"][0]["code"], first["diagnostics"]


def fhir_audit(paid) -> list[tuple[str, str, str, str]]:
    events = audit.events_for(paid.practice.uow(), User("auditor1", "auditor"))
    return [(e.username, e.entity_type, e.entity_id, e.detail) for e in events if e.detail.startswith("fhir")]


def test_an_auditor_reads_the_patient_its_coverages_and_the_eob_and_each_read_is_audited(served):
    # given the paid claim's practice and an auditor signed in
    paid, client, headers = served
    patient_id, claim = paid.practice.patient_id, paid.claim
    # when the auditor reads the patient, searches its coverages and the claim's EOB
    patient = client.get(f"/fhir/Patient/{patient_id}", headers=headers["auditor"])
    coverages = client.get(f"/fhir/Coverage?patient=Patient/{patient_id}", headers=headers["auditor"])
    eobs = client.get(f"/fhir/ExplanationOfBenefit?claim={claim.claim_id}", headers=headers["auditor"])
    by_patient = client.get(f"/fhir/ExplanationOfBenefit?patient={patient_id}", headers=headers["auditor"])
    # then each is FHIR JSON, valid, and what was asked for
    for answer in (patient, coverages, eobs, by_patient):
        assert (answer.status_code, answer.headers["content-type"]) == (200, FHIR_JSON), answer.text
    FhirPatient.model_validate(patient.json())
    assert patient.json()["id"] == str(patient_id)
    assert Bundle.model_validate(coverages.json()).total == 1
    assert (
        coverages.json()["entry"][0]["fullUrl"]
        == f"http://testserver/fhir/Coverage/{paid.practice.coverage_id}"
    )
    assert [e["resource"]["claim"]["reference"] for e in eobs.json()["entry"]] == [f"Claim/{claim.id}"]
    assert by_patient.json()["entry"] == eobs.json()["entry"]
    # and each read left one audit row with the auditor's name and ids only
    assert fhir_audit(paid) == [("auditor1", "patient", str(patient_id), "fhir Patient"),
                                ("auditor1", "patient", str(patient_id), "fhir Coverage n=1"),
                                ("auditor1", "claim", str(claim.id), "fhir ExplanationOfBenefit n=1"),
                                ("auditor1", "claim", str(claim.id), "fhir ExplanationOfBenefit n=1")]  # fmt: skip


def test_a_coder_reads_the_claim_but_not_what_the_payer_paid(served):
    # given a coder signed in
    paid, client, headers = served
    claim = paid.claim
    # when the coder reads the claim by number and by id, and asks for its ClaimResponse and EOB
    by_number = client.get(f"/fhir/Claim/{claim.claim_id}", headers=headers["coder"])
    by_id = client.get(f"/fhir/Claim/{claim.id}", headers=headers["coder"])
    response = client.get(f"/fhir/ClaimResponse?request=Claim/{claim.id}", headers=headers["coder"])
    eob = client.get(f"/fhir/ExplanationOfBenefit?claim={claim.id}", headers=headers["coder"])
    # then the claim is read (read_patients) and the payer's answers refused (read_ledger) as OperationOutcomes
    FhirClaim.model_validate(by_number.json())
    assert by_number.json() == by_id.json()
    assert issue(response) == (403, "forbidden", "forbidden", "user coder1 (coder) may not read_ledger")
    assert issue(eob) == (403, "forbidden", "forbidden", "user coder1 (coder) may not read_ledger")
    # and the biller reads the ClaimResponse
    answered = client.get(f"/fhir/ClaimResponse?request={claim.claim_id}", headers=headers["biller"])
    assert [e["resource"]["request"] for e in answered.json()["entry"]] == [
        {"reference": f"Claim/{claim.id}"}
    ]


def test_refusals_are_operation_outcomes_with_their_http_status(served):
    paid, client, headers = served
    # when the endpoint is called without a token, for an unknown record and with bad parameters
    anonymous = client.get(f"/fhir/Patient/{paid.practice.patient_id}")
    unknown = client.get("/fhir/Claim/E404-1", headers=headers["biller"])
    bad_patient = client.get("/fhir/Coverage?patient=Group/7", headers=headers["biller"])
    both = client.get("/fhir/ExplanationOfBenefit", headers=headers["biller"])
    not_a_number = client.get("/fhir/Patient/abc", headers=headers["biller"])
    # then each is an OperationOutcome naming the problem
    assert issue(anonymous)[:3] == (401, "login", "unauthenticated")
    assert anonymous.headers["www-authenticate"] == "Bearer"
    assert issue(unknown) == (404, "not-found", "not_found", "unknown claim E404-1")
    assert issue(bad_patient) == (
        422,
        "invalid",
        "validation",
        "patient: Patient/<id> or <id>, not 'Group/7'",
    )
    assert issue(both) == (
        422,
        "invalid",
        "validation",
        "search ExplanationOfBenefit by claim or by patient (one of them)",
    )
    assert issue(not_a_number)[:3] == (422, "invalid", "validation")
    assert not_a_number.json()["issue"][0]["expression"] == ["path.patient_id"]


def test_the_capability_statement_is_served_to_anyone(served):
    _paid, client, _headers = served
    # when the metadata is asked for without signing in
    answer = client.get("/fhir/metadata")
    # then it is a valid CapabilityStatement listing the reads and searches
    assert (answer.status_code, answer.headers["content-type"]) == (200, FHIR_JSON)
    statement = answer.json()
    CapabilityStatement.model_validate(statement)
    assert statement["fhirVersion"] == "4.0.1"
    assert [(r["type"], [i["code"] for i in r["interaction"]]) for r in statement["rest"][0]["resource"]] == [
        ("Patient", ["read"]), ("Coverage", ["search-type"]), ("Claim", ["read"]), ("ClaimResponse", ["search-type"]),
        ("ExplanationOfBenefit", ["search-type"])]  # fmt: skip
