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
