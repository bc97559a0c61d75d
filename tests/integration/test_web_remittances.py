"""The remittance pages through a test client on a real database: upload an 835, preview (dry run),
post, and resolve the exception it left; a biller posts, an auditor only reads."""

from __future__ import annotations

import re

import pytest
from web_setup import form_token, remittance_835, signed_in, web_world

from revcycle.services import ledger


@pytest.fixture
def world(engine, tmp_path):
    return web_world(engine, tmp_path)


def outcomes(html: str) -> list[tuple[str, str]]:
    """(claim, outcome) per row of the claims-in-the-file table."""
    return re.findall(r'<td class="codes">EFT0001</td><td class="codes">([\w-]+)</td>.*?<td>(?:<span class="[^"]+">)'
                      r"([^<]+)</span></td></tr>", html, re.S)  # fmt: skip


def preview_digest(html: str) -> str:
    return re.search(r'name="digest" value="([0-9a-f]{64})"', html).group(1)


def test_an_835_is_previewed_without_posting_then_posted_and_its_exception_resolved(engine, world):
    # given a biller on the remittance page
    client = signed_in(engine, "biller1")
    token = form_token(client.get("/remittances").text)
    data = remittance_835()
    # when the 835 is uploaded for a preview
    preview = client.post("/remittances/preview", data={"csrf_token": token},
                          files={"file": ("acme-0309.835", data, "application/edi-x12")})  # fmt: skip
    balance_after_preview = ledger.patient_balance(world.practice.uow(), world.practice.biller, 1)
    # then it shows what would post per claim and in total, and nothing is posted yet
    assert preview.status_code == 200
    assert outcomes(preview.text) == [("E1-1", "would post"), ("E2-1", "would post"),
                                      ("X9-1", "exception: unmatched claim — no submitted claim with control number &#39;X9-1&#39;")]  # fmt: skip
    assert "<td>2 of 3 post</td>" in preview.text
    assert re.search(r'<td class="num">\$80\.00</td><td class="num">\$20\.00</td><td class="num">\$10\.00</td>'
                     r'<td class="num">\$0\.00</td><td class="num">\$150\.00</td>', preview.text)  # fmt: skip
    assert balance_after_preview.total_cents == 26000
    with world.practice.uow() as uow:  # the preview is an audited read, as through the API
        trail = [(event.entity_id, event.detail) for event in uow.audit.events("remittance", None)]
    assert trail == [(f"preview:{preview_digest(preview.text)[:20]}", "dry run: 3 claims, 1 exceptions")]
    # when it is posted
    digest = preview_digest(preview.text)
    posted = client.post(
        "/remittances/post", data={"csrf_token": token, "digest": digest, "source": "acme-0309.835"}
    )
    again = client.post(
        "/remittances/post", data={"csrf_token": token, "digest": digest, "source": "acme-0309.835"}
    )
    balance = ledger.patient_balance(world.practice.uow(), world.practice.biller, 1)
    # then the claims post (insurance paid $80, adjusted $20, $10 to the patient, the denial stays owed) once
    assert (
        posted.status_code == 200
        and "<h1>835 posted <small>remittance 1 · 3 ledger entries</small></h1>" in posted.text
    )
    assert again.status_code == 422 and "that upload is no longer waiting" in again.text
    assert (balance.insurance_cents, balance.patient_cents) == (15000, 1000)
    # when the exception is resolved without and with a note
    queue = client.get("/remittances")
    blank = client.post("/remittances/exceptions/1/resolve", data={"csrf_token": token, "note": " "})
    done = client.post(
        "/remittances/exceptions/1/resolve", data={"csrf_token": token, "note": "not our claim"}
    )
    # then the blank note is refused on the page and the queue is empty after the real one
    assert '<td class="codes">X9-1</td><td>unmatched claim</td>' in queue.text
    assert re.search(r'<td class="codes">87726</td><td class="codes">EFT0001</td>\s*<td>2026-03-09</td>'
                     r'<td class="num">\$130\.00</td><td class="num">3</td>', queue.text)  # fmt: skip
    assert blank.status_code == 422 and "say how the exception was resolved" in blank.text
    assert (done.status_code, done.headers["location"]) == (303, "/remittances#exceptions")
    assert "No open exceptions." in client.get("/remittances").text


def test_a_file_that_is_no_835_is_refused_and_an_auditor_sees_no_upload_form(engine, world):
    # given a biller and an auditor
    biller, auditor = signed_in(engine, "biller1"), signed_in(engine, "auditor1")
    token = form_token(biller.get("/remittances").text)
    # when the biller uploads a text that is not X12, and the auditor opens the page
    refused = biller.post("/remittances/preview", data={"csrf_token": token},
                          files={"file": ("notes.txt", b"hello", "text/plain")})  # fmt: skip
    page = auditor.get("/remittances")
    # then the upload is refused on the page, and the auditor reads the queue without the forms
    assert refused.status_code == 422 and "no readable 835" in refused.text
    assert page.status_code == 200 and 'action="/remittances/preview"' not in page.text


def test_an_835_with_an_x12_error_is_refused_at_preview_naming_the_segment(engine, world):
    # given an 835 whose claim charge (CLP03) is no number
    biller = signed_in(engine, "biller1")
    token = form_token(biller.get("/remittances").text)
    text = remittance_835(unknown_claim=False).decode("ascii")
    clp = next(segment for segment in text.split("~") if segment.strip().startswith("CLP*"))
    fields = clp.split("*")
    broken = text.replace(clp, "*".join([*fields[:3], "19X0", *fields[4:]]))
    # when the biller uploads it
    refused = biller.post("/remittances/preview", data={"csrf_token": token},
                          files={"file": ("bad.835", broken.encode("ascii"), "text/plain")})  # fmt: skip
    # then it is refused on the page, naming the segment, and nothing waits to be posted
    assert refused.status_code == 422
    assert re.search(r"not a valid 835 \(segment \d+ \(CLP\): CLP03 &#39;19X0&#39; is not a number", refused.text), refused.text[-800:]
    assert 'name="digest"' not in refused.text
