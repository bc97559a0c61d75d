"""The REST API end to end on a real database: sign-in, patients, coding, ledger, errors as JSON."""

from __future__ import annotations

import pytest
from api_setup import NOTE, api_world, token_for, uow_of
from services_setup import PASSWORD

from revcycle.api.errors import http_status
from revcycle.kernel.errors import ErrorCode

NEW_PATIENT = {
    "first_name": "Nova", "last_name": "Tester", "birth_date": "1990-05-17", "sex": "F",
    "address": {"line1": "7 Pine Rd", "city": "Springfield", "state": "IL", "zip_code": "62704"},
}


@pytest.fixture
def world(engine):
    return api_world(engine)


def test_http_status_is_mapped_in_one_place():
    # given the brief's mapping / when / then
    assert {code: http_status(code) for code in (
        ErrorCode.NOT_FOUND, ErrorCode.VALIDATION, ErrorCode.INVALID_AMOUNT, ErrorCode.INVALID_NPI,
        ErrorCode.FORBIDDEN, ErrorCode.UNAUTHENTICATED, ErrorCode.CONFLICT, ErrorCode.IDEMPOTENCY_CONFLICT,
        ErrorCode.ILLEGAL_TRANSITION)} == {
        ErrorCode.NOT_FOUND: 404, ErrorCode.VALIDATION: 422, ErrorCode.INVALID_AMOUNT: 422,
        ErrorCode.INVALID_NPI: 422, ErrorCode.FORBIDDEN: 403, ErrorCode.UNAUTHENTICATED: 401,
        ErrorCode.CONFLICT: 409, ErrorCode.IDEMPOTENCY_CONFLICT: 409, ErrorCode.ILLEGAL_TRANSITION: 409}


def test_sign_in_with_a_token_and_with_a_session_cookie(world):
    client = world.client
    # when the password is wrong
    refused = client.post("/api/auth/token", json={"username": "biller1", "password": "wrong password"})
    # then 401 with the stable code and a Bearer challenge
    assert (refused.status_code, refused.json(), refused.headers["www-authenticate"]) == (
        401, {"error": {"code": "unauthenticated", "message": "unknown user or wrong password"}}, "Bearer")
    # when a good token is used / a tampered one
    me = client.get("/api/auth/me", headers=world.headers("biller"))
    tampered = client.get("/api/auth/me", headers={"Authorization": f"Bearer {world.tokens['biller']}x"})
    assert me.json() == {"id": 3, "username": "biller1", "role": "biller", "active": True}
    assert (tampered.status_code, tampered.json()["error"]["code"]) == (401, "unauthenticated")
    # when the web signs in: the cookie authenticates, and a session token is not a bearer token
    session = client.post("/api/auth/session", json={"username": "coder1", "password": PASSWORD})
    cookie = session.cookies["revcycle_session"]
    assert client.get("/api/auth/me").json()["username"] == "coder1"
    client.cookies.clear()
    assert client.get("/api/auth/me", headers={"Authorization": f"Bearer {cookie}"}).status_code == 401


def test_a_changed_password_voids_earlier_tokens(world):
    # given a token issued before the password changed
    old = world.headers("auditor")
    uow = uow_of(world)
    with uow:
        uow.users.change_password_hash("auditor1", uow.users.password_hash("admin") or "")
    # when it is used / then refused; a new sign-in with the new password works
    assert world.client.get("/api/auth/me", headers=old).json()["error"]["message"] == (
        "the password changed since sign-in; sign in again")
    assert token_for(world.client, "auditor1")


def test_patients_created_listed_filtered_and_every_read_audited(world):
    client, biller = world.client, world.headers("biller")
    # when a patient is created, fetched and listed
    created = client.post("/api/patients", json=NEW_PATIENT, headers=biller)
    patient_id = created.json()["id"]
    fetched = client.get(f"/api/patients/{patient_id}", headers=biller)
    page = client.get("/api/patients?limit=1&offset=1", headers=biller).json()
    filtered = client.get("/api/patients?last_name=TES", headers=biller).json()
    # then
    assert (created.status_code, patient_id, fetched.json()["last_name"]) == (201, 2, "Tester")
    assert ([p["id"] for p in page["items"]], page["total"], page["limit"], page["offset"]) == ([2], 2, 1, 1)
    assert ([p["id"] for p in filtered["items"]], filtered["total"]) == ([2], 1)
    # and the auditor sees who created and read patient 2 (the list views included), no PHI
    trail = client.get(f"/api/audit?entity_type=patient&entity_id={patient_id}", headers=world.headers("auditor"))
    assert [(e["username"], e["action"], e["detail"]) for e in trail.json()["items"]] == [
        ("biller1", "create", ""), ("biller1", "read", ""), ("biller1", "read", "list"), ("biller1", "read", "list")]
    assert "Tester" not in trail.text and "Nova" not in trail.text


def test_malformed_input_names_the_field(world):
    # when the birth date is not a date and the sex is unknown
    bad = dict(NEW_PATIENT, birth_date="17/05/1990")
    response = world.client.post("/api/patients", json=bad, headers=world.headers("biller"))
    # then 422 with the field
    error = response.json()["error"]
    assert (response.status_code, error["code"], error["field"]) == (422, "validation", "body.birth_date")
    # when the body is valid JSON but the domain refuses it (a coverage ending before it starts)
    coverage = {"payer_id": world.practice.primary_payer_id, "member_id": "M1", "effective_from": "2026-02-01",
                "effective_to": "2026-01-01"}
    refused = world.client.post("/api/patients/1/coverages", json=coverage, headers=world.headers("biller"))
    assert (refused.status_code, refused.json()) == (
        422, {"error": {"code": "validation", "message": "coverage ends before it starts"}})
    # and an unknown patient is a 404, an unknown route too, both JSON
    assert world.client.get("/api/patients/77", headers=world.headers("biller")).json() == {
        "error": {"code": "not_found", "message": "unknown patient 77"}}
    assert world.client.get("/api/nowhere").json()["error"]["code"] == "not_found"


def test_encounter_note_suggestions_em_and_code_check(world):
    client, coder = world.client, world.headers("coder")
    # when the coder asks for suggestions on the encounter's note
    suggested = client.post(f"/api/encounters/{world.encounter_id}/suggestions", headers=coder).json()
    top = suggested["diagnoses"][0]
    # then the first code is the one the note documents, with its evidence span in the note
    assert (suggested["dos"], top["code"]) == ("2026-03-04", "E11.9")
    assert NOTE[top["evidence"][0]["start"]:top["evidence"][0]["end"]] == top["evidence"][0]["text"]
    # when leveling a visit by time, and checking a contradictory code pair
    em = client.post("/api/coding/em", json={"patient": "established", "total_minutes": 35}, headers=coder).json()
    checked = client.post("/api/coding/check", json={"codes": ["E11.9", "E11.65"], "date_of_service": "2026-03-04"},
                          headers=coder).json()
    assert (em["code"], em["basis"]) == ("99214", "time")
    assert checked["findings"][0]["code"] == "overlapping_codes"


def test_patient_payment_balance_journal_and_idempotency(world):
    client, biller = world.client, world.headers("biller")
    payment = {"idempotency_key": "front-desk:1", "amount_cents": 2500, "unapplied_cents": 2500}
    # when the same payment is posted twice, then with other content under the same key
    first = client.post("/api/patients/1/payments", json=payment, headers=biller)
    again = client.post("/api/patients/1/payments", json=payment, headers=biller)
    clash = client.post("/api/patients/1/payments", json=dict(payment, amount_cents=3000), headers=biller)
    # then one entry, replayed, and a 409 for the clash
    assert (first.status_code, again.json()["id"], clash.status_code) == (201, first.json()["id"], 409)
    assert clash.json()["error"]["code"] == "idempotency_conflict"
    assert client.get("/api/patients/1/balance", headers=biller).json() == {
        "insurance_cents": 0, "patient_cents": 0, "unapplied_cents": -2500, "total_cents": -2500}
    journal = client.get("/api/patients/1/journal", headers=biller).json()
    assert [(e["kind"], [(ln["account"], ln["amount_cents"]) for ln in e["lines"]]) for e in journal] == [
        ("patient_payment", [("cash", 2500), ("unapplied_cash:patient=1", -2500)])]


def test_admin_adds_a_user_and_lists_users(world):
    client, admin = world.client, world.headers("admin")
    # when
    added = client.post("/api/users", json={"username": "cora", "role": "coder", "password": PASSWORD}, headers=admin)
    short = client.post("/api/users", json={"username": "dan", "role": "coder", "password": "short"}, headers=admin)
    # then
    assert (added.status_code, added.json()["role"], short.status_code) == (201, "coder", 422)
    assert [u["username"] for u in client.get("/api/users", headers=admin).json()] == [
        "admin", "auditor1", "biller1", "coder1", "cora", "manager1"]


def test_an_unexpected_failure_is_a_json_500_without_a_trace(engine):
    # given an app with a route that fails in a way nobody planned for
    from fastapi import Depends
    from fastapi.testclient import TestClient

    from revcycle.api import create_app
    from revcycle.api.auth import public

    app = create_app(engine, secret_key="k")

    @app.get("/api/broken", dependencies=[Depends(public)])
    def broken() -> None:
        raise ZeroDivisionError("secret internals")

    # when it is called
    response = TestClient(app, raise_server_exceptions=False).get("/api/broken")
    # then a 500 with the stable body, and nothing of the exception leaks
    assert (response.status_code, response.json()) == (
        500, {"error": {"code": "internal", "message": "internal error; see the server log"}})
    assert "secret internals" not in response.text and "Traceback" not in response.text
