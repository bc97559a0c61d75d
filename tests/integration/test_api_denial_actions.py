"""After the 835, through the API on a real database: a denial appealed (letter PDF, sent, upheld back
to the queue), a paid claim corrected and voided, a payment plan on the patient's share, and an
underpaying payer's lines found and resolved."""

from __future__ import annotations

import io
from decimal import Decimal

import pdfplumber
import pytest
from api_remit_setup import remit_world, submitted_835

from revcycle.services import underpayments
from revcycle.simulator.examples import example_contract

AUTH_DENIED = [("99214", 15000), ("72148", 90000)]


@pytest.fixture
def world(engine, tmp_path):
    return remit_world(engine, tmp_path / "acme")


def posted(world, lines=None) -> int:
    """A claim billed, answered by the payer and its 835 posted through the API; returns the claim id."""
    claim_id, era = submitted_835(world, lines, ("E11.9", "M54.50") if lines else ("E11.9",))
    answer = world.client.post("/api/remittances", content=era, headers=world.headers())
    assert (answer.status_code, answer.json()["status"]) == (201, "posted"), answer.text
    return claim_id


def test_a_denial_is_appealed_with_a_letter_and_an_upheld_appeal_puts_it_back_on_the_queue(world):
    client, biller = world.client, world.headers("biller")
    # given a claim whose MRI was denied for want of a prior authorization (CO-197, $900)
    claim_id = posted(world, AUTH_DENIED)
    assert client.get("/api/denials", headers=biller).json()["total"] == 1
    # when the biller drafts an appeal
    drafted = client.post(
        f"/api/claims/{claim_id}/appeals", json={"note": "auth A7731 obtained"}, headers=biller
    )
    # then it argues the authorization, 180 days from the denial (2026-03-19), and the denial leaves the queue
    appeal = drafted.json()
    assert drafted.status_code == 201
    assert (appeal["claim"], appeal["category"], appeal["status"], appeal["level"], appeal["denied_cents"]) == (
        "E1-1", "authorization", "drafted", 1, 90000)  # fmt: skip
    assert (appeal["denied_on"], appeal["deadline"]) == ("2026-03-19", "2026-09-15")
    assert client.get("/api/denials", headers=biller).json()["total"] == 0
    assert client.get(f"/api/claims/{claim_id}", headers=biller).json()["status"] == "appealed"
    again = client.post(f"/api/claims/{claim_id}/appeals", headers=biller)
    assert (again.status_code, again.json()["error"]["code"]) == (409, "conflict")
    # when the letter is printed
    letter = client.get(f"/api/appeals/{appeal['id']}/letter.pdf", headers=biller)
    # then it is a PDF naming the claim and the denial reason
    assert (letter.status_code, letter.headers["content-type"]) == (200, "application/pdf")
    with pdfplumber.open(io.BytesIO(letter.content)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "E1-1" in text and "197" in text
    # when it is sent, then the payer upholds the denial
    sent = client.post(f"/api/appeals/{appeal['id']}/sent", json={"on": "2026-03-25"}, headers=biller).json()
    upheld = client.post(f"/api/appeals/{appeal['id']}/outcome", json={"outcome": "upheld"}, headers=biller)
    bad = client.post(f"/api/appeals/{appeal['id']}/outcome", json={"outcome": "maybe"}, headers=biller)
    # then the denial is back on the work queue and the appeal is listed as decided
    assert (sent["status"], sent["sent_on"], upheld.json()["status"]) == ("sent", "2026-03-25", "upheld")
    assert (bad.status_code, bad.json()["error"]["field"]) == (422, "body.outcome")
    assert [d["carc"] for d in client.get("/api/denials", headers=biller).json()["items"]] == ["197"]
    listed = client.get("/api/appeals", headers=biller).json()
    assert [(a["id"], a["status"]) for a in listed["items"]] == [(appeal["id"], "upheld")]
    assert client.get("/api/appeals?open_only=true", headers=biller).json()["total"] == 0


def test_a_paid_claim_is_replaced_by_a_corrected_claim_and_a_void_is_refused_after_it(world):
    client = world.client
    # given Jane's claim paid by the payer (its claim number 01260640000001 on the 835)
    claim_id = posted(world)
    # when the coder corrects line 2's units, and tries to void it
    corrected = client.post(f"/api/claims/{claim_id}/corrections",
                            json={"line_edits": [{"line_number": 2, "units": 2, "charge_cents": 8000}]},
                            headers=world.headers("coder"))  # fmt: skip
    coder_void = client.post(f"/api/claims/{claim_id}/void", json={"reason": "wrong payer"},
                             headers=world.headers("coder"))  # fmt: skip
    # then a frequency-7 draft carries the payer's number; the original is corrected; coders do not void
    body = corrected.json()
    assert corrected.status_code == 201, corrected.text
    assert (body["original"]["status"], body["payer_claim_control_number"], body["source"]) == (
        "corrected", "01260640000001", "835 CLP07")  # fmt: skip
    replacement = body["replacement"]
    assert (replacement["status"], replacement["frequency"], replacement["original_claim_id"]) == (
        "draft",
        "7",
        "E1-1",
    )
    assert [(line["line_number"], line["units"], line["charge_cents"]) for line in replacement["lines"]] == [
        (1, 1, 15000), (2, 2, 8000)]  # fmt: skip
    assert coder_void.status_code == 403
    # when the biller voids the original already corrected / sends a void without a reason
    void = client.post(
        f"/api/claims/{claim_id}/void", json={"reason": "wrong payer"}, headers=world.headers()
    )
    blank = client.post(f"/api/claims/{claim_id}/void", json={"reason": ""}, headers=world.headers())
    # then refused as an illegal transition / 422 naming the field
    assert (void.status_code, void.json()["error"]["code"]) == (409, "illegal_transition")
    assert (blank.status_code, blank.json()["error"]["field"]) == (422, "body.reason")


def test_a_payment_plan_on_the_patient_share_takes_a_payment_once(world):
    client, biller = world.client, world.headers("biller")
    # given Jane owes $68.60 after the payer's 835
    posted(world)
    # when a two-installment plan is agreed and the first installment paid, twice with the same reference
    created = client.post("/api/patients/1/payment-plans", json={"installments": 2}, headers=biller)
    plan = created.json()
    payment = {"amount_cents": 3430, "method": "check", "reference": "chk-1001"}
    first = client.post(f"/api/payment-plans/{plan['id']}/payments", json=payment, headers=biller)
    again = client.post(f"/api/payment-plans/{plan['id']}/payments", json=payment, headers=biller)
    # then the plan splits $68.60 in two monthly installments, the payment posts once
    assert created.status_code == 201
    assert (plan["status"], plan["total_cents"], [(i["due_date"], i["amount_cents"]) for i in plan["installments"]]) == (
        "active", 6860, [("2026-04-10", 3430), ("2026-05-10", 3430)])  # fmt: skip
    assert (first.status_code, first.json()["applied"], first.json()["replayed"]) == (
        201, [{"installment": 1, "cents": 3430}], False)  # fmt: skip
    assert (again.status_code, again.json()["replayed"], again.json()["entry"]["id"]) == (
        200, True, first.json()["entry"]["id"])  # fmt: skip
    assert client.get("/api/patients/1/balance", headers=biller).json()["patient_cents"] == 3430
    assert client.get(f"/api/payment-plans/{plan['id']}", headers=biller).json()["remaining_cents"] == 3430
    # when a second plan is asked for, and the first is cancelled
    second = client.post("/api/patients/1/payment-plans", json={"installments": 3}, headers=biller)
    cancelled = client.post(f"/api/payment-plans/{plan['id']}/cancel", headers=biller).json()
    assert (second.status_code, second.json()["error"]["code"]) == (409, "conflict")
    assert (cancelled["status"], client.get("/api/payment-plans?status=active", headers=biller).json()["total"]) == (
        "cancelled", 0)  # fmt: skip


def test_an_underpaying_payer_is_found_against_the_contract_and_resolved(engine, tmp_path):
    # given a payer that allows 90% of its contract, and the practice's copy of the contract
    world = remit_world(engine, tmp_path / "acme", pays_percent_of_contract=Decimal(90))
    with world.uow() as uow:
        admin = uow.users.find("admin")
    underpayments.set_payer_contract(world.uow(), admin, "87726", example_contract(), "acme contract")
    posted(world)
    client, biller = world.client, world.headers("biller")
    # when the biller looks for underpayments, then reads the queue
    found = client.post("/api/underpayments/find", json={"tolerance_cents": 100}, headers=biller).json()
    queue = client.get("/api/underpayments", headers=biller).json()
    # then both lines are short of the contract: 99214 by $13.00, 83036 by $1.30
    assert (found["lines_checked"], len(found["found"]), found["difference_cents"]) == (2, 2, 1430)
    assert [(i["procedure_code"], i["expected_cents"], i["allowed_cents"], i["difference_cents"])
            for i in queue["items"]] == [("99214", 13000, 11700, 1300), ("83036", 1300, 1170, 130)]  # fmt: skip
    assert [(p["payer_code"], p["lines"], p["difference_cents"]) for p in queue["by_payer"]] == [
        ("87726", 2, 1430)
    ]
    # when one is appealed, then it leaves the open queue
    item = queue["items"][0]["id"]
    resolved = client.post(f"/api/underpayments/{item}/resolve", json={"outcome": "appealed", "note": "sent"},
                           headers=biller)  # fmt: skip
    assert (resolved.status_code, resolved.json()) == (200, {"id": item, "status": "appealed"})
    assert client.get("/api/underpayments", headers=biller).json()["total"] == 1
    assert client.get("/api/underpayments?status=appealed", headers=biller).json()["total"] == 1
