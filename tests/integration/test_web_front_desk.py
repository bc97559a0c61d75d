"""The front desk's pages through a test client on a real database: find, register, edit, coverages,
eligibility (an HTMX fragment, or the whole page without JavaScript), check-in (a form sent twice checks in
once), merge — names and account numbers on the pages, never internal ids."""

from __future__ import annotations

import re

import pytest
from front_desk_setup import VISIT, set_up_front_desk
from web_setup import form_token, signed_in

from revcycle.services import front_desk, ledger

REGISTER = {"first_name": "Zoë", "last_name": "Núñez", "birth_date": "04/02/1990", "sex": "F", "line1": "9 Oak Ave",
            "city": "Springfield", "state": "il", "zip_code": "62704", "phone": "555.201.0188", "email": "",
            "guarantor": "parent", "guarantor_first": "Ana", "guarantor_last": "Núñez"}  # fmt: skip


@pytest.fixture
def desk(engine, tmp_path):
    return set_up_front_desk(engine, tmp_path / "clearinghouse")


def test_the_search_finds_by_name_without_accents_and_shows_names_and_account_numbers(engine, desk):
    client = signed_in(engine, "biller1", desk.partner)
    # when the desk types "roe, ri" / then Richard's row shows his account number and name, linked
    page = client.get("/front-desk", params={"q": "roe, ri"})
    assert page.status_code == 200
    assert re.search(
        r'<td class="codes">00000018</td><td><a href="/front-desk/patients/\d+">Roe, Richard</a>', page.text
    )
    assert "1 patient matching “roe, ri”" in page.text
    # and nobody matches a name that is not there
    assert "No patient matches “Smith”" in client.get("/front-desk", params={"q": "Smith"}).text


def test_register_then_edit_through_the_forms(engine, desk):
    client = signed_in(engine, "biller1", desk.partner)
    form = {**REGISTER, "csrf_token": form_token(client.get("/front-desk/new").text)}
    # when a patient is registered with a parent as guarantor
    answer = client.post("/front-desk/patients", data=form)
    # then the desk lands on her page: name, account, phone, guarantor
    assert answer.status_code == 303
    page = client.get(answer.headers["location"])
    assert "Núñez, Zoë <small>account 00000026 · born 1990-04-02 · F · 555-201-0188" in page.text
    assert "Núñez, Ana (parent)" in page.text
    # when the form misses the city / then the form comes back with the reason, nothing registered
    missing = client.post("/front-desk/patients", data={**form, "city": ""})
    assert (missing.status_code, "city: required" in missing.text) == (422, True)
    # when her phone is edited
    edit_url = answer.headers["location"].replace("/front-desk/patients/", "/front-desk/patients/") + "/edit"
    edited = client.post(
        answer.headers["location"],
        data={**form, "phone": "555-201-0199", "csrf_token": form_token(client.get(edit_url).text)},
    )
    assert edited.status_code == 303
    assert "555-201-0199" in client.get(answer.headers["location"]).text


def test_coverage_add_clash_end_and_eligibility_by_htmx(engine, desk):
    client = signed_in(engine, "biller1", desk.partner)
    url = f"/front-desk/patients/{desk.roe_id}"
    token = form_token(client.get(url).text)
    # when a second primary overlapping Acme is added / then the page says why (422)
    clash = client.post(
        f"{url}/coverages",
        data={
            "csrf_token": token,
            "payer_id": str(desk.second_id),
            "member_id": "Z9",
            "order": "primary",
            "effective_from": "2026-02-01",
        },
    )
    assert clash.status_code == 422 and "two primary coverages would be in force together" in clash.text
    # when Acme is asked about March 10 through HTMX
    asked = client.post(
        f"/front-desk/coverages/{desk.acme_coverage_id}/eligibility",
        data={"csrf_token": token, "on": "2026-03-10"},
        headers={"HX-Request": "true"},
    )
    # then only the panel comes back, in plain words
    assert asked.status_code == 200 and asked.text.startswith('<div id="eligibility"')
    assert (
        "<th>Deductible</th><td>individual, in network: $500.00; met $450.00, $50.00 remaining</td>"
        in asked.text
    )
    assert "<th>Copay</th><td>$25.00 office visit (99213), in network</td>" in asked.text
    # and without JavaScript the whole page comes back with the answer and the copay filled in
    plain = client.post(
        f"/front-desk/coverages/{desk.acme_coverage_id}/eligibility",
        data={"csrf_token": token, "on": "2026-03-10"},
    )
    assert "<th>Status</th><td>active on 2026-03-10</td>" in plain.text
    assert (
        'id="copay-collected" name="copay" size="7" maxlength="20" inputmode="decimal" value="25.00"'
        in plain.text
    )
    assert 'hx-swap-oob="true"' in asked.text and "hx-swap-oob" not in plain.text
    # when Second Health ends on June 30
    ended = client.post(
        f"/front-desk/coverages/{desk.second_coverage_id}/end",
        data={"csrf_token": token, "last_day": "2026-06-30"},
    )
    assert ended.status_code == 303
    assert "<td>2026-06-30</td>" in client.get(url).text


def test_check_in_posts_once_however_often_the_form_is_sent(engine, desk):
    client = signed_in(engine, "biller1", desk.partner)
    page = client.get(f"/front-desk/patients/{desk.roe_id}").text
    nonce = re.search(r'name="nonce" value="([0-9a-f]{16})"', page).group(1)
    form = {"csrf_token": form_token(page), "nonce": nonce, "rendering_provider_id": str(desk.doctor_id),
            "facility_id": str(desk.office_id), "date_of_service": "2026-03-10", "copay": "$25.00",
            "copay_method": "card", "copay_reference": "auth 77"}  # fmt: skip
    # when the form is sent twice
    first = client.post(f"/front-desk/patients/{desk.roe_id}/check-in", data=form)
    second = client.post(f"/front-desk/patients/{desk.roe_id}/check-in", data=form)
    # then one visit and one copay
    assert (first.status_code, second.status_code) == (303, 303)
    shown = client.get(f"/front-desk/patients/{desk.roe_id}").text
    assert (
        len(
            re.findall(
                r"<tr><td>2026-03-10</td><td><a href=\"/charges/\d+\" [^>]*>E\d+</a></td><td class=\"num\">\$25\.00</td>"
                r"<td>card</td></tr>",
                shown,
            )
        )
        == 1
    )
    assert ledger.patient_balance(desk.uow(), desk.biller, desk.roe_id).unapplied_cents == -2500


def test_merge_by_account_number_marks_the_duplicate_and_links_it_from_the_survivor(engine, desk):
    client = signed_in(engine, "biller1", desk.partner)
    token = form_token(client.get("/front-desk/new").text)
    dup = client.post(
        "/front-desk/patients",
        data={
            **REGISTER,
            "first_name": "Rick",
            "last_name": "Roe",
            "birth_date": "1970-05-17",
            "csrf_token": token,
        },
    )
    dup_url = dup.headers["location"]
    merged = client.post(
        f"/front-desk/patients/{desk.roe_id}/merge",
        data={"csrf_token": token, "duplicate_account": "00000026"},
    )
    assert merged.status_code == 303
    assert (
        'Merged into this record: <a href="' + dup_url + '">Roe, Rick (00000026)</a>'
        in client.get(f"/front-desk/patients/{desk.roe_id}").text
    )
    assert "This record was merged into" in client.get(dup_url).text
    # and the audit holds the merge for both records
    with desk.uow() as uow:
        details = [e.detail for e in uow.audit.events("patient", dup_url.rsplit("/", 1)[1])]
    assert f"merged into patient={desk.roe_id}" in details


def test_a_checked_in_visit_links_to_its_charges_for_those_who_enter_them(engine, desk):
    # given Richard checked in
    visit = front_desk.check_in(desk.uow(), desk.biller, front_desk.CheckInRequest(
        "desk:c", desk.roe_id, VISIT, desk.doctor_id, "11"))  # fmt: skip
    link = f'<a href="/charges/{visit.encounter.id}" title="the visit\'s charges">E{visit.encounter.id}</a>'
    # then the biller's page links the visit to its superbill, the auditor's names it only
    assert link in signed_in(engine, "biller1", desk.partner).get(f"/front-desk/patients/{desk.roe_id}").text
    shown = signed_in(engine, "auditor1", desk.partner).get(f"/front-desk/patients/{desk.roe_id}").text
    assert link not in shown and f"<td>E{visit.encounter.id}</td>" in shown


def test_a_coder_sees_the_page_without_the_forms_and_may_not_check_in(engine, desk):
    client = signed_in(engine, "coder1", desk.partner)
    page = client.get(f"/front-desk/patients/{desk.roe_id}")
    assert (
        page.status_code == 200 and "Check in</button>" not in page.text and "Insurance owes" not in page.text
    )
    assert client.get("/front-desk/new").status_code == 403
    assert (
        front_desk.form_choices(desk.uow(), desk.staff["coder"]).rendering_providers[0].name == "Quill, Ada"
    )


def test_a_checked_in_visit_waits_in_the_coder_queue_and_its_coding_page_opens(engine, desk):
    # given Richard checked in (a visit with no note and no charges yet)
    visit = front_desk.check_in(desk.uow(), desk.biller, front_desk.CheckInRequest(
        "desk:q", desk.roe_id, VISIT, desk.doctor_id, "11"))  # fmt: skip
    client = signed_in(engine, "coder1", desk.partner)
    # when the coder opens the queue and the visit / then both answer, the visit listed by its patient's name
    queue = client.get("/coding")
    assert queue.status_code == 200 and f"E{visit.encounter.id}" in queue.text
    assert client.get(f"/coding/{visit.encounter.id}").status_code == 200


def test_a_last_day_that_is_not_a_date_comes_back_on_the_page(engine, desk):
    client = signed_in(engine, "biller1", desk.partner)
    token = form_token(client.get(f"/front-desk/patients/{desk.roe_id}").text)
    # when "June" is typed as Acme's last day / then the page says so (422) and the coverage stays open
    answer = client.post(
        f"/front-desk/coverages/{desk.acme_coverage_id}/end", data={"csrf_token": token, "last_day": "June"}
    )
    assert (answer.status_code, "not a date (YYYY-MM-DD): &#39;June&#39;" in answer.text) == (422, True)
    assert "<td>open</td>" in answer.text
