"""The interface inbox over the API: an HL7 message posted answers its ACK, the error queue lists it with the
location of its error, a fixed replay applies it, a dismissal takes it off the queue."""

from __future__ import annotations

import pytest
from api_setup import token_for
from fastapi.testclient import TestClient
from hl7_setup import MAPPING, fixture, messages_of
from interface_setup import set_up_interfaces
from services_setup import NOW

from revcycle.api.app import create_app
from revcycle.kernel import FixedClock


@pytest.fixture
def api(engine, monkeypatch):
    monkeypatch.setenv("REVCYCLE_HL7_MAPPING", str(MAPPING))
    world = set_up_interfaces(engine)
    client = TestClient(create_app(engine, FixedClock(NOW), secret_key="test-secret"))
    client.headers["Authorization"] = f"Bearer {token_for(client, 'interfaces')}"
    return world, client


def _msa(ack: str) -> str:
    return ack.split("\r")[1]


def test_a_posted_message_is_answered_with_its_ack_as_text_or_json(api):
    # given the API and the interfaces user
    _world, client = api
    # when the registration is posted as text, then the same as JSON
    as_text = client.post("/api/interfaces/hl7", content=fixture("epic_adt_a04.hl7"),
                          headers={"Content-Type": "text/plain"})  # fmt: skip
    as_json = client.post("/api/interfaces/hl7", json={"message": fixture("epic_adt_a04.hl7")})
    # then the first is applied (AA as text), the second a duplicate (AA in JSON with the receipt)
    assert (as_text.status_code, as_text.headers["content-type"], _msa(as_text.text)) == (
        200,
        "text/plain; charset=utf-8",
        "MSA|AA|NC100001",
    )
    body = as_json.json()
    assert (_msa(body["ack"]), body["status"], body["prior_status"], body["error"]) == (
        "MSA|AA|NC100001",
        "duplicate",
        "applied",
        "",
    )


def test_the_error_queue_lists_a_failed_message_then_a_fixed_replay_applies_it(api):
    # given a registration whose birth date is impossible, posted
    _world, client = api
    bad = messages_of("epic_adt_a04.hl7")[0].replace("|19850214|F|", "|19850230|F|")
    posted = client.post("/api/interfaces/hl7", json={"message": bad}).json()
    # when the queue is listed and the message read
    queue = client.get("/api/interfaces/messages", params={"status": "failed"}).json()
    one = client.get(f"/api/interfaces/messages/{posted['message_id']}").json()
    # then it is there with its reason and location, its text as received
    assert (posted["status"], _msa(posted["ack"])) == ("failed", "MSA|AE|NC100001")
    assert [(m["control_id"], m["error_location"], m["attempts"]) for m in queue["items"]] == [
        ("NC100001", "PID-7", 1)
    ]
    assert (one["raw"], one["error"]) == (bad, "PID-7: birth date '19850230' is not a date")
    # when it is replayed as fixed
    fixed = client.post(f"/api/interfaces/messages/{posted['message_id']}/replay",
                        json={"message": bad.replace("19850230", "19850214")})  # fmt: skip
    # then it is applied and the queue is empty; replaying it again is a conflict
    assert (fixed.status_code, fixed.json()["status"], len(fixed.json()["patient_ids"])) == (
        200,
        "applied",
        1,
    )
    assert client.get("/api/interfaces/messages").json()["total"] == 0
    again = client.post(f"/api/interfaces/messages/{posted['message_id']}/replay")
    assert (again.status_code, again.json()["error"]["code"]) == (409, "conflict")


def test_a_dismissed_message_leaves_the_queue(api):
    # given a failed message
    _world, client = api
    bad = messages_of("epic_adt_a04.hl7")[0].replace("|00431|", "|77777|")
    posted = client.post("/api/interfaces/hl7", json={"message": bad}).json()
    # when it is dismissed
    dismissed = client.post(f"/api/interfaces/messages/{posted['message_id']}/dismiss").json()
    # then it is dismissed, listed as such, and the queue is empty
    listed = client.get("/api/interfaces/messages", params={"status": "dismissed"}).json()
    assert (dismissed["status"], [m["id"] for m in listed["items"]]) == ("dismissed", [posted["message_id"]])
    assert client.get("/api/interfaces/messages").json()["total"] == 0


def test_an_empty_body_is_a_422_naming_it(api):
    # given the API
    _world, client = api
    # when a JSON body without the message is posted
    answer = client.post("/api/interfaces/hl7", json={"text": "MSH|"})
    # then a 422 names body.message
    assert (answer.status_code, answer.json()["error"]["field"]) == (422, "body.message")
