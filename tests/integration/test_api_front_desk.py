"""The front desk through the API: register with contact, search, coverages in order, eligibility in plain
words, check-in with a copay, merge — on SQLite and PostgreSQL, each answer exact."""

from __future__ import annotations

import pytest
from api_setup import token_for
from fastapi.testclient import TestClient
from front_desk_setup import set_up_front_desk
from services_setup import NOW

from revcycle.api import create_app
from revcycle.kernel import FixedClock

NEW_PATIENT = {
    "first_name": "Zoë", "last_name": "Núñez", "birth_date": "1990-04-02", "sex": "F",
    "address": {"line1": "9 Oak Ave", "city": "Springfield", "state": "IL", "zip_code": "62704"},
    "phone": "(555) 201-0188", "email": "zoe@example.org",
}  # fmt: skip


@pytest.fixture
def api(engine, tmp_path):
    desk = set_up_front_desk(engine, tmp_path / "clearinghouse")
    client = TestClient(create_app(engine, FixedClock(NOW), secret_key="test-secret", partner=desk.partner))
    client.headers["Authorization"] = f"Bearer {token_for(client, 'biller1')}"
    return desk, client


def test_register_search_and_edit_through_the_api(api):
    desk, client = api
    # when the desk registers Zoë Núñez with her phone and e-mail
    created = client.post("/api/patients", json=NEW_PATIENT)
    # then she has an account number and her phone as 10 digits
    assert created.status_code == 201, created.text
    zoe = created.json()
    assert (zoe["account_number"], zoe["phone"], zoe["merged_into_id"]) == ("00000026", "5552010188", None)
    # when searched without accents, by one box and by fields
    by_name = client.get("/api/patients", params={"name": "nunez, z"}).json()
    by_box = client.get("/api/patients", params={"q": "00000026"}).json()
    by_member = client.get("/api/patients", params={"member_id": "w200"}).json()
    newest = client.get("/api/patients", params={"sort": "newest", "limit": 1}).json()
    # then each finds exactly its patient, with the total
    assert [(p["last_name"], by_name["total"]) for p in by_name["items"]] == [("Núñez", 1)]
    assert [p["id"] for p in by_box["items"]] == [zoe["id"]]
    assert [p["id"] for p in by_member["items"]] == [desk.roe_id]
    assert ([p["id"] for p in newest["items"]], newest["total"]) == ([zoe["id"]], 2)
    # when her phone is corrected
    edited = client.put(f"/api/patients/{zoe['id']}", json={**NEW_PATIENT, "phone": "555-201-0199"})
    assert (edited.status_code, edited.json()["phone"]) == (200, "5552010199")
    # and a phone that is not one is refused, located
    bad = client.put(f"/api/patients/{zoe['id']}", json={**NEW_PATIENT, "phone": "12"})
    assert (bad.status_code, bad.json()["error"]["message"]) == (
        422,
        "phone: a 10-digit US number, e.g. 555-201-0147",
    )
    assert client.get("/api/patients", params={"sort": "age"}).status_code == 422


def test_coverages_reorder_end_and_a_clash_is_409(api):
    desk, client = api
    # when a second primary overlapping Acme is added
    clash = client.post(f"/api/patients/{desk.roe_id}/coverages", json={
        "payer_id": desk.second_id, "member_id": "Z9", "order": 1, "effective_from": "2026-02-01"})  # fmt: skip
    assert clash.status_code == 409
    # when Second Health is made primary on March 10
    order = client.post(
        f"/api/patients/{desk.roe_id}/coverages/order",
        json={"coverage_ids": [desk.second_coverage_id, desk.acme_coverage_id], "on": "2026-03-10"},
    )
    assert [(c["id"], c["order"]) for c in order.json()] == [
        (desk.second_coverage_id, 1),
        (desk.acme_coverage_id, 2),
    ]
    # when Acme's member id is corrected and it ends June 30
    edited = client.put(f"/api/coverages/{desk.acme_coverage_id}", json={
        "payer_id": desk.acme_id, "member_id": "W200", "order": 2, "effective_from": "2026-01-01",
        "group_number": "G-1"})  # fmt: skip
    ended = client.post(f"/api/coverages/{desk.acme_coverage_id}/end", json={"last_day": "2026-06-30"})
    assert (edited.json()["group_number"], ended.json()["effective_to"]) == ("G-1", "2026-06-30")


def test_eligibility_then_check_in_with_the_copay_it_gave(api):
    desk, client = api
    # when the desk asks Acme about Richard on the visit date
    asked = client.post(f"/api/coverages/{desk.acme_coverage_id}/eligibility", json={"on": "2026-03-10"})
    # then the answer comes with its plain words
    assert asked.status_code == 201, asked.text
    answer = asked.json()
    assert (answer["payer"], answer["active"], answer["office_copay_cents"]) == ("Acme Health", True, 2500)
    assert {"label": "Deductible", "words": "individual, in network: $500.00; met $450.00, $50.00 remaining"} in (
        answer["words"])  # fmt: skip
    # when he is checked in with the $25 copay, twice with the same key
    body = {
        "key": "api-1",
        "date_of_service": "2026-03-10",
        "rendering_provider_id": desk.doctor_id,
        "facility_id": desk.office_id,
        "copay_cents": 2500,
        "copay_method": "card",
        "copay_reference": "a-77",
    }
    first = client.post(f"/api/patients/{desk.roe_id}/check-ins", json=body)
    again = client.post(f"/api/patients/{desk.roe_id}/check-ins", json=body)
    # then one visit, billed to Acme, the copay on his account as a credit
    assert (first.status_code, first.json()["replayed"], again.json()["replayed"]) == (201, False, True)
    assert first.json()["encounter"]["id"] == again.json()["encounter"]["id"]
    assert first.json()["encounter"]["coverage_id"] == desk.acme_coverage_id
    assert client.get(f"/api/patients/{desk.roe_id}/balance").json()["unapplied_cents"] == -2500


def test_merge_through_the_api(api):
    desk, client = api
    dup = client.post("/api/patients", json={**NEW_PATIENT, "first_name": "Richard", "last_name": "Roe",
                                             "birth_date": "1970-05-17"}).json()  # fmt: skip
    merged = client.post(f"/api/patients/{desk.roe_id}/merge", json={"duplicate_patient_id": dup["id"]})
    assert merged.status_code == 200, merged.text
    assert (merged.json()["duplicate"]["merged_into_id"], merged.json()["encounters_moved"]) == (
        desk.roe_id,
        0,
    )
    # and merging it again is refused: it is merged already
    again = client.post(f"/api/patients/{desk.roe_id}/merge", json={"duplicate_patient_id": dup["id"]})
    assert (again.status_code, again.json()["error"]["message"]) == (
        409, "this record was merged into account 00000018; change that one instead")  # fmt: skip
