"""The web pages in a real browser: Debian's chromium driven by Playwright against uvicorn on a temp database.

Marked `browser`; skips when /usr/bin/chromium is absent (CI's .ci/run installs Debian's chromium
package). Never runs `playwright install`. Saves screenshots of the main pages to docs/screenshots/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from api_remit_setup import simulator_partner
from served_app import serving
from web_setup import NOW, PASSWORD, remittance_835, web_world

from revcycle.kernel import FixedClock
from revcycle.store.database import make_engine
from revcycle.store.migrate import upgrade
from revcycle.web.app import create_web_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="/usr/bin/chromium is absent: apt-get install chromium "
        "(CI's .ci/run does) to run the browser tests",
    ),
]


@pytest.fixture
def site(tmp_path):
    """uvicorn serving `create_web_app` on 127.0.0.1:<free port>, a seeded temp SQLite database."""
    engine = make_engine(f"sqlite:///{tmp_path / 'web.db'}")
    upgrade(engine)
    world = web_world(engine, tmp_path)
    app = create_web_app(engine, FixedClock(NOW), secret_key="browser-test",
                         partner=simulator_partner(tmp_path / "clearinghouse"))  # fmt: skip
    with serving(app) as base:
        yield base, world


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 860})
        context.set_default_timeout(10_000)
        yield context.new_page()
        browser.close()


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_coder_codes_and_fixes_a_claim_until_it_scrubs_clean_and_a_biller_submits_it(site, page):
    base, world = site
    # given the sign-in page
    page.goto(f"{base}/coding")
    shoot(page, "login")
    # when a coder signs in (sent back to the queue) and opens the hypertension encounter
    sign_in(page, base, "coder1")
    page.wait_for_url(f"{base}/coding")
    assert page.locator("table.grid tbody tr").count() == 2
    shoot(page, "coder-queue")
    page.get_by_role("link", name=f"E{world.queued_encounter_ids[0]}").click()
    # then the note shows its evidence highlighted
    assert page.locator("pre.note-text mark").count() >= 1
    # when the coder accepts I10, rejects E78.5, levels the visit and finalizes
    page.get_by_role("button", name="accept I10", exact=True).click()
    page.get_by_role("button", name="reject E78.5", exact=True).click()
    page.locator("select[name=problems]").select_option(["stable_chronic"])
    page.locator("select[name=risks]").select_option(["prescription_drug_management"])
    page.get_by_role("button", name="Level the visit").click()
    assert page.locator("#code-I10 .badge").inner_text() == "accepted by coder1"
    assert page.locator(".em-result b").inner_text() == "99214"
    page.get_by_role("button", name="Finalize coding").click()
    # then the final codes are on the page, shown with the decisions
    assert "I10" in page.locator("#finalized + p").inner_text()
    shoot(page, "coding")
    # when the claim is built and given an unknown code, then scrubbed
    page.get_by_role("button", name="Build claim").click()
    page.wait_for_url(re.compile(r".*/claims/\d+$"))
    assert page.locator("h1 span.status").inner_text() == "draft"
    page.get_by_label("line 1 code").fill("99999")
    page.get_by_role("button", name="save line 1").click()
    page.get_by_role("button", name="Scrub", exact=True).click()
    # then the finding shows on its line
    assert "procedure_unknown_code" in page.locator("tr.line-findings").inner_text()
    assert page.locator("h1 span.status").inner_text() == "scrubbed"
    shoot(page, "claim-fix")
    # when the line is fixed and the claim scrubbed again
    page.get_by_label("line 1 code").fill("99214")
    page.get_by_role("button", name="save line 1").click()
    page.get_by_role("button", name="Scrub again").click()
    # then it is clean and ready
    assert page.locator("h1 span.status").inner_text() == "ready"
    assert page.locator("p.ok").first.inner_text().startswith("Clean (batch")
    claim_url = page.url
    # when a biller submits its batch to the clearinghouse (the payer simulator) and collects the answers
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, base, "biller1")
    page.goto(claim_url)
    page.get_by_role("button", name=re.compile(r"Submit batch \d+ to the clearinghouse")).click()
    assert page.locator("h1 span.status").inner_text() == "submitted"
    page.get_by_role("link", name="Remittance").click()
    page.get_by_role("button", name="Collect from the clearinghouse").click()
    # then the 999, the 277CA and the 835 came back and the claim is paid
    assert page.locator(".collected p.ok").inner_text() == "Collected 3 files."
    shoot(page, "remittance-collected")
    page.goto(claim_url)
    assert page.locator("h1 span.status").inner_text() == "paid"


def test_a_biller_posts_an_835_appeals_the_denial_takes_a_payment_and_opens_the_dashboard(
    site, page, tmp_path
):
    base, world = site
    era = tmp_path / "acme-0309.835"
    era.write_bytes(remittance_835())
    # given a biller on the claims
    sign_in(page, base, "biller1")
    page.goto(f"{base}/claims")
    assert page.locator("span.status").first.inner_text() == "submitted"
    shoot(page, "claims")
    page.get_by_role("link", name="E1-1").click()
    assert (
        page.locator("a", has_text="CMS-1500 (PDF)").get_attribute("href")
        == f"/api/claims/{world.claim_id}/cms1500.pdf"
    )
    shoot(page, "claim")
    page.get_by_role("link", name="837P preview").click()
    assert "CLM*E1-1*110***11:B:1*Y*A*Y*Y~" in page.locator("pre.x12").inner_text()
    # when the 835 is uploaded for a preview, then posted
    page.get_by_role("link", name="Remittance").click()
    page.get_by_label("835 file").set_input_files(str(era))
    page.get_by_role("button", name="Preview").click()
    assert page.locator("h1").inner_text().startswith("835 preview")
    shoot(page, "remittance-preview")
    page.get_by_role("button", name="Post 2 claims").click()
    # then it is posted, with the unknown claim left as an exception
    assert page.locator("h1").inner_text().startswith("835 posted")
    shoot(page, "remittance-posted")
    # when the denial is appealed from the work queue
    page.get_by_role("link", name="Denials").first.click()
    assert "Authorization" in page.locator("section.denial-group h2").inner_text()
    shoot(page, "denials")
    page.get_by_label("appeal note for E2-1").fill("auth A7731 obtained")
    page.get_by_role("button", name="appeal E2-1").click()
    # then the appeal is listed with its letter
    assert (
        page.locator("#appeal-1 a", has_text="Appeal letter (PDF)").get_attribute("href")
        == "/denials/appeals/1/letter.pdf"
    )
    # when the patient pays their $10.00 on the account
    page.goto(f"{base}/patients/{world.practice.patient_id}")
    page.get_by_label("Amount $").fill("10.00")
    page.get_by_role("button", name="Post patient payment").click()
    # then the patient owes nothing and insurance still owes the denied $150.00
    assert page.locator("table.balance td.num").nth(1).inner_text() == "$0.00"
    assert page.locator("table.balance td.total").inner_text() == "$150.00"
    shoot(page, "account")
    page.get_by_role("link", name="Dashboard").click()
    # then the dashboard charts the denial by category and the insurance AR in the 31-60 bucket
    assert page.locator(".kpi", has_text="Denial rate").locator("b").inner_text() == "50.0%"
    assert page.locator(".chart-row").nth(1).locator(".bar-label").first.inner_text() == "$150.00"
    shoot(page, "dashboard")
