"""Charge entry and the coder queue in a real browser (Debian's chromium, Playwright, uvicorn on a temp SQLite
database): a biller enters a checked-in visit's diagnoses and three lines with the keyboard only, in well under
a minute; a coder pages, filters and assigns in the queue. Skips without /usr/bin/chromium."""

from __future__ import annotations

import time
from datetime import date

import pytest
from playwright.sync_api import expect
from test_web_browser import CHROMIUM, page, shoot, site  # noqa: F401  (fixtures)
from web_setup import PASSWORD

from revcycle.practice import Encounter
from revcycle.practice.fees import Fee
from revcycle.services import fee_schedules, patients, users

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: apt-get install chromium"),
]


def checked_in_visit(world) -> int:
    """A visit checked in at the front desk: no diagnoses, no charges yet; the Standard fee schedule prices it."""
    practice = world.practice
    admin = users.acting_user(practice.uow(), "admin")
    for code, cents in (("99214", 15000), ("96372", 3500), ("J1885", 600)):
        fee_schedules.add_fee(
            practice.uow(), admin, "Standard", Fee(code, cents, effective_from=date(2026, 1, 1))
        )
    return patients.record_encounter(practice.uow(), practice.biller, Encounter(
        practice.patient_id, date(2026, 3, 9), "11", practice.clinic_id, practice.doctor_id, (), (),
        coverage_id=practice.coverage_id)).id  # fmt: skip


def keyboard_sign_in(page, base: str, username: str) -> None:  # noqa: F811
    page.goto(f"{base}/login")
    page.get_by_label("User name").focus()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)


def test_a_biller_enters_a_visit_with_the_keyboard_only_in_under_a_minute(site, page):  # noqa: F811
    base, world = site
    visit = checked_in_visit(world)
    keyboard = page.keyboard
    started = time.monotonic()
    keyboard_sign_in(page, base, "biller1")
    page.goto(f"{base}/charges/{visit}")
    # the diagnoses field has the focus: two codes, Enter
    expect(page.locator("#dx-codes")).to_be_focused()
    keyboard.type("E11.9, I10")
    keyboard.press("Enter")
    page.wait_for_selector("ol.diagnoses >> text=I10")
    # the cursor is on the new line's code: 99214-25 pointing at both, priced by the schedule (shown as typed)
    expect(page.locator("#line-code")).to_be_focused()
    keyboard.type("99214")
    page.wait_for_selector("#line-fee")
    assert page.inner_text("#line-fee") == "Fee $150.00 a unit (fee schedule)"
    keyboard.press("Tab")
    keyboard.type("25")
    keyboard.press("Tab")  # units 1
    keyboard.press("Tab")
    keyboard.press("Control+A")
    keyboard.type("1,2")
    keyboard.press("Enter")
    page.wait_for_selector("#line-1")
    # an injection: Enter adds it with the defaults (1 unit, pointer 1)
    keyboard.type("96372")
    keyboard.press("Enter")
    page.wait_for_selector("#line-2")
    # the drug: 2 units pointing at I10, its NDC in the labeler's form, 2 mL
    keyboard.type("J1885")
    for _ in range(2):
        keyboard.press("Tab")
    keyboard.press("Control+A")
    keyboard.type("2")
    keyboard.press("Tab")
    keyboard.press("Control+A")
    keyboard.type("2")
    for _ in range(3):
        keyboard.press("Tab")
    keyboard.type("0409-3795-01")
    keyboard.press("Tab")
    keyboard.type("ML")
    keyboard.press("Tab")
    keyboard.press("Control+A")
    keyboard.type("2")
    keyboard.press("Enter")
    page.wait_for_selector("#line-3")
    elapsed = time.monotonic() - started
    # then the superbill holds the visit as entered, and it took well under a minute
    rows = [page.inner_text(f"#line-{n}").split("\t")[:7] for n in (1, 2, 3)]
    assert [[cell.strip() for cell in row] for row in rows] == [
        ["1", "99214", "25", "1", "1,2", "$150.00", ""],
        ["2", "96372", "", "1", "1", "$35.00", ""],
        ["3", "J1885", "", "2", "2", "$12.00", "00409-3795-01 ML 2"],
    ]
    assert elapsed < 60, elapsed
    shoot(page, "charge-entry")


def test_a_coder_pages_filters_and_assigns_in_the_queue(site, page):  # noqa: F811
    base, world = site
    practice = world.practice
    for day in range(1, 52):  # 51 more visits: two pages of 50
        patients.record_encounter(practice.uow(), practice.biller, Encounter(
            practice.patient_id, date(2026, 1, 1 + day % 28), "11", practice.clinic_id, practice.doctor_id, (), (),
            coverage_id=practice.coverage_id))  # fmt: skip
    keyboard_sign_in(page, base, "coder1")
    page.goto(f"{base}/coding")
    assert "53 encounters waiting, page 1 of 2" in page.inner_text("h1")
    page.get_by_role("link", name="Next →").click()
    assert page.locator("tbody tr").count() == 3
    page.get_by_label("Search").fill("E4")
    page.get_by_role("button", name="Filter").click()
    assert page.locator("tbody tr").count() == 1 and "1 encounter match" in page.inner_text("h1")
    page.get_by_label("choose E4").check()
    page.get_by_role("button", name="Assign the chosen to me").click()
    page.wait_for_load_state()
    assert page.inner_text("#queue-E4").split("\t")[9].strip() == "coder1"
    shoot(page, "coder-queue-filtered")
