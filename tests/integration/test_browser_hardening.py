"""Browser hardening on every answer: security headers, no-store on PHI (pages, API answers, PDFs), and
state changes refused when a cookie-signed request comes from another site."""

from __future__ import annotations

import pytest
from services_setup import PASSWORD
from web_setup import form_token, remittance_835, signed_in, web_world

HARDENED = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
}
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


@pytest.fixture
def world(engine, tmp_path):
    return web_world(engine, tmp_path)


@pytest.fixture
def biller(engine, world):
    return signed_in(engine, "biller1")


def _hardening(response) -> dict[str, str]:
    return {name: response.headers.get(name, "") for name in (*HARDENED, "content-security-policy")}


def test_a_page_an_api_answer_and_a_pdf_carry_the_security_headers_and_no_store(biller, world):
    # when a PHI page, an API answer and a claim's PDF are fetched
    page = biller.get(f"/claims/{world.claim_id}")
    answer = biller.get(f"/api/claims/{world.claim_id}")
    pdf = biller.get(f"/api/claims/{world.claim_id}/cms1500.pdf")
    # then each is what was asked, and carries every header
    assert (page.status_code, answer.status_code, pdf.headers["content-type"]) == (200, 200, "application/pdf")
    for response in (page, answer, pdf):
        assert _hardening(response) == {**HARDENED, "content-security-policy": PAGE_POLICY}


def test_errors_and_the_sign_in_page_carry_them_too_and_static_files_may_be_cached(engine, biller):
    # when a missing page, the sign-in page and the stylesheet are fetched
    missing = biller.get("/api/claims/999999")
    login = signed_in(engine, "coder1").get("/login")
    css = biller.get("/static/web.css")
    # then errors and pages carry the headers; the stylesheet too, without no-store
    assert missing.status_code == 404 and _hardening(missing)["cache-control"] == "no-store"
    assert login.headers["x-frame-options"] == "DENY" and login.headers["cache-control"] == "no-store"
    assert css.status_code == 200 and css.headers["x-content-type-options"] == "nosniff"
    assert "no-store" not in css.headers.get("cache-control", "")


def test_a_text_plain_post_from_another_site_with_the_session_cookie_is_refused(biller, world):
    # given a biller signed in (the cookie rides along) and a page on another site posting an 835 as text/plain
    before = biller.get("/api/remittances").json()["total"]
    # when the cross-site request comes, and one with no Origin at all
    foreign = biller.post("/api/remittances", content=remittance_835(),
                          headers={"Content-Type": "text/plain", "Origin": "https://evil.example"})  # fmt: skip
    no_origin = biller.post("/api/remittances", content=remittance_835(), headers={"Content-Type": "text/plain"})
    # then both are refused, and nothing was posted
    assert (foreign.status_code, foreign.json()["error"]) == (403, {
        "code": "forbidden", "message": "a request from another site may not change anything here (Origin refused)"})  # fmt: skip
    assert (no_origin.status_code, no_origin.json()["error"]["message"]) == (
        403, "a signed-in browser call to the API must be JSON (or a file upload) from this site")  # fmt: skip
    assert foreign.headers["x-frame-options"] == "DENY"
    assert biller.get("/api/remittances").json()["total"] == before


def test_the_same_post_from_this_site_or_with_a_bearer_token_goes_through(engine, biller, world):
    # when the 835 is posted from the app's own origin, and by a bearer-token client claiming another Origin
    own = biller.post("/api/remittances", content=remittance_835(),
                      headers={"Content-Type": "text/plain", "Origin": "http://testserver"})  # fmt: skip
    biller.cookies.clear()
    token = biller.post("/api/auth/token", json={"username": "biller1", "password": PASSWORD}).json()["access_token"]
    bearer = biller.post("/api/remittances", content=remittance_835(),
                         headers={"Authorization": f"Bearer {token}", "Origin": "https://evil.example"})  # fmt: skip
    # then neither is refused as cross-site (the first posts, the second is the same file again)
    assert own.status_code == 201 and own.json()["status"] == "posted"
    assert bearer.status_code == 200 and bearer.json()["status"] == "already_posted"


def test_a_web_form_from_another_site_is_refused_even_with_a_good_form_token(biller, world):
    # given the underpayments page's own form token
    token = form_token(biller.get("/underpayments").text)
    # when another site submits its "check posted lines" form with it / the page itself does
    refused = biller.post("/underpayments/find", data={"csrf_token": token}, headers={"Origin": "https://evil.example"})
    accepted = biller.post("/underpayments/find", data={"csrf_token": token}, headers={"Origin": "http://testserver"})
    # then the foreign one is refused, the app's own passes
    assert (refused.status_code, accepted.status_code) == (403, 200)
