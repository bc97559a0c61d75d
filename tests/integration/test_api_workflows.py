"""The coder's decisions, the payer's real-time answers (eligibility, claim status), the statement run
and the OpenAPI document, through the API on a real database."""

from __future__ import annotations

import io
import json
import zipfile

import pdfplumber
import pytest
from api_remit_setup import remit_world, submitted_835
from api_setup import api_world
from fastapi.testclient import TestClient

from revcycle.api import create_app


@pytest.fixture
def world(engine):
    return api_world(engine)


@pytest.fixture
def remit(engine, tmp_path):
    return remit_world(engine, tmp_path / "acme")


def test_the_coder_decides_on_the_suggestions_and_finalizes_the_codes(world):
    client, coder = world.client, world.headers("coder")
    coding = f"/api/encounters/{world.encounter_id}/coding"
    # when the coder opens the encounter's worklist
    worklist = client.get(coding, headers=coder).json()
    # then the note's diabetes is suggested, with the metformin it takes (Z79.84, guideline I.C.4.a.3),
    # and waits for a decision
    assert (worklist["date_of_service"], worklist["diagnoses"]["suggested"], worklist["diagnoses"]["final"]) == (
        "2026-03-04", ["E11.9", "Z79.84"], [])  # fmt: skip
    assert worklist["pending"][0] == "E11.9" and worklist["decisions"] == []
    # when the coder accepts it, sends an unknown action, rejects a code never suggested, forces finalizing
    accepted = client.post(
        f"{coding}/decisions", json={"action": "accept", "suggested_code": "E11.9"}, headers=coder
    )
    unknown = client.post(
        f"{coding}/decisions", json={"action": "approve", "suggested_code": "E11.9"}, headers=coder
    )
    stray = client.post(
        f"{coding}/decisions", json={"action": "reject", "suggested_code": "J45.909"}, headers=coder
    )
    forced = client.post(f"{coding}/finalize", json={"force": True}, headers=coder)
    # then one decision is stored (who, when), the others refused with their codes
    assert accepted.status_code == 201
    assert {key: accepted.json()[key] for key in ("id", "code_system", "action", "coder", "decided_at", "final_code")} == {
        "id": 1, "code_system": "icd10cm", "action": "accept", "coder": "coder1",
        "decided_at": "2026-03-10T15:30:00+00:00", "final_code": "E11.9"}  # fmt: skip
    assert (unknown.status_code, unknown.json()["error"]["field"]) == (422, "body.action")
    assert (stray.status_code, stray.json()["error"]["code"]) == (404, "not_found")
    assert (forced.status_code, forced.json()["error"]["code"]) == (403, "forbidden")
    # when the coder accepts the long-term drug code too and finalizes
    client.post(f"{coding}/decisions", json={"action": "accept", "suggested_code": "Z79.84"}, headers=coder)
    final = client.post(f"{coding}/finalize", headers=coder)
    # then the encounter carries the final codes, and the decision is in the audit log
    assert (final.status_code, final.json()) == (200, {"encounter_id": world.encounter_id,
                                                       "diagnoses": ["E11.9", "Z79.84"], "forced": False})  # fmt: skip
    assert client.get(f"/api/encounters/{world.encounter_id}", headers=coder).json()["diagnosis_codes"] == [
        "E11.9", "Z79.84"
    ]
    trail = client.get(f"/api/audit?entity_type=encounter&entity_id={world.encounter_id}",
                       headers=world.headers("auditor")).json()["items"]  # fmt: skip
    assert ("coder1", "change", "coding accept icd10cm E11.9 -> E11.9") in [
        (e["username"], e["action"], e["detail"]) for e in trail
    ]
    # and an auditor may not decide
    assert client.post(f"{coding}/decisions", json={"action": "accept", "suggested_code": "E11.9"},
                       headers=world.headers("auditor")).status_code == 403  # fmt: skip


def test_eligibility_and_claim_status_are_asked_of_the_payer_through_the_trading_partner(remit):
    client, biller = remit.client, remit.headers("biller")
    # when the front desk asks whether Jane is covered on the date of service, before any claim
    answer = client.post("/api/patients/1/eligibility", json={"on": "2026-03-02"}, headers=biller)
    # then the payer's 271: active on its PPO plan, $50 of the $500 deductible left, stored as check 1
    benefits = answer.json()["benefits"]
    assert (answer.status_code, answer.json()["check_id"], benefits["active"], benefits["plan_name"]) == (
        201, 1, True, "PPO")  # fmt: skip
    deductible = next(limit for limit in benefits["limits"] if limit["kind"] == "deductible")
    assert (deductible["total_cents"], deductible["remaining_cents"]) == (50000, 5000)
    assert client.post("/api/patients/1/eligibility", headers=remit.headers("coder")).status_code == 403
    # when the claim is submitted and the biller asks about claims with no answer yet (0 days)
    submitted_835(remit)
    status = client.post("/api/claims/status-checks", json={"stale_days": 0}, headers=biller).json()
    # then the payer says it paid the claim, and the claim moves to paid
    assert (status["asked"], status["moved"], status["unanswered"]) == (["E1-1"], {"E1-1": "paid"}, [])
    assert (status["answers"]["E1-1"]["category"], status["answers"]["E1-1"]["paid_cents"]) == ("F1", 7440)
    # when a day's schedule is checked
    day = client.post("/api/eligibility/day", json={"on": "2026-03-02"}, headers=biller).json()
    assert ([c["encounter_id"] for c in day["checks"]], day["skipped"]) == ([1], [])


def test_without_a_trading_partner_the_payer_routes_say_what_to_configure(engine, monkeypatch):
    # given an app with no partner and no REVCYCLE_PARTNER
    monkeypatch.delenv("REVCYCLE_PARTNER", raising=False)
    world = api_world(engine)
    # when eligibility is asked
    answer = world.client.post("/api/patients/1/eligibility", headers=world.headers("biller"))
    # then 409 naming the setting
    assert (answer.status_code, answer.json()["error"]["code"]) == (409, "conflict")
    assert "REVCYCLE_PARTNER" in answer.json()["error"]["message"]


def test_the_statement_run_sends_each_guarantor_over_the_minimum_once_per_cycle(remit):
    client, biller = remit.client, remit.headers("biller")
    # given Jane owes $68.60 after the payer's 835
    _claim_id, era = submitted_835(remit)
    client.post("/api/remittances", content=era, headers=biller)
    # when statements are run with a $100 minimum, then with $5, then again
    runs, on = "/api/statements/runs", "2026-03-20"  # the day after the 835's payment date
    high = client.post(runs, json={"minimum_balance_cents": 10000, "on": on}, headers=biller)
    sent = client.post(runs, json={"minimum_balance_cents": 500, "on": on}, headers=biller)
    again = client.post(runs, json={"minimum_balance_cents": 500, "on": on}, headers=biller)

    def summary(answer):
        with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
            return json.loads(archive.read("summary.json")), archive.namelist()

    # then below the minimum nothing is sent; at $5 Jane's statement is in the ZIP; within the cycle it is not
    assert summary(high)[0]["statements"] == [{"account": "P1", "patients": [1], "amount_due_cents": 6860,
                                               "file": None, "skipped": "below the minimum balance"}]  # fmt: skip
    assert (sent.headers["content-type"], sent.headers["x-revcycle-statements-written"]) == (
        "application/zip",
        "1",
    )
    assert summary(sent)[1] == ["summary.json", "statement-P1-2026-03-20.pdf"]
    assert summary(again)[0]["statements"][0]["skipped"] == "sent 2026-03-10, within the 30-day cycle"
    with zipfile.ZipFile(io.BytesIO(sent.content)) as archive, pdfplumber.open(
            io.BytesIO(archive.read("statement-P1-2026-03-20.pdf"))) as pdf:  # fmt: skip
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "68.60" in text
    assert client.post("/api/statements/runs", headers=remit.headers("auditor")).status_code == 403


def test_the_openapi_document_lists_the_new_resources_and_the_docs_page_builds(engine):
    # given the app
    client = TestClient(create_app(engine, secret_key="k"))
    # when the OpenAPI document and the Swagger page are fetched
    document = client.get("/api/openapi.json").json()
    docs = client.get("/api/docs")
    # then the new paths are there, the 835 upload takes a multipart file or a raw body
    for path in ("/api/encounters/{encounter_id}/coding/decisions", "/api/claims/batches/{batch_id}/submit",
                 "/api/remittances", "/api/remittances/preview", "/api/remittances/exceptions",
                 "/api/remittances/exceptions/{exception_id}/resolve", "/api/denials", "/api/appeals/{appeal_id}/letter.pdf",
                 "/api/claims/{claim_id}/corrections", "/api/claims/{claim_id}/void",
                 "/api/patients/{patient_id}/eligibility", "/api/claims/status-checks", "/api/statements/runs",
                 "/api/payment-plans", "/api/underpayments"):  # fmt: skip
        assert path in document["paths"], path
    upload = document["paths"]["/api/remittances"]["post"]["requestBody"]["content"]
    assert sorted(upload) == [
        "application/edi-x12",
        "application/octet-stream",
        "multipart/form-data",
        "text/plain",
    ]
    assert (docs.status_code, "swagger-ui" in docs.text) == (200, True)
