"""The web pages in a real browser: Debian's chromium driven by Playwright against uvicorn on a temp database.

Marked `browser`; skips when /usr/bin/chromium is absent (CI's .ci/run installs Debian's chromium
package). Never runs `playwright install`. Saves screenshots of the main pages to docs/screenshots/.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from web_setup import NOW, PASSWORD, web_world

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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def site(tmp_path):
    """uvicorn serving `create_web_app` on 127.0.0.1:<free port>, a seeded temp SQLite database."""
    engine = make_engine(f"sqlite:///{tmp_path / 'web.db'}")
    upgrade(engine)
    world = web_world(engine, tmp_path)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_web_app(engine, FixedClock(NOW), secret_key="browser-test"),
            host="127.0.0.1",
            port=port,
            log_level="warning",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}", world
    server.should_exit = True
    thread.join(timeout=10)


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


def test_a_coder_accepts_a_suggestion_and_a_biller_follows_the_claim_to_the_dashboard(site, page):
    base, world = site
    # given the sign-in page
    page.goto(f"{base}/coding")
    shoot(page, "login")
    # when a coder signs in (sent back to the queue) and opens the hypertension encounter
    sign_in(page, base, "coder1")
    page.wait_for_url(f"{base}/coding")
    rows = page.locator("table.grid tbody tr")
    assert rows.count() == 2
    shoot(page, "coder-queue")
    page.get_by_role("link", name=f"E{world.queued_encounter_ids[0]}").click()
    # then the note shows its evidence highlighted
    assert page.locator("pre.note-text mark").count() >= 1
    # when the coder accepts the first suggested code and levels the visit
    first_code = page.locator('input[name="code"]').first.get_attribute("value")
    page.get_by_role("button", name=f"accept {first_code}", exact=True).click()
    page.locator("select[name=problems]").select_option(["stable_chronic"])
    page.locator("select[name=risks]").select_option(["prescription_drug_management"])
    page.get_by_role("button", name="Level the visit").click()
    # then the decision is shown on its row and the level with its explanation
    assert page.locator(f"#code-{re.escape(first_code)} .badge").inner_text() == "accepted by coder1"
    assert page.locator(".em-result b").inner_text() == "99214"
    shoot(page, "coding")
    # when a biller signs in and opens the claims, the claim, the account and the dashboard
    page.get_by_role("button", name="Sign out").click()
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
    page.get_by_role("link", name="Patient account").click()
    assert page.locator("table.balance td.total").inner_text() == "$260.00"
    shoot(page, "account")
    page.get_by_role("link", name="Dashboard").click()
    # then the dashboard shows the insurance AR in the 0-30 bucket and the clean-claim rate
    assert page.locator(".chart-row").first.locator(".bar-label").first.inner_text() == "$110.00"
    assert page.locator(".kpi", has_text="Clean-claim rate").locator("b").inner_text() == "100.0%"
    shoot(page, "dashboard")
