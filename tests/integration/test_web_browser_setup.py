"""Set up a practice from scratch in a real browser (Debian's chromium driven by Playwright against uvicorn on
a temp database): a manager names the practice, adds the billing provider, a rendering provider, a facility,
a payer with a plan and a contract rate, and imports the example fee schedule. Marked `browser`; skips
without /usr/bin/chromium. Saves docs/screenshots/setup*.png."""

from __future__ import annotations

from pathlib import Path

import pytest
from served_app import serving
from test_web_browser import CHROMIUM, page, shoot, sign_in  # noqa: F401  (page: a fixture)
from web_setup import NOW, PASSWORD

from revcycle.kernel import FixedClock
from revcycle.services import fee_schedules, practice, users
from revcycle.store import UnitOfWork
from revcycle.store.database import make_engine
from revcycle.store.migrate import upgrade
from revcycle.web.app import create_web_app

EXAMPLE_FEES = Path(__file__).resolve().parents[2] / "examples" / "fees.csv"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="/usr/bin/chromium is absent: apt-get install chromium "
        "(CI's .ci/run does) to run the browser tests",
    ),  # fmt: skip
]


@pytest.fixture
def empty_site(tmp_path):
    """uvicorn serving `create_web_app` on an empty practice: only an admin and the manager `dana`."""
    engine = make_engine(f"sqlite:///{tmp_path / 'setup.db'}")
    upgrade(engine)
    admin = users.add_user(UnitOfWork(engine, FixedClock(NOW)), "admin", "admin", PASSWORD)
    users.add_user(UnitOfWork(engine, FixedClock(NOW)), "dana", "manager", PASSWORD, actor=admin)
    with serving(create_web_app(engine, FixedClock(NOW), secret_key="browser-setup")) as base:
        yield base, engine, admin


def fill(form, values: dict[str, str]) -> None:
    for label, value in values.items():
        form.get_by_label(label, exact=True).fill(value)


def address(fieldset, line1: str, city: str, state: str, zip_code: str) -> None:
    fill(fieldset, {"Street": line1, "City": city, "State": state, "ZIP": zip_code})


def test_a_manager_sets_up_a_practice_from_scratch(empty_site, page):  # noqa: F811  (the page fixture)
    base, engine, admin = empty_site
    # given a manager signed in on an empty practice, who opens Set-up from the navigation
    sign_in(page, base, "dana")
    page.get_by_role("link", name="Set-up").click()
    page.wait_for_url(f"{base}/setup")
    assert page.locator("#billing + table tbody").inner_text() == "No billing provider yet: claims need one."
    # when the practice is named
    profile = page.locator("form[aria-label='the practice']")
    fill(
        profile, {"Name": "Riverbend Family Medicine", "Phone": "(217) 555-0140", "Contact": "Dana Whitfield"}
    )
    profile.get_by_role("button", name="Save practice").click()
    # and the billing provider is added (the NPI's check digit is checked)
    billing = page.locator("form[aria-label='add a billing provider']")
    fill(billing, {"Name": "Riverbend Family Medicine LLC", "NPI (type 2)": "1234567893", "TIN": "12-3456789",
                   "Taxonomy": "207Q00000X"})  # fmt: skip
    address(billing.locator("fieldset").nth(0), "2200 River Rd", "Springfield", "IL", "62704")
    billing.get_by_role("button", name="Add billing provider").click()
    # and a rendering provider, first with a mistyped NPI
    rendering = page.locator("form[aria-label='add a rendering provider']")
    fill(
        rendering,
        {"First name": "Helen", "Last name": "Okafor", "NPI": "1987654320", "Taxonomy": "207Q00000X"},
    )
    rendering.get_by_role("button", name="Add rendering provider").click()
    assert "invalid NPI '1987654320'" in page.locator("p.finding").inner_text()
    rendering = page.locator("form[aria-label='add a rendering provider']")
    fill(
        rendering,
        {"First name": "Helen", "Last name": "Okafor", "NPI": "1987654328", "Taxonomy": "207Q00000X"},
    )
    rendering.get_by_role("button", name="Add rendering provider").click()
    # and a facility with its place of service
    facility = page.locator("form[aria-label='add a facility']")
    fill(facility, {"Name": "Riverbend main office", "Place of service": "11"})
    address(facility, "2200 River Rd", "Springfield", "IL", "62704")
    facility.get_by_role("button", name="Add facility").click()
    # then the set-up page lists them by name
    assert page.locator("#rendering + table tbody tr").first.inner_text().split("\t")[:3] == [
        "Okafor, Helen", "1987654328", "207Q00000X"]  # fmt: skip
    assert "Riverbend main office" in page.locator("#facilities + table").inner_text()
    shoot(page, "setup")
    # when a payer is added, then a plan and an expected allowed on its page
    payer = page.locator("form[aria-label='add a payer']")
    fill(
        payer,
        {"Name": "Acme Health", "Payer id": "87726", "Timely filing (days)": "180", "Phone": "800-555-0110"},
    )
    address(payer, "PO Box 1000", "Hartford", "CT", "06101")
    payer.get_by_role("button", name="Add payer").click()
    page.wait_for_url(f"{base}/setup/payers/87726")
    plan = page.locator("form[aria-label='add a plan']")
    fill(plan, {"Plan name": "Acme Gold", "Type": "PPO"})
    plan.get_by_role("button", name="Add plan").click()
    rate = page.locator("form[aria-label='add a contract rate']")
    fill(rate, {"Code": "99213", "Expected allowed": "92.00", "From": "2026-01-01"})
    rate.get_by_role("button", name="Add rate").click()
    # then the payer's page shows its plan and the rate
    assert page.locator("#plans + table tbody").inner_text().split("\t") == ["Acme Gold", "PPO"]
    assert page.locator("#contract ~ table tbody tr").first.inner_text().split("\t") == [
        "99213", "$92.00", "2026-01-01", "open"]  # fmt: skip
    shoot(page, "setup-payer")
    # when the example fee schedule is imported from the fee schedules page
    page.goto(f"{base}/setup/fees")
    upload = page.locator("form[aria-label='import a fee schedule']")
    upload.get_by_label("File").set_input_files(str(EXAMPLE_FEES))
    upload.get_by_role("button", name="Import").click()
    # then the page says what it loaded, and a search by code shows a fee
    assert page.locator("p.finding").inner_text() == (
        "imported fees.csv: 39 fee versions added, 0 ended, 0 already in force"
    )
    page.get_by_label("Code starts with").fill("9921")
    page.get_by_role("button", name="Search").click()
    assert page.locator("table.grid tbody tr").first.inner_text().split("\t") == [
        "99211",
        "$30.00",
        "2026-01-01",
        "open",
    ]
    shoot(page, "setup-fees")
    # and the practice is in the database as typed, the fee looked up by date of service
    found = practice.practice_setup(UnitOfWork(engine, FixedClock(NOW)), admin)
    assert (found.profile.phone, found.billing_providers[0].tin, found.payers[0].claims_address.zip_code) == (
        "2175550140", "123456789", "06101")  # fmt: skip
    fee = fee_schedules.fee_for(UnitOfWork(engine, FixedClock(NOW)), admin, "99214", (), NOW.date())
    assert fee.amount_cents == 15000
