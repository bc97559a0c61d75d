"""The denials pages through a test client on a real database, after Acme's 835 denied E2-1 (CO-197):
the work queue by category with its next action, an appeal drafted with its letter (PDF read back),
a corrected claim and a void created from the claim page."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from web_setup import form_token, paid_world, signed_in


@pytest.fixture
def world(engine, tmp_path):
    return paid_world(engine, tmp_path)


def test_the_queue_groups_denials_with_the_next_action_and_an_appeal_letter_is_printed(engine, world):
    # given a biller on the denials page
    client = signed_in(engine, "biller1")
    page = client.get("/denials")
    token = form_token(page.text)
    # then E2-1's CO-197 line is under authorization with that category's next action
    assert "<h2>Authorization <small>1 line · $150.00</small></h2>" in page.text
    assert (
        "<b>Next action:</b> obtain or attach the authorization number (REF*G1) and send a corrected claim"
        in page.text
    )
    assert re.search(r'<a href="/claims/2">E2-1</a></td>\s*<td class="codes">99214</td><td class="codes">CO-197</td>',
                     page.text)  # fmt: skip
    # when an appeal is drafted with a note, its letter opened, and it is marked sent
    drafted = client.post(
        "/denials/appeals", data={"claim": "E2-1", "note": "auth A7731 obtained", "csrf_token": token}
    )
    again = client.post("/denials/appeals", data={"claim": "E2-1", "csrf_token": token})
    letter = client.get("/denials/appeals/1/letter.pdf")
    sent = client.post("/denials/appeals/1/sent", data={"csrf_token": token})
    after = client.get("/denials")
    # then the denial left the queue for the appeal, the letter argues it, and the appeal is sent
    assert (drafted.status_code, drafted.headers["location"]) == (303, "/denials#appeal-1")
    assert again.status_code == 422 and "claim E2-1 already has appeal 1 (drafted)" in again.text
    assert letter.headers["content-type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(letter.content)) as pdf:
        text = pdf.pages[0].extract_text()
    assert "Claim number E2-1" in text and "Subject: Appeal of an authorization denial" in text
    assert "auth A7731 obtained" in text
    assert sent.status_code == 303 and "No open denials." in after.text
    assert re.search(
        r'<tr id="appeal-1"><td>1</td>.*?<span class="status">sent</span>.*?2026-09-05', after.text, re.S
    )


def test_a_denied_claim_gets_a_corrected_claim_that_opens_as_a_fixable_draft(engine, world):
    # given a biller on the denied claim E2-1
    client = signed_in(engine, "biller1")
    page = client.get("/claims/2")
    token = form_token(page.text)
    assert '<h2 id="correct">Corrected claim' in page.text
    # when an unchanged form and then a changed modifier are sent
    unchanged = client.post("/claims/2/correct", data={"csrf_token": token, "diagnoses": "J45.909", "code_1": "99214",
                                                       "mods_1": "", "units_1": "1", "ptr_1": "A"})  # fmt: skip
    corrected = client.post("/claims/2/correct", data={"csrf_token": token, "diagnoses": "J45.909",
                                                       "code_1": "99214", "mods_1": "25", "units_1": "1", "ptr_1": "A"})  # fmt: skip
    new_page = client.get(corrected.headers["location"])
    old_page = client.get("/claims/2")
    # then the unchanged one is refused on the page; the corrected draft (frequency 7) opens with the fix forms
    assert (
        unchanged.status_code == 422 and "a corrected claim must differ from the original" in unchanged.text
    )
    assert corrected.status_code == 303
    assert re.search(r'<h1>Claim <span class="codes">E2-1V2</span> <small><span class="status draft">draft</span> · '
                     r"version 2 · frequency 7</small></h1>", new_page.text)  # fmt: skip
    assert '<td class="codes">25</td>' in new_page.text and "Save diagnoses" in new_page.text
    assert '<span class="status corrected">corrected</span>' in old_page.text


def test_a_paid_claim_is_voided_with_a_reason_and_a_coder_may_not_void(engine, world):
    # given a biller and a coder on the paid claim E1-1
    biller, coder = signed_in(engine, "biller1"), signed_in(engine, "coder1")
    token = form_token(biller.get("/claims/1").text)
    coder_page = coder.get("/claims/1")
    # when the biller voids it without and with a reason, and the coder tries
    blank = biller.post("/claims/1/void", data={"csrf_token": token, "reason": " "})
    voided = biller.post("/claims/1/void", data={"csrf_token": token, "reason": "billed to the wrong payer"})
    refused = coder.post("/claims/1/void", data={"csrf_token": form_token(coder_page.text), "reason": "x"})
    # then the blank reason is refused, the void (frequency 8) opens as a draft, the coder gets 403 and no void form
    assert blank.status_code == 422 and "a void needs a reason" in blank.text
    assert re.search(r"E1-1V2</span> <small><span class=\"status draft\">draft</span> · version 2 · frequency 8",
                     biller.get(voided.headers["location"]).text)  # fmt: skip
    assert refused.status_code == 403 and 'action="/claims/1/void"' not in coder_page.text


def test_the_dashboard_charts_the_denial_rate_by_category_and_the_aging_by_payer_and_patient(engine, world):
    # given a manager after the 835 (E1-1 paid with $10.00 to the patient, E2-1 denied for authorization)
    client = signed_in(engine, "manager1")
    # when the dashboard opens
    page = client.get("/dashboard")
    # then the denial-rate chart has the authorization bar, the payer bar is stacked by bucket, and the
    # patient's $10.00 is aged under patient responsibility
    assert re.search(r'<text x="0" y="14" class="label">authorization</text>\s*<rect x="150" y="3" width="360.0" '
                     r'height="15" class="denial"><title>50.0%</title></rect>', page.text)  # fmt: skip
    assert (
        '<rect x="150.0" y="3" width="360.0" height="15" class="b1"><title>31-60: $150.00</title></rect>'
        in page.text
    )
    assert re.search(r'<a href="/patients/1">patient 1</a></td>\s*<td class="num">\$10\.00</td>', page.text)
    assert "Denial rate</span><b>50.0%</b><small>authorization 50.0%</small>" in page.text


def test_the_queue_filters_by_category_and_claim_and_pages_keep_the_totals(engine, world):
    # given a biller and the queue of one authorization denial (E2-1, $150.00)
    client = signed_in(engine, "biller1")
    # when the queue is filtered by its claim, by another category, by a category that does not exist
    by_claim = client.get("/denials?claim=E2-1")
    other = client.get("/denials?category=duplicate")
    bogus = client.get("/denials?category=bogus")
    later = client.get("/denials?page=2")
    # then the claim's line is listed; the other category has none; the bogus one is refused on the page (422)
    # with the whole queue shown; a page past the lines keeps the category's totals and links to its lines
    assert "<h2>Authorization <small>1 line · $150.00</small></h2>" in by_claim.text and ">E2-1</a>" in by_claim.text
    assert "No open denials matching the filter." in other.text and "$0.00 denied and open" in other.text
    assert bogus.status_code == 422 and "category must be one of " in bogus.text and "got &#39;bogus&#39;" in bogus.text
    assert ">E2-1</a>" in bogus.text
    assert "<h2>Authorization <small>1 line · $150.00</small></h2>" in later.text and ">E2-1</a>" not in later.text
    assert 'href="/denials?category=authorization">show only these</a>' in later.text
