"""The set-up through the REST API: a practice file posted (fees inline), posted again (nothing changes), a
bad one (422 naming the line, nothing loaded); a fee by code + modifier + date of service; a payer changed
by its payer id; a user deactivated."""

from __future__ import annotations

import pytest
from api_setup import api_world

PRACTICE = """practice: {name: Lakeside Pediatrics, phone: "312-555-0188"}
facilities:
  - {name: Lakeside office, place_of_service: "11", address: {line1: 40 Shore Dr, city: Chicago, state: IL, zip: "60601"}}
payers:
  - {payer_id: "60054", name: Lakeside Mutual, timely_filing_days: "90", appeal_days: "60"}
fee_schedules:
  - name: Standard
    fees:
      - {code: "99392", amount: "165.00", effective_from: "2026-01-01"}
      - {code: "90460", amount: "30.00", effective_from: "2026-01-01"}
      - {code: "90460", amount: "32.00", effective_from: "2026-07-01"}
"""


@pytest.fixture
def world(engine):
    return api_world(engine)


def test_a_practice_file_posted_twice_loads_once_and_a_bad_one_is_located(world):
    # given a manager's token
    client, manager = world.client, world.headers("manager")
    # when the practice file is posted, then posted again
    first = client.post("/api/setup/import", content=PRACTICE, headers=manager)
    again = client.post("/api/setup/import", content=PRACTICE, headers=manager)
    # then the first adds the facility, the payer (with its appeal window) and three fee versions; the second nothing
    assert first.status_code == 200, first.text
    assert (first.json()["added"], first.json()["fees"]["added"]) == ({"facility": 1, "payer": 1}, 3)
    assert first.json()["changed"] == {"practice": 1, "appeal_window": 1}
    assert (again.json()["added"], again.json()["changed"], again.json()["fees"]["added"]) == ({}, {}, 0)
    # and the fee of 90460 follows the date of service
    june = client.get(
        "/api/setup/fee", params={"code": "90460", "dos": "2026-06-30"}, headers=world.headers("coder")
    )
    july = client.get(
        "/api/setup/fee", params={"code": "90460", "dos": "2026-07-01"}, headers=world.headers("coder")
    )
    assert (june.json()["amount_cents"], june.json()["effective_to"]) == (3000, "2026-06-30")
    assert july.json()["amount_cents"] == 3200
    # when a file with a bad place of service is posted
    bad = client.post("/api/setup/import", content=PRACTICE.replace('"11"', '"1"').replace("Lakeside office", "Annex"),
                      headers=manager)  # fmt: skip
    # then it is a 422 naming the line and the field, and the annex is not there
    assert bad.status_code == 422
    assert bad.json()["error"]["message"].splitlines()[1] == (
        "body:3: facilities[0]: place of service must be a 2-digit code, got '1'"
    )
    names = [f["name"] for f in client.get("/api/setup", headers=manager).json()["facilities"]]
    assert names == ["Lakeside office"]


def test_a_payer_is_changed_by_its_payer_id_and_a_user_deactivated_by_an_admin(world):
    client, manager, admin = world.client, world.headers("manager"), world.headers("admin")
    # given the synthetic practice's payer 87726
    stored = client.get("/api/setup", headers=manager).json()["payers"]
    acme = next(payer for payer in stored if payer["payer_code"] == "87726")
    # when the manager gives it a claims address and a phone
    body = {"payer_id": "87726", "name": acme["name"], "filing_indicator": "CI", "timely_filing_days": 90,
            "phone": "(800) 555-0110",
            "claims_address": {"line1": "PO Box 1000", "city": "Hartford", "state": "CT", "zip_code": "061011000"}}  # fmt: skip
    changed = client.put("/api/setup/payers/87726", json=body, headers=manager)
    # then the payer has them
    assert changed.status_code == 200, changed.text
    assert (changed.json()["phone"], changed.json()["claims_address"]["line1"]) == (
        "8005550110",
        "PO Box 1000",
    )
    # when the admin deactivates the coder
    stopped = client.patch("/api/users/coder1", json={"active": False}, headers=admin)
    # then the coder's token no longer works
    assert stopped.json() == {
        "id": stopped.json()["id"],
        "username": "coder1",
        "role": "coder",
        "active": False,
    }
    assert client.get("/api/setup", headers=world.headers("coder")).status_code == 401
