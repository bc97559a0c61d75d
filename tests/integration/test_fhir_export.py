"""FHIR R4 export through the services: a two-line claim with three diagnoses and the EOB of the 835 that paid
it (CO-45 and PR-2 on line 1, CO-45 and PR-1 on line 2), each validated with fhir.resources' R4B models and
checked field by field; every read audited."""

from __future__ import annotations

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.claim import Claim as FhirClaim
from fhir.resources.R4B.claimresponse import ClaimResponse
from fhir.resources.R4B.explanationofbenefit import ExplanationOfBenefit
from fhir.resources.R4B.patient import Patient as FhirPatient
from fhir_setup import paid_claim

from revcycle.kernel.errors import RevcycleError
from revcycle.practice import User
from revcycle.services import audit, fhir_export

BASE = "http://fhir.test/fhir"
CPT = "http://www.ama-assn.org/go/cpt"
HCPCS = "https://bluebutton.cms.gov/resources/codesystem/hcpcs"
ADJ = "http://terminology.hl7.org/CodeSystem/adjudication"
CARC = "https://x12.org/codes/claim-adjustment-reason-codes"
POS = "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set"


@pytest.fixture
def paid(engine, tmp_path):
    return paid_claim(engine, tmp_path)


def fhir_reads(paid) -> list[tuple[str, str, str]]:
    """The audit rows of FHIR reads, oldest first: (entity, id, detail)."""
    events = audit.events_for(paid.practice.uow(), User("auditor1", "auditor"))
    return [
        (e.entity_type, e.entity_id, e.detail) for e in events if e.action == "read" and "fhir" in e.detail
    ]


def usd(value: float) -> dict:
    return {"value": value, "currency": "USD"}


def amount(code: str, value: float) -> dict:
    return {"category": {"coding": [{"system": ADJ, "code": code}]}, "amount": usd(value)}


def test_the_claim_exports_as_a_professional_claim_line_by_line(paid):
    # given a claim of two lines pointing at three diagnoses
    practice, claim = paid.practice, paid.claim
    # when it is read as FHIR, by its number
    resource = fhir_export.claim_resource(practice.uow(), practice.biller, claim.claim_id)
    # then fhir.resources accepts it as an R4 Claim
    FhirClaim.model_validate(resource)
    # and it says what the 837P said
    assert resource["id"] == str(claim.id)
    assert resource["identifier"] == [{"system": "urn:revcycle:claim-number", "value": claim.claim_id}]
    assert (resource["status"], resource["use"]) == ("active", "claim")
    assert resource["type"] == {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/claim-type",
                                            "code": "professional"}]}  # fmt: skip
    assert resource["patient"] == {"reference": f"Patient/{practice.patient_id}"}
    assert resource["priority"]["coding"][0]["code"] == "normal"
    assert resource["insurance"] == [{"sequence": 1, "focal": True,
                                      "coverage": {"reference": f"Coverage/{practice.coverage_id}"}}]  # fmt: skip
    contained = {c["id"]: c for c in resource["contained"]}
    assert contained["insurer"]["identifier"] == [{"system": "urn:revcycle:payer-id", "value": "87726"}]
    assert contained["insurer"]["name"] == "Acme Health"
    assert contained["billing"]["identifier"] == [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893"},
                                                  {"system": "urn:oid:2.16.840.1.113883.4.4", "value": "123456789"}]  # fmt: skip
    assert contained["primary"]["resourceType"] == "Practitioner"
    assert contained["primary"]["identifier"] == [
        {"system": "http://hl7.org/fhir/sid/us-npi", "value": "1987654328"}
    ]
    assert [(d["sequence"], d["diagnosisCodeableConcept"]["coding"][0]["code"]) for d in resource["diagnosis"]] == [
        (1, "E11.9"), (2, "I10"), (3, "E78.5")]  # fmt: skip
    assert resource["diagnosis"][0]["type"][0]["coding"][0]["code"] == "principal"
    first, second = resource["item"]
    assert first == {"sequence": 1, "diagnosisSequence": [1, 2],
                     "productOrService": {"coding": [{"system": CPT, "code": "99214"}]},
                     "modifier": [{"coding": [{"system": CPT, "code": "25"}]}], "servicedDate": "2026-03-04",
                     "locationCodeableConcept": {"coding": [{"system": POS, "code": "11"}]},
                     "quantity": {"value": 1}, "unitPrice": usd(150.0), "net": usd(150.0)}  # fmt: skip
    assert second["productOrService"] == {"coding": [{"system": HCPCS, "code": "G0008"}]}
    assert (second["diagnosisSequence"], second["net"], "modifier" in second) == ([3, 1], usd(40.0), False)
    assert resource["total"] == usd(190.0)


def test_the_eob_of_the_posted_835_carries_each_adjustment_with_its_carc(paid):
    # given the claim paid by Acme's 835 (line 1: CO-45 $30, PR-2 $20; line 2: CO-45 $10, PR-1 $5)
    practice, claim = paid.practice, paid.claim
    # when its explanation of benefit is searched by claim
    found = fhir_export.eob_search(practice.uow(), practice.biller, BASE, claim_ref=claim.claim_id)
    # then one EOB comes back in a valid searchset
    Bundle.model_validate(found)
    assert (found["type"], found["total"], len(found["entry"])) == ("searchset", 1, 1)
    entry = found["entry"][0]
    eob = entry["resource"]
    ExplanationOfBenefit.model_validate(eob)
    assert entry["fullUrl"] == f"{BASE}/ExplanationOfBenefit/{eob['id']}"
    assert (eob["status"], eob["outcome"], eob["use"]) == ("active", "complete", "claim")
    assert eob["disposition"] == "processed as primary (CLP02 1)"
    assert eob["claim"] == {"reference": f"Claim/{claim.id}"}
    assert eob["identifier"] == [{"system": "urn:revcycle:payer-claim-number", "value": "PCN7001"}]
    assert eob["insurance"] == [
        {"focal": True, "coverage": {"reference": f"Coverage/{practice.coverage_id}"}}
    ]
    assert eob["payment"] == {"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/ex-paymenttype",
                                                   "code": "complete"}]},
                              "amount": usd(125.0), "date": "2026-03-09",
                              "identifier": {"system": "urn:revcycle:payment-trace", "value": "EFT0042"}}  # fmt: skip
    assert eob["total"] == [amount("submitted", 190.0), amount("eligible", 150.0), amount("benefit", 125.0)]
    first, second = eob["item"]
    assert first["sequence"] == 1 and first["noteNumber"] == [1]
    assert first["adjudication"] == [
        amount("submitted", 150.0), amount("eligible", 120.0), amount("benefit", 100.0),
        {"category": {"coding": [{"system": "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator",
                                  "code": "adjustmentreason"}], "text": "CO contractual obligation"},
         "reason": {"coding": [{"system": CARC, "code": "45"}]}, "amount": usd(30.0)},
        {"category": {"coding": [{"system": "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication",
                                  "code": "coinsurance"}], "text": "PR patient responsibility"},
         "reason": {"coding": [{"system": CARC, "code": "2"}]}, "amount": usd(20.0)}]  # fmt: skip
    assert second["sequence"] == 2 and "noteNumber" not in second
    assert second["adjudication"][3:] == [
        {"category": {"coding": [{"system": "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator",
                                  "code": "adjustmentreason"}], "text": "CO contractual obligation"},
         "reason": {"coding": [{"system": CARC, "code": "45"}]}, "amount": usd(10.0)},
        {"category": {"coding": [{"system": ADJ, "code": "deductible"}], "text": "PR patient responsibility"},
         "reason": {"coding": [{"system": CARC, "code": "1"}]}, "amount": usd(5.0)}]  # fmt: skip
    assert eob["processNote"] == [
        {"number": 1, "type": "display", "text": "N130 (remittance advice remark code)"}
    ]


def test_the_claim_response_answers_the_claim_line_by_line(paid):
    # given the paid claim
    practice, claim = paid.practice, paid.claim
    # when its ClaimResponse is searched by the claim's id
    found = fhir_export.claim_response_search(practice.uow(), practice.biller, str(claim.id), BASE)
    # then it names the request and adjudicates each of its items
    response = found["entry"][0]["resource"]
    ClaimResponse.model_validate(response)
    assert response["request"] == {"reference": f"Claim/{claim.id}"}
    assert [item["itemSequence"] for item in response["item"]] == [1, 2]
    assert response["item"][1]["adjudication"][:3] == [amount("submitted", 40.0), amount("eligible", 30.0),
                                                       amount("benefit", 25.0)]  # fmt: skip
    assert response["payment"]["amount"] == usd(125.0)


def test_patient_and_coverages_export_and_each_read_is_audited(paid):
    # given the practice's patient with one coverage
    practice = paid.practice
    # when the patient, its coverages and a collection are read
    patient = fhir_export.patient_resource(practice.uow(), practice.biller, practice.patient_id)
    coverages = fhir_export.coverage_search(practice.uow(), practice.biller, practice.patient_id, BASE)
    collection = fhir_export.export_bundle(practice.uow(), practice.biller, "eob", paid.claim.claim_id, BASE)
    # then each is valid and exact
    FhirPatient.model_validate(patient)
    Bundle.model_validate(coverages)
    Bundle.model_validate(collection)
    assert patient["name"] == [{"use": "official", "family": "Doe", "given": ["Jane"]}]
    assert (patient["gender"], patient["birthDate"]) == ("female", "1980-04-12")
    assert patient["address"] == [{"use": "home", "line": ["12 Oak Ave"], "city": "Springfield", "state": "IL",
                                   "postalCode": "62702-5678", "country": "US"}]  # fmt: skip
    coverage = coverages["entry"][0]["resource"]
    assert (coverage["subscriberId"], coverage["order"], coverage["period"]) == (
        "XYZ123456789",
        1,
        {"start": "2025-01-01"},
    )
    assert coverage["relationship"]["coding"][0]["code"] == "self"
    assert coverage["subscriber"] == {"reference": f"Patient/{practice.patient_id}"}
    assert coverage["class"] == [{"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/coverage-class",
                                                       "code": "group"}]}, "value": "GRP100"}]  # fmt: skip
    assert [e["resource"]["resourceType"] for e in collection["entry"]] == [
        "ExplanationOfBenefit",
        "Patient",
        "Coverage",
    ]
    # and every read left an audit row naming what was read (ids only)
    claim_id, patient_id = str(paid.claim.id), str(practice.patient_id)
    assert fhir_reads(paid) == [("patient", patient_id, "fhir Patient"), ("patient", patient_id, "fhir Coverage n=1"),
                                ("claim", claim_id, "fhir export eob"), ("patient", patient_id, "fhir export eob")]  # fmt: skip


def test_an_unknown_claim_is_not_found_and_a_coder_may_not_read_an_eob(paid):
    practice = paid.practice
    with pytest.raises(RevcycleError) as unknown:
        fhir_export.claim_resource(practice.uow(), practice.biller, "E999-1")
    assert (unknown.value.code.value, unknown.value.message) == ("not_found", "unknown claim E999-1")
    with pytest.raises(RevcycleError) as refused:
        fhir_export.eob_search(practice.uow(), User("coder1", "coder"), BASE, claim_ref=paid.claim.claim_id)
    assert (refused.value.code.value, refused.value.message) == (
        "forbidden",
        "user coder1 (coder) may not read_ledger",
    )
