"""Charge entry and the coder queue through the API (SQLite; PostgreSQL when configured): the superbill, a
line's preview, adding with an NDC and an override reason, removing, the coder's order, the queue and assign."""

from __future__ import annotations

import pytest
from api_setup import api_world


@pytest.fixture
def world(engine):
    return api_world(engine)


def test_a_biller_enters_charges_through_the_api(world):
    biller, url = world.headers("biller"), f"/api/encounters/{world.encounter_id}"
    # given the encounter's diagnoses
    assert (
        world.client.put(f"{url}/diagnoses", json={"codes": ["E11.9", "I10"]}, headers=biller).status_code
        == 200
    )
    # when the biller previews an injection pointing past the diagnoses / then it is not addable, and says why
    bad = world.client.post(f"{url}/charges/preview", json={"procedure_code": "96372", "pointers": [3]},
                            headers=biller).json()  # fmt: skip
    assert (bad["addable"], bad["problems"]) == (
        False,
        ["pointer 3 names no diagnosis (the encounter has 2)"],
    )
    # when a drug line is added with its fee (the practice has no Standard schedule yet, so no reason is asked)
    body = {
        "procedure_code": "J1885",
        "units": 2,
        "pointers": [2, 1],
        "fee": "12.50",
        "drug": {"ndc": "0409-3795-01", "unit": "ML", "quantity": "2"},
    }
    added = world.client.post(f"{url}/charges", json=body, headers=biller)
    assert added.status_code == 201, added.text
    line = added.json()
    assert (line["procedure_code"], line["pointers"], line["charge"], line["drug"]) == (
        "J1885",
        [2, 1],
        "25.00",
        {"ndc": "00409379501", "unit": "ML", "quantity": "2"},
    )
    # and a malformed NDC is a located 422, nothing added
    wrong = world.client.post(f"{url}/charges", json=body | {"drug": {"ndc": "0409379501", "unit": "ML", "quantity": "2"}},
                              headers=biller)  # fmt: skip
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (422, "validation")
    # then the superbill shows it, and removing it takes it off
    shown = world.client.get(f"{url}/charges", headers=biller).json()
    assert [(d["pointer"], d["code"]) for d in shown["diagnoses"]] == [(1, "E11.9"), (2, "I10")]
    assert [entry["procedure_code"] for entry in shown["lines"]][-1] == "J1885"
    gone = world.client.delete(f"{url}/charges/{line['line_number']}", headers=biller)
    assert gone.status_code == 200 and "J1885" not in [
        entry["procedure_code"] for entry in gone.json()["lines"]
    ]


def test_the_queue_and_assign_through_the_api(world):
    coder = world.headers("coder")
    queue = world.client.get(
        "/api/coding/queue", params={"size": 1, "q": f"E{world.encounter_id}"}, headers=coder
    )
    assert queue.status_code == 200
    page = queue.json()
    assert ([item["encounter_id"] for item in page["items"]], page["total"], page["pages"]) == (
        [world.encounter_id],
        1,
        1,
    )
    assigned = world.client.post(
        "/api/coding/queue/assign", json={"encounter_ids": [world.encounter_id]}, headers=coder
    )
    assert assigned.json() == {"assigned": 1, "to": "coder1"}
    mine = world.client.get("/api/coding/queue", params={"assigned": "coder1"}, headers=coder).json()
    assert [(item["encounter_id"], item["assigned_to"]) for item in mine["items"]] == [
        (world.encounter_id, "coder1")
    ]
    bad = world.client.get("/api/coding/queue", params={"sort": "cost"}, headers=coder)
    assert (bad.status_code, bad.json()["error"]["code"]) == (422, "validation")
    assert world.client.get("/api/coding/queue", headers=world.headers("auditor")).status_code == 403
