"""The set-up pages through a test client on a real database: a manager adds a provider, a payer with a
contract rate, imports a fee schedule (twice, then a bad file); an admin changes a role and deactivates."""

from __future__ import annotations

import re

import pytest
from services_setup import set_up_practice
from web_setup import NOW, form_token, signed_in

from revcycle.services import audit, fee_schedules, practice

FEES = "code,modifier,amount,effective_from\n99213,,110.00,2026-01-01\n72148,26,140.00,2026-01-01\n"


@pytest.fixture
def world(engine):
    return set_up_practice(engine)


def _rows(html: str) -> list[list[str]]:
    """The cells of every body row of the page's tables, tags stripped."""
    body = "".join(re.findall(r"<tbody>(.*?)</tbody>", html, re.S))
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]  # fmt: skip


def _upload(client, page_html: str, name: str, text: str):
    return client.post("/setup/fees/import", data={"csrf_token": form_token(page_html), "schedule": "Standard"},
                       files={"file": (name, text.encode(), "text/csv")})  # fmt: skip


def test_a_manager_adds_a_rendering_provider_and_a_bad_npi_is_refused_on_the_page(engine, world):
    # given a manager on the set-up page
    manager = signed_in(engine, "manager1", now=NOW)
    page = manager.get("/setup")
    assert page.status_code == 200 and "Synthetic Health" in page.text
    form = {
        "csrf_token": form_token(page.text),
        "first_name": "Ruth",
        "last_name": "Abara",
        "taxonomy": "207Q00000X",
    }
    # when the NPI has a wrong check digit
    refused = manager.post("/setup/rendering-providers", data=form | {"npi": "1234567890"})
    # then the page says why, with 422, and nothing is added
    assert refused.status_code == 422
    assert "invalid NPI &#39;1234567890&#39;" in refused.text
    assert [p.last_name for p in practice.practice_setup(world.uow(), world.manager).rendering_providers] == [
        "Quill"
    ]
    # when the NPI is valid
    added = manager.post("/setup/rendering-providers", data=form | {"npi": "1555012347"})
    # then the manager is sent back to the list, which shows the provider by name, and the change is audited
    assert (added.status_code, added.headers["location"]) == (303, "/setup#rendering")
    assert ["Abara, Ruth", "1555012347", "207Q00000X", "active"] in [
        row[:4] for row in _rows(manager.get("/setup").text)
    ]
    assert [e.username for e in audit.events_for(world.uow(), world.admin, "rendering_provider")] == [
        "admin",
        "manager1",
    ]
    # when the manager marks the new provider inactive from the list
    added_id = next(
        p.id
        for p in practice.practice_setup(world.uow(), world.manager).rendering_providers
        if p.last_name == "Abara"
    )
    inactive = manager.post("/setup/rendering-providers", data=form | {"npi": "1555012347", "provider_id": str(added_id),
                                                                        "active": "no"})  # fmt: skip
    # then the list says so, and the change is audited with the field changed
    assert inactive.status_code == 303
    assert ["Abara, Ruth", "1555012347", "207Q00000X", "inactive"] in [
        row[:4] for row in _rows(manager.get("/setup").text)
    ]
    assert audit.events_for(world.uow(), world.admin, "rendering_provider")[-1].detail == "changed active"



def test_a_manager_changes_a_facility_and_a_referring_provider_from_their_rows(engine, world):
    # given a manager who added a facility and a referring provider on the set-up page
    manager = signed_in(engine, "manager1", now=NOW)
    token = form_token(manager.get("/setup").text)
    place = {"csrf_token": token, "name": "Elm Street Office", "place_of_service": "11", "npi": "",
             "line1": "200 Elm St", "line2": "", "city": "Springfield", "state": "IL", "zip": "627011234"}
    assert manager.post("/setup/facilities", data=place).status_code == 303
    doctor = {"csrf_token": token, "first_name": "Lena", "last_name": "Okafor", "npi": "1555012347", "taxonomy": ""}
    assert manager.post("/setup/referring-providers", data=doctor).status_code == 303
    page = manager.get("/setup").text
    facility_id = re.search(r'name="facility_id" value="(\d+)"', page).group(1)
    referring_id = re.search(r'id="referring-1555012347">.*?name="provider_id" value="(\d+)"', page, re.S).group(1)
    # when the facility moves to a new suite as an urgent care (POS 20) and the referring provider gets a taxonomy
    moved = manager.post("/setup/facilities", data=place | {"facility_id": facility_id, "place_of_service": "20",
                                                          "line2": "Suite 4"})  # fmt: skip
    renamed = manager.post("/setup/referring-providers", data=doctor | {"provider_id": referring_id,
                                                                        "taxonomy": "207R00000X"})  # fmt: skip
    # then both answer with the list, which shows the changes, and each change is audited
    assert (moved.status_code, moved.headers["location"]) == (303, "/setup#facilities")
    assert (renamed.status_code, renamed.headers["location"]) == (303, "/setup#referring")
    rows = [row[:4] for row in _rows(manager.get("/setup").text)]
    assert ["Elm Street Office", "20", "", "200 Elm St, Suite 4, Springfield, IL 62701-1234"] in rows
    assert ["Okafor, Lena", "1555012347", "207R00000X"] in [row[:3] for row in rows]
    assert [e.detail for e in audit.events_for(world.uow(), world.admin, "facility")][-1] == "changed address, place_of_service"
    assert [e.detail for e in audit.events_for(world.uow(), world.admin, "referring_provider")][-1] == "changed taxonomy"
    # when a second facility is renamed to the first one's name, the page refuses it and keeps the old name
    place2 = place | {"name": "North Clinic", "line1": "9 North Rd"}
    assert manager.post("/setup/facilities", data=place2).status_code == 303
    second_id = re.findall(r'name="facility_id" value="(\d+)"', manager.get("/setup").text)[-1]
    clash = manager.post("/setup/facilities", data=place2 | {"facility_id": second_id, "name": "Elm Street Office"})
    assert clash.status_code == 422 and "a facility named &#39;Elm Street Office&#39; already exists" in clash.text


def test_a_manager_adds_a_payer_and_a_later_contract_rate_ends_the_first(engine, world):
    # given a manager who adds a payer
    manager = signed_in(engine, "manager1", now=NOW)
    token = form_token(manager.get("/setup").text)
    added = manager.post("/setup/payers", data={"csrf_token": token, "name": "Prairie Medicaid", "payer_code": "ILMCD",
                                                "filing_indicator": "MC", "timely_filing_days": "180",
                                                "claims_line1": "PO Box 19106", "claims_city": "Springfield",
                                                "claims_state": "IL", "claims_zip": "627949106"})  # fmt: skip
    assert (added.status_code, added.headers["location"]) == (303, "/setup/payers/ILMCD")
    # when two expected-allowed rates for 99213 are added, the second from July
    for allowed, start in (("92.00", "2026-01-01"), ("95.50", "2026-07-01")):
        posted = manager.post("/setup/payers/ILMCD/rates", data={"csrf_token": token, "code": "99213",
                                                                 "allowed": allowed, "effective_from": start})  # fmt: skip
        assert posted.status_code == 303
    # then the payer's page shows both versions, the first ending the day before the second starts
    page = manager.get("/setup/payers/ILMCD")
    assert "PO Box 19106" in page.text
    assert [row for row in _rows(page.text) if row and row[0] == "99213"] == [
        ["99213", "$92.00", "2026-01-01", "2026-06-30"],
        ["99213", "$95.50", "2026-07-01", "open"],
    ]
    # and a third rate starting the same day as the second with another amount is refused on the page
    clash = manager.post("/setup/payers/ILMCD/rates", data={"csrf_token": token, "code": "99213", "allowed": "99.00",
                                                            "effective_from": "2026-07-01"})  # fmt: skip
    assert clash.status_code == 422 and "a version starting 2026-07-01 already exists" in clash.text
    # when the payer is given an appeal window of 60 days and a phone number on its page
    changed = manager.post("/setup/payers/ILMCD", data={"csrf_token": token, "name": "Prairie Medicaid",
                                                        "filing_indicator": "MC", "timely_filing_days": "180",
                                                        "appeal_days": "60", "phone": "800 555 0199"})  # fmt: skip
    # then both are kept (the window as the denials' any-category window for the payer)
    assert changed.status_code == 303
    assert practice.payer_appeal_days(world.uow(), world.manager, "ILMCD") == 60
    assert practice.payer_by_code(world.uow(), world.manager, "ILMCD").phone == "8005550199"
    assert 'name="appeal_days" value="60"' in manager.get("/setup/payers/ILMCD").text


def test_a_fee_schedule_imported_twice_changes_once_and_a_bad_file_loads_nothing(engine, world):
    # given a manager on the fee schedule page
    manager = signed_in(engine, "manager1", now=NOW)
    page = manager.get("/setup/fees")
    # when a fee CSV is imported, then imported again
    first = _upload(manager, page.text, "fees.csv", FEES)
    again = _upload(manager, page.text, "fees.csv", FEES)
    # then the first adds two fees, the second changes nothing
    assert "imported fees.csv: 2 fee versions added, 0 ended, 0 already in force" in first.text
    assert "imported fees.csv: 0 fee versions added, 0 ended, 2 already in force" in again.text
    assert _rows(again.text) == [["72148-26", "$140.00", "2026-01-01", "open"],
                                                  ["99213", "$110.00", "2026-01-01", "open"]]  # fmt: skip
    # when a file with a changed fee and a bad row is imported
    bad = _upload(
        manager, page.text, "july.csv", FEES.replace("110.00,2026-01-01", "115.00,2026-07-01") + "9921,,x,\n"
    )
    # then the page names the file, the line and the field, and the changed fee was not loaded either
    assert bad.status_code == 422
    assert "july.csv:4: fee: amount must be dollars and cents" in bad.text
    assert (
        fee_schedules.fee_for(
            world.uow(), world.manager, "99213", (), NOW.date().replace(month=8)
        ).amount_cents
        == 11000
    )
    # and the export gives every version back as CSV
    export = manager.get("/setup/fees/export?schedule=Standard")
    assert (
        export.text
        == "code,modifier,amount,effective_from,effective_to\n72148,26,140.00,2026-01-01,\n99213,,110.00,2026-01-01,\n"
    )


def test_an_admin_changes_a_role_and_deactivates_a_user_and_a_biller_may_not_open_set_up(engine, world):
    # given an admin on the users page
    admin = signed_in(engine, "admin", now=NOW)
    page = admin.get("/setup/users")
    token = form_token(page.text)
    # when the auditor becomes a biller and the biller is deactivated
    promoted = admin.post(
        "/setup/users/auditor1", data={"csrf_token": token, "role": "biller", "active": "yes"}
    )
    stopped = admin.post("/setup/users/biller1", data={"csrf_token": token, "role": "biller", "active": "no"})
    # then both are shown so, and the admin cannot change their own row
    assert promoted.status_code == stopped.status_code == 303
    rows = {row[0]: row[1:3] for row in _rows(admin.get("/setup/users").text)}
    assert rows == {"admin": ["admin", "active"], "manager1": ["manager", "active"], "biller1": ["biller", "deactivated"],
                    "auditor1": ["biller", "active"]}  # fmt: skip
    # and the deactivated biller can no longer sign in; an active biller may not open set-up
    assert signed_in_fails(engine, "biller1")
    assert signed_in(engine, "auditor1", now=NOW).get("/setup").status_code == 403


def signed_in_fails(engine, username: str) -> bool:
    try:
        signed_in(engine, username, now=NOW)
    except AssertionError:
        return True
    return False
