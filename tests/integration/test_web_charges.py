"""Charge entry and the coder queue in the web app through a test client, on the web practice (encounters 3 and 4
wait to be coded; 3 is DOS 2026-03-05 with 99214 pointing at I10): the superbill page, adding and removing lines,
the inline preview, the diagnosis search by DOS, and the queue's filters, paging and assign."""

from __future__ import annotations

import re

import pytest
from web_setup import form_token, signed_in, web_world

from revcycle.coding.workflow import Action
from revcycle.services import coding, patients, users


@pytest.fixture
def world(engine, tmp_path):
    return web_world(engine, tmp_path)


def test_the_biller_enters_a_visit_on_the_superbill_page(engine, world):
    client = signed_in(engine, "biller1")
    page = client.get("/charges/3")
    assert page.status_code == 200
    assert '<span class="codes">I10</span> Essential (primary) hypertension' in page.text
    token = form_token(page.text)
    # when the biller lists a second diagnosis and adds an injection pointing at both, with an entered fee
    saved = client.post("/charges/3/diagnoses", data={"codes": "I10, E78.5", "csrf_token": token})
    assert (saved.status_code, saved.headers["location"]) == (303, "/charges/3")
    added = client.post("/charges/3/lines", data={"code": "96372", "modifiers": "", "units": "1", "pointers": "1,2",
                                                  "fee": "35.00", "csrf_token": token})  # fmt: skip
    assert added.status_code == 303, added.text
    # then the page lists the line with its pointers and the total
    page = client.get("/charges/3").text
    assert re.search(r'<tr id="line-2">.*?96372.*?1,2.*?\$35\.00', page, re.S)
    assert "$185.00" in page
    # when a bad line is sent: the page comes back with the reason and what was typed, nothing added
    refused = client.post("/charges/3/lines", data={"code": "96372", "pointers": "3", "fee": "35", "ndc": "12",
                                                    "csrf_token": token})  # fmt: skip
    assert refused.status_code == 422
    assert "NDC &#39;12&#39;: give 11 digits (5-4-2)" in refused.text and 'value="96372"' in refused.text
    # when the second line is removed
    assert client.post("/charges/3/lines/2/remove", data={"csrf_token": token}).status_code == 303
    assert 'id="line-2"' not in client.get("/charges/3").text


def test_the_preview_shows_problems_the_fee_and_scrubber_findings_as_the_biller_types(engine, world):
    client = signed_in(engine, "biller1")
    wrong = client.get("/charges/3/preview", params={"code": "96372", "pointers": "2"})
    assert (
        'id="line-problems"' in wrong.text
        and "pointer 2 names no diagnosis (the encounter has 1)" in wrong.text
    )
    right = client.get("/charges/3/preview", params={"code": "96372", "pointers": "1", "fee": "35"})
    assert "Fee $35.00 a unit (entered)" in right.text
    assert "ncci_pair_needs_modifier" in right.text
    assert client.get("/charges/3/preview", params={"code": ""}).text.strip() == ""


def test_the_diagnosis_search_reads_the_release_of_the_date_of_service(engine, world):
    client = signed_in(engine, "biller1")
    hits = client.get("/charges/3/diagnosis-search", params={"q": "essential hypertension"}).text
    assert 'data-code="I10"' in hits
    assert "No code for" in client.get("/charges/3/diagnosis-search", params={"q": "zzzzqq"}).text


def test_the_queue_pages_filters_and_assigns(engine, world):
    client = signed_in(engine, "coder1")
    page = client.get("/coding", params={"q": "E4"})
    assert re.findall(r'href="/coding/(\d+)"', page.text) == ["4"]
    assert "1 encounter match" in page.text
    assert re.findall(r'href="/coding/(\d+)"', client.get("/coding", params={"sort": "-dos"}).text) == [
        "4",
        "3",
    ]
    bad = client.get("/coding", params={"dos_from": "yesterday"})
    assert bad.status_code == 422 and 'role="alert"' in bad.text
    # when the coder ticks both and assigns them to themself
    token = form_token(client.get("/coding").text)
    answer = client.post("/coding/assign", data={"encounter_ids": ["3", "4"], "to": "", "csrf_token": token,
                                                 "back": "/coding?sort=-dos"})  # fmt: skip
    assert (answer.status_code, answer.headers["location"]) == (303, "/coding?sort=-dos")
    mine = client.get("/coding", params={"assigned": "me"}).text
    assert re.findall(r'href="/coding/(\d+)"', mine) == ["3", "4"] and mine.count("<td>coder1</td>") == 2
    # and a manager hands one to the biller; the coder may not take it back
    manager = signed_in(engine, "manager1")
    manager_token = form_token(manager.get("/coding").text)
    assert manager.post("/coding/assign", data={"encounter_ids": ["4"], "to": "biller1", "csrf_token": manager_token}
                        ).status_code == 303  # fmt: skip
    refused = client.post("/coding/assign", data={"encounter_ids": ["4"], "csrf_token": token})
    assert refused.status_code == 422 and "E4 is assigned to biller1" in refused.text


def test_the_coder_sets_the_claim_order_on_the_coding_page_and_finalizing_keeps_it(engine, world):
    # given the coder kept the encounter's hypertension and added hyperlipidemia
    coder = users.acting_user(world.practice.uow(), "coder1")
    for decision in (
        coding.CoderDecision(Action.ACCEPT, code)
        for code in coding.coding_worklist(world.practice.uow(), coder, 3).diagnoses.suggested
        if code == "I10"
    ):
        coding.record_decision(world.practice.uow(), coder, 3, decision)
    coding.record_decision(
        world.practice.uow(), coder, 3, coding.CoderDecision(Action.ADD, final_code="E78.5")
    )
    client = signed_in(engine, "coder1")
    page = client.get("/coding/3").text
    assert 'value="I10, E78.5"' in page and "Not set: finalizing lists the kept codes" in page
    token = form_token(page)
    # when the coder puts E78.5 first and points the visit at both
    refused = client.post("/coding/3/order", data={"diagnoses": "E78.5", "pointers": "", "csrf_token": token})
    assert refused.status_code == 422 and "the order leaves out I10" in refused.text
    answer = client.post(
        "/coding/3/order", data={"diagnoses": "E78.5, I10", "pointers": "1=2,1", "csrf_token": token}
    )
    assert (answer.status_code, answer.headers["location"]) == (303, "/coding/3#claim-order")
    assert (
        'Set: <span class="codes">E78.5, I10</span> · lines <span class="codes">1:2,1</span>'
        in client.get("/coding/3").text
    )
    # then finalizing keeps them
    assert client.post("/coding/3/finalize", data={"csrf_token": token}).status_code == 303
    encounter = patients.get_encounter(world.practice.uow(), coder, 3)
    assert (encounter.diagnosis_codes, encounter.lines[0].diagnosis_pointers) == (("E78.5", "I10"), (2, 1))
