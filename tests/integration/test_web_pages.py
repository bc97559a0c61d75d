"""The web pages through a test client on a real database: sign-in, coder queue, claims, account, dashboard."""

from __future__ import annotations

import re

import pytest
from web_setup import PASSWORD, form_token, signed_in, web_client, web_world


@pytest.fixture
def world(engine, tmp_path):
    return web_world(engine, tmp_path)


def test_sign_in_sends_each_role_to_its_first_page_and_refuses_a_wrong_password(engine, world):
    # given the sign-in form
    client = web_client(engine)
    anonymous = client.get("/coding")
    token = form_token(client.get("/login").text)
    # when a wrong password, a forged form and the right password are sent
    wrong = client.post("/login", data={"username": "coder1", "password": "nope", "csrf_token": token})
    token = form_token(wrong.text)
    forged = client.post("/login", data={"username": "coder1", "password": PASSWORD, "csrf_token": "forged"})
    right = client.post(
        "/login", data={"username": "coder1", "password": PASSWORD, "csrf_token": token, "next": "/coding/3"}
    )
    # then the anonymous visitor is sent to sign in, the wrong password is refused on the form, the forged
    # form is refused, and the coder lands on the page asked for (with an HttpOnly session cookie)
    assert (anonymous.status_code, anonymous.headers["location"]) == (303, "/login?next=/coding")
    assert wrong.status_code == 401 and "Unknown user name or wrong password." in wrong.text
    assert forged.status_code == 403
    assert (right.status_code, right.headers["location"]) == (303, "/coding/3")
    assert (
        "httponly" in right.headers["set-cookie"].lower()
        and "samesite=strict" in right.headers["set-cookie"].lower()
    )
    assert signed_in(engine, "biller1").get("/").headers["location"] == "/dashboard"
    assert signed_in(engine, "coder1").get("/").headers["location"] == "/coding"


def test_an_offsite_next_is_not_followed_after_sign_in(engine, world):
    # given the sign-in form
    client = web_client(engine)
    token = form_token(client.get("/login").text)
    # when next points to another host
    answer = client.post(
        "/login",
        data={"username": "coder1", "password": PASSWORD, "csrf_token": token, "next": "//evil.example/x"},
    )
    # then the user lands on their own first page
    assert answer.headers["location"] == "/coding"


def test_coder_queue_lists_the_unbilled_encounters_oldest_first(engine, world):
    # given a signed-in coder
    client = signed_in(engine, "coder1")
    # when the queue opens
    page = client.get("/coding")
    # then the two encounters without a claim are listed, oldest date of service first; the billed ones are not
    assert page.status_code == 200
    assert world.queued_encounter_ids == (3, 4)
    assert re.findall(r'href="/coding/(\d+)"', page.text) == ["3", "4"]
    assert "2 encounters waiting" in page.text and "$150.00" in page.text


def suggested_codes(html: str) -> list[str]:
    """The suggested codes on a coding page, in page order (each row has an accept/reject and an edit form)."""
    return list(dict.fromkeys(re.findall(r'name="code" value="([^"]+)"', html)))


def test_coding_page_highlights_evidence_and_finalizing_takes_the_encounter_off_the_queue(engine, world):
    # given a coder on the pharyngitis encounter
    client = signed_in(engine, "coder1")
    page = client.get("/coding/4")
    codes = suggested_codes(page.text)
    # then the suggested diagnosis is marked in the note with its evidence
    assert "J02.9" in codes
    assert re.search(r'<mark title="evidence for [^"]*J02\.9[^"]*">acute pharyngitis<sup>', page.text)
    # when a decision comes without the form's token
    forged = client.post("/coding/4/decisions", data={"action": "accept", "code": "J02.9", "csrf_token": "x"})
    # then it is refused and nothing is recorded
    assert forged.status_code == 403
    assert 'class="badge' not in client.get("/coding/4").text
    # when the coder accepts J02.9 and rejects the rest
    token = form_token(page.text)
    answers = [
        client.post(
            "/coding/4/decisions",
            data={"action": "accept" if code == "J02.9" else "reject", "code": code, "csrf_token": token},
        )
        for code in codes
    ]
    after = client.get("/coding/4")
    # then each decision shows on the page (stored as coding decisions), and the encounter is still queued
    assert [answer.status_code for answer in answers] == [303] * len(codes)
    assert after.text.count("accepted by coder1") == 1
    assert after.text.count("rejected by coder1") == len(codes) - 1
    assert "0 suggestions undecided" in after.text
    assert re.findall(r'href="/coding/(\d+)"', client.get("/coding").text) == ["3", "4"]
    assert "in progress (" in client.get("/coding").text
    # when the coder finalizes
    finalized = client.post("/coding/4/finalize", data={"csrf_token": token})
    page = client.get("/coding/4")
    # then the final codes are on the page, the queue keeps only encounter 3, and the claim can be built
    assert (finalized.status_code, finalized.headers["location"]) == (303, "/coding/4#finalized")
    assert re.search(
        r'Finalized by coder1 at 2026-03-10 15:30:\s*<span class="codes">J02\.9</span>', page.text
    )
    assert re.findall(r'href="/coding/(\d+)"', client.get("/coding").text) == ["3"]
    built = client.post("/coding/4/claims", data={"csrf_token": token})
    assert (built.status_code, built.headers["location"]) == (303, "/claims/3")
    claim = client.get("/claims/3")
    assert '<span class="status draft">draft</span>' in claim.text and "A. J02.9" in claim.text


def test_coding_page_edits_and_adds_codes_and_refuses_a_claim_before_finalizing(engine, world):
    # given a coder on the hypertension encounter
    client = signed_in(engine, "coder1")
    page = client.get("/coding/3")
    token = form_token(page.text)
    # when the coder edits I10 to I11.9 and adds E78.5, then asks for a claim before finalizing
    edited = client.post(
        "/coding/3/decisions",
        data={"action": "edit", "code": "I10", "final_code": "i11.9", "csrf_token": token},
    )
    added = client.post(
        "/coding/3/decisions",
        data={"action": "add", "final_code": "E78.5", "reason": "lipids", "csrf_token": token},
    )
    early = client.post("/coding/3/claims", data={"csrf_token": token})
    bad = client.post(
        "/coding/3/decisions", data={"action": "add", "final_code": "nonsense", "csrf_token": token}
    )
    after = client.get("/coding/3")
    # then both decisions show, the early claim and the malformed code are refused on the page
    assert (edited.status_code, added.status_code) == (303, 303)
    assert "edited by coder1 to I11.9" in after.text and "added by coder1" in after.text
    assert 'Diagnoses kept so far: <span class="codes">I11.9, E78.5</span>' in after.text
    assert early.status_code == 422 and "finalize the coding before building the claim" in early.text
    assert bad.status_code == 422 and "is neither an ICD-10-CM nor a CPT/HCPCS code" in bad.text


def test_coding_page_levels_the_visit_with_its_explanation_and_checks_the_codes(engine, world):
    # given a coder on the hypertension encounter
    client = signed_in(engine, "coder1")
    # when the E/M form is sent: two stable chronic illnesses, prescription drug management
    page = client.get(
        "/coding/3",
        params=[
            ("em", "1"),
            ("patient", "established"),
            ("problems", "stable_chronic"),
            ("problems", "stable_chronic"),
            ("risks", "prescription_drug_management"),
        ],
    )
    # then 99214 with the reasons, and the validation section for the encounter's codes
    assert re.search(r'class="em-result"><b class="codes">99214</b> by mdm', page.text)
    assert "2 or more stable chronic illnesses: moderate" in page.text
    assert "<h2>Validation <small>I10</small></h2>" in page.text
    # when a code that is not suggested is sent
    bad = client.post(
        "/coding/3/decisions",
        data={"action": "accept", "code": "Z99.99", "csrf_token": form_token(page.text)},
    )
    # then it is refused as unknown (HTML error page, not JSON)
    assert bad.status_code == 404 and "Z99.99 is not among the encounter&#39;s suggestions" in bad.text


def test_claims_list_and_detail_show_status_scrub_lines_and_files(engine, world):
    # given a biller
    client = signed_in(engine, "biller1")
    # when the claims list and the claim open
    listed = client.get("/claims")
    detail = client.get(f"/claims/{world.claim_id}")
    filtered = client.get("/claims", params={"status": "denied"})
    # then the exported claim is submitted and clean, with its lines, the CMS-1500 link and the 837 file
    assert re.search(
        r'class="codes">E1-1</a></td>\s*<td><span class="status submitted">submitted', listed.text
    )
    assert '<span class="ok">clean</span>' in listed.text
    assert '<td>Acme Health</td>\n    <td class="codes"></td>\n    <td><a href="/patients/1">Doe, Jane</a></td>' in listed.text
    assert f'href="/api/claims/{world.claim_id}/cms1500.pdf"' in detail.text
    assert f'sent in batch 1, file <span class="codes">{world.file_name}</span>' in detail.text
    assert f'<a href="/claims/{world.claim_id}/837">837P preview</a>' in detail.text
    assert re.search(r'<td class="codes">99213</td>.*?<td class="num">\$110\.00</td>', detail.text, re.S)
    assert "No claims with status denied." in filtered.text
    missing = client.get("/claims/999")
    assert missing.status_code == 404 and "biller1 · biller" in missing.text


def test_patient_account_shows_the_charges_with_a_running_balance(engine, world):
    # given a biller
    client = signed_in(engine, "biller1")
    # when the patient's account opens
    page = client.get(f"/patients/{world.practice.patient_id}")
    # then both posted charges are owed by insurance, oldest first with the running balance
    assert page.status_code == 200
    assert re.search(r"Insurance owes</th><td class=\"num\">\$260\.00", page.text)
    assert re.findall(
        r'<td class="num">(\$[\d.]+)</td>\s*<td class="num"></td>\s*<td class="num"></td>\s*'
        r'<td class="num">(\$[\d.]+)</td>',
        page.text,
    ) == [("$150.00", "$150.00"), ("$110.00", "$260.00")]
    assert f'href="/api/patients/{world.practice.patient_id}/statement.pdf"' in page.text
    assert '<td>primary</td><td>Acme Health <span class="codes">87726</span></td>' in page.text


def test_dashboard_shows_aging_and_kpis_and_a_coder_may_not_open_it(engine, world):
    # given a manager and a coder
    manager, coder = signed_in(engine, "manager1"), signed_in(engine, "coder1")
    # when each opens the dashboard
    page = manager.get("/dashboard")
    refused = coder.get("/dashboard")
    # then the manager sees the insurance AR aged from the dates of service (as of 2026-03-10): 0-30 and 31-60
    assert page.status_code == 200
    assert re.search(
        r'<span class="bucket">0-30</span>\s*<div class="bars">\s*<div class="bar-line"><span class="track">'
        r'<span class="bar insurance" style="width: 73%"></span></span><span class="bar-label">\$110\.00</span>',
        page.text,
    )
    assert re.search(
        r'<span class="bucket">31-60</span>\s*<div class="bars">\s*<div class="bar-line"><span class="track">'
        r'<span class="bar insurance" style="width: 100%"></span></span><span class="bar-label">\$150\.00</span>',
        page.text,
    )
    assert "Clean-claim rate</span><b>100.0%</b><small>2 scrubbed</small>" in page.text
    assert "Acme Health" in page.text
    # and the coder gets an HTML 403
    assert refused.status_code == 403 and "Your role (coder) may not open this page." in refused.text


def test_the_dashboard_ages_the_receivables_on_the_day_asked(engine, world):
    # given a manager
    manager = signed_in(engine, "manager1")
    # when the dashboard is asked for 60 days later than today (2026-03-10), and with a day that is no date
    later = manager.get("/dashboard?as_of=2026-05-09")
    wrong = manager.get("/dashboard?as_of=next-week")
    # then the same $260.00 of insurance AR has aged two buckets (0-30 -> 61-90, 31-60 -> 91-120), the day in the heading
    assert later.status_code == 200
    assert "as of 2026-05-09" in later.text
    insurance = re.findall(r'<span class="bucket">([^<]*)</span>[^$]*(\$[0-9.,]+)', later.text)
    assert insurance == [
        ("0-30", "$0.00"),
        ("31-60", "$0.00"),
        ("61-90", "$110.00"),
        ("91-120", "$150.00"),
        ("120+", "$0.00"),
    ]
    assert wrong.status_code == 422


def test_finalizing_codes_that_fail_a_check_is_refused_for_a_coder_and_forced_by_a_manager(engine, world):
    # given a coder who keeps I10 and adds E10.9 and E11.9 (Excludes1: type 1 and type 2 diabetes)
    coder, manager = signed_in(engine, "coder1"), signed_in(engine, "manager1")
    token = form_token(coder.get("/coding/3").text)
    coder.post("/coding/3/decisions", data={"action": "accept", "code": "I10", "csrf_token": token})
    for code in ("E10.9", "E11.9"):
        coder.post("/coding/3/decisions", data={"action": "add", "final_code": code, "csrf_token": token})
    # when the coder finalizes, then a manager forces it
    refused = coder.post("/coding/3/finalize", data={"csrf_token": token})
    page = manager.get("/coding/3")
    forced = manager.post("/coding/3/finalize", data={"csrf_token": form_token(page.text), "force": "on"})
    # then the coder sees the failed check on the page (no force box), the manager's finalization is forced
    assert refused.status_code == 422 and "the final codes fail 1 check(s): excludes1" in refused.text
    assert 'name="force"' not in refused.text and 'name="force"' in page.text
    assert forced.status_code == 303
    assert re.search(r"Finalized by manager1 at 2026-03-10 15:30 \(forced\)", manager.get("/coding/3").text)
