"""The interface error queue page: a failed message with its reason and the failing segment marked; replayed as
edited, dismissed; the forms need the session's CSRF token."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hl7_setup import MAPPING, messages_of, received
from interface_setup import set_up_interfaces
from services_setup import NOW, PASSWORD

from revcycle.kernel import FixedClock
from revcycle.web.app import create_web_app
from revcycle.web.session import csrf_for_session


@pytest.fixture
def page(engine, monkeypatch):
    monkeypatch.setenv("REVCYCLE_HL7_MAPPING", str(MAPPING))
    world = set_up_interfaces(engine)
    client = TestClient(
        create_web_app(engine, FixedClock(NOW), secret_key="test-secret"), follow_redirects=False
    )
    cookie = client.post("/api/auth/session", json={"username": "interfaces", "password": PASSWORD}).cookies[
        "revcycle_session"]  # fmt: skip
    client.cookies.clear()
    client.headers["Cookie"] = f"revcycle_session={cookie}"
    return world, client, csrf_for_session("test-secret", cookie)


def test_the_queue_shows_the_reason_and_marks_the_failing_segment(page):
    # given a registration that failed at PID-7
    world, client, _csrf = page
    bad = messages_of("epic_adt_a04.hl7")[0].replace("|19850214|F|", "|19850230|F|")
    failed = received(world, "", bad)
    # when the page is opened
    html = client.get("/interfaces").text
    # then the message is listed with its reason, and the PID segment is the one marked
    assert f'<tr id="message-{failed.message_id}">' in html
    assert "PID-7: birth date &#39;19850230&#39; is not a date" in html
    assert '<mark title="PID-7">PID|1||E1001^^^NORTHCLINIC^MR' in html
    assert html.count("<mark") == 1


def test_an_edited_message_is_replayed_and_the_queue_is_empty(page):
    # given the failed registration
    world, client, csrf = page
    bad = messages_of("epic_adt_a04.hl7")[0].replace("|19850214|F|", "|19850230|F|")
    failed = received(world, "", bad)
    # when the analyst edits PID-7 in the text area and replays
    fixed = bad.replace("19850230", "19850214").replace("\r", "\r\n")
    answer = client.post(
        f"/interfaces/{failed.message_id}/replay", data={"csrf_token": csrf, "message": fixed}
    )
    # then the page says it was applied and the queue is empty
    assert (answer.status_code, answer.headers["location"]) == (
        303,
        f"/interfaces?applied={failed.message_id}",
    )
    assert "The error queue is empty." in client.get("/interfaces").text


def test_a_replay_still_failing_shows_why_and_a_dismissal_needs_the_token(page):
    # given a failed message
    world, client, csrf = page
    bad = messages_of("epic_adt_a04.hl7")[0].replace("|00431|", "|77777|")
    failed = received(world, "", bad)
    # when it is replayed as it is (the payer still unknown), then dismissed without and with the token
    again = client.post(f"/interfaces/{failed.message_id}/replay", data={"csrf_token": csrf})
    no_token = client.post(f"/interfaces/{failed.message_id}/dismiss", data={})
    dismissed = client.post(f"/interfaces/{failed.message_id}/dismiss", data={"csrf_token": csrf})
    # then the replay is the page again with the reason, the tokenless post refused, the dismissal done
    assert (
        again.status_code,
        "still failing: IN1[2]-3: no payer with payer id &#39;77777&#39;" in again.text,
    ) == (422, True)
    assert no_token.status_code == 403
    assert (dismissed.status_code, dismissed.headers["location"]) == (
        303,
        f"/interfaces?dismissed={failed.message_id}",
    )
