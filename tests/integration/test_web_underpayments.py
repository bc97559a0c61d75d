"""The underpayments page through a test client on a real database: Acme allowed 90% of its contract
on a posted 835; the biller checks the posted lines, reads the queue by payer and resolves a line."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from api_remit_setup import USERNAMES, remit_world, submitted_835
from claims_setup import NOW
from web_setup import form_token, signed_in

from revcycle.services import underpayments
from revcycle.simulator.examples import example_contract


@pytest.fixture
def world(engine, tmp_path):
    world = remit_world(engine, tmp_path / "acme", pays_percent_of_contract=Decimal(90))
    with world.uow() as uow:
        admin = uow.users.find("admin")
    underpayments.set_payer_contract(world.uow(), admin, "87726", example_contract(), "acme contract")
    _, era = submitted_835(world, None, ("E11.9",))
    answer = world.client.post("/api/remittances", content=era, headers=world.headers())
    assert answer.json()["status"] == "posted"
    return world


def _cells(html: str, row_id: str) -> list[str]:
    row = re.search(rf'<tr id="{row_id}">(.*?)</tr>', html, re.S)
    assert row is not None, row_id
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    ][:8]


def test_the_biller_finds_the_lines_paid_short_and_resolves_one(engine, world):
    # given a biller on the underpayments page, before any check
    biller = signed_in(engine, USERNAMES["biller"], now=NOW)
    before = biller.get("/underpayments")
    assert before.status_code == 200 and "Nothing paid short." in before.text
    # when the biller checks the posted lines
    checked = biller.post("/underpayments/find", data={"csrf_token": form_token(before.text)})
    # then both lines are queued, short by $13.00 and $1.30, and Acme's total is shown
    assert "checked 2 paid lines: 2 new underpayments" in checked.text
    ids = re.findall(r'<tr id="(underpayment-\d+)">', checked.text)
    assert [_cells(checked.text, row)[3:] for row in ids] == [  # after the select box, claim and payer
        ["99214", "2026-03-02", "$130.00", "$117.00", "$13.00"],
        ["83036", "2026-03-02", "$13.00", "$11.70", "$1.30"],
    ]
    assert _cells(checked.text, "payer-87726")[1:] == ["2", "$143.00", "$128.70", "$62.96", "$14.30"]
    # when the first is resolved as appealed, and the second without a note
    first, second = (row.split("-")[1] for row in ids)
    token = form_token(checked.text)
    appealed = biller.post(
        f"/underpayments/{first}/resolve",
        data={"outcome": "appealed", "note": "fee schedule", "csrf_token": token},
    )
    refused = biller.post(
        f"/underpayments/{second}/resolve", data={"outcome": "accepted", "csrf_token": token}
    )
    # then the first leaves the queue, and the second stays with the reason shown
    assert appealed.status_code == 303
    assert refused.status_code == 422 and "say how the underpayment was resolved" in refused.text
    assert re.findall(r'<tr id="(underpayment-\d+)">', biller.get("/underpayments").text) == [
        f"underpayment-{second}"
    ]


def test_a_coder_may_not_open_the_underpayments_page(engine, world):
    # when a coder opens it
    refused = signed_in(engine, USERNAMES["coder"], now=NOW).get("/underpayments")
    # then an HTML 403
    assert refused.status_code == 403 and "Your role (coder) may not open this page." in refused.text


def test_showing_one_underpayment_through_the_api_writes_one_audit_row(engine, world):
    # given two lines queued as paid short
    found = world.client.post("/api/underpayments/find", json={}, headers=world.headers())
    assert len(found.json()["found"]) == 2
    with world.uow() as uow:
        before = len(uow.audit.events("underpayment"))
    # when a page of one item is asked for
    page = world.client.get("/api/underpayments?limit=1", headers=world.headers())
    # then one item is shown, the totals and count still cover the queue, and one audit row names that item
    answer = page.json()
    assert (len(answer["items"]), answer["total"], answer["by_payer"][0]["lines"]) == (1, 2, 2)
    with world.uow() as uow:
        written = uow.audit.events("underpayment")[before:]
    assert [(row.action, row.entity_id, row.username) for row in written] == [
        ("read", str(answer["items"][0]["id"]), "bea")
    ]
