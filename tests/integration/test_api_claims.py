"""Claims through the API: build from an encounter, scrub, print the CMS-1500, export the 837P."""

from __future__ import annotations

from datetime import date

from claims_setup import NOW, PASSWORD, setup_practice
from fastapi.testclient import TestClient

from revcycle.api import create_app
from revcycle.kernel import FixedClock
from revcycle.store import UnitOfWork

EXPORT = {"submitter_name": "Springfield Family Medicine", "submitter_id": "CLINIC01", "contact_name": "Billing",
          "contact_phone": "2175550100", "receiver_name": "Acme Clearinghouse", "receiver_id": "ACMECH"}


def test_build_scrub_print_and_export_a_claim(engine):
    # given a practice, a coded encounter and a signed-in biller
    biller, _payer, encounter = setup_practice(lambda: UnitOfWork(engine, FixedClock(NOW)))
    visit = encounter(("E11.9",), date(2026, 3, 2))
    client = TestClient(create_app(engine, FixedClock(NOW), secret_key="k"))
    token = client.post("/api/auth/token", json={"username": biller.username, "password": PASSWORD}).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    # when the claim is built, built again, scrubbed
    built = client.post(f"/api/encounters/{visit.id}/claims", headers=headers)
    rebuilt = client.post(f"/api/encounters/{visit.id}/claims", headers=headers)
    claim_id = built.json()[0]["id"]
    scrubbed = client.post("/api/claims/scrub", json={"claim_ids": [claim_id]}, headers=headers).json()
    # then one claim, clean, ready
    assert [(c["id"], c["claim_id"], c["status"]) for c in built.json()] == [(1, "E1-1", "draft")]
    assert [c["id"] for c in rebuilt.json()] == [1]
    assert (scrubbed["batch_id"], scrubbed["clean_claim_rate"], scrubbed["statuses"]) == (1, "100.0", {"1": "ready"})
    assert scrubbed["batches"] == [{"kind": "professional", "batch_id": 1, "claims": 1, "clean_claims": 1}]
    # when it is printed and exported
    pdf = client.get(f"/api/claims/{claim_id}/cms1500.pdf", headers=headers)
    x12 = client.post("/api/claims/batches/1/837", json=EXPORT, headers=headers)
    again = client.post("/api/claims/batches/1/837", json=EXPORT, headers=headers)
    # then a PDF, an 837P with the claim, charges posted; a second export has nothing ready
    assert (pdf.headers["content-type"], pdf.content[:5]) == ("application/pdf", b"%PDF-")
    assert x12.text.startswith("ISA*") and "CLM*E1-1*190***11:B:1*Y*A*Y*Y~" in x12.text
    assert (x12.headers["x-revcycle-claims"], x12.headers["x-revcycle-charges-posted"]) == ("E1-1", "2")
    assert (again.status_code, again.json()["error"]["code"]) == (422, "validation")
    listed = client.get("/api/claims?status=submitted", headers=headers).json()
    assert [(c["claim_number"], c["total_charge_cents"]) for c in listed["items"]] == [("E1-1", 19000)]
    assert client.get(f"/api/patients/{listed['items'][0]['patient_id']}/balance", headers=headers).json() == {
        "insurance_cents": 19000, "patient_cents": 0, "unapplied_cents": 0, "total_cents": 19000}


def test_the_claims_list_filters_searches_sorts_and_names_the_patient_and_payer(engine):
    # given three of Jane Doe's visits billed as claims E1-1 (March 2), E2-1 (March 5), E3-1 (March 9)
    biller, payer, encounter = setup_practice(lambda: UnitOfWork(engine, FixedClock(NOW)))
    client = TestClient(create_app(engine, FixedClock(NOW), secret_key="k"))
    token = client.post("/api/auth/token", json={"username": biller.username, "password": PASSWORD}).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    for day in (2, 5, 9):
        visit = encounter(("E11.9",), date(2026, 3, day))
        client.post(f"/api/encounters/{visit.id}/claims", headers=headers)

    def numbers(query: str) -> list[str]:
        answer = client.get(f"/api/claims?{query}", headers=headers)
        assert answer.status_code == 200, answer.text
        return [item["claim_number"] for item in answer.json()["items"]]

    # when the list is asked by dates of service, newest first, by a search, by payer, by page
    # then each answers the claims that match, in that order
    assert numbers("dos_from=2026-03-04&dos_to=2026-03-09") == ["E2-1", "E3-1"]
    assert numbers("sort=dos&order=desc") == ["E3-1", "E2-1", "E1-1"]
    assert numbers("q=e2") == ["E2-1"] and numbers("q=doe") == ["E1-1", "E2-1", "E3-1"]
    assert numbers(f"payer_id={payer.id}&limit=1&offset=1") == ["E2-1"]
    # and an item names the patient and the payer, with its encounter
    first = client.get("/api/claims?limit=1", headers=headers).json()
    assert first["total"] == 3
    item = first["items"][0]
    assert (item["patient_name"], item["payer_name"], item["status"], item["encounter_id"]) == (
        "Doe, Jane", "Acme Health", "draft", 1)
    # when a filter names what does not exist, the answer says which values it takes (422, no 500)
    bad_sort = client.get("/api/claims?sort=size", headers=headers)
    bad_age = client.get("/api/claims?age=7-8", headers=headers)
    assert (bad_sort.status_code, bad_sort.json()["error"]["message"]) == (
        422, "sort must be one of number, dos, charge, status, patient, payer")
    assert (bad_age.status_code, bad_age.json()["error"]["message"]) == (
        422, "age '7-8': one of 0-30, 31-60, 61-90, 91-120, 120+")
