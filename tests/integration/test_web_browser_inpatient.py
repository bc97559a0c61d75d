"""The inpatient coder desk in a real browser (Debian's chromium, Playwright, uvicorn on a temp SQLite database):
a coder builds 0SR90J9 in the ICD-10-PCS builder by clicks and by typing, and groups a heart failure stay on the
DRG worksheet with its what-if. Skips without /usr/bin/chromium; saves docs/screenshots/pcs-builder.png and
drg-worksheet.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from test_web_browser import CHROMIUM, page, shoot, sign_in, site  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: apt-get install chromium"),
]
HIP_TITLE = "0SR90J9 Replacement of Right Hip Joint with Synthetic Substitute, Cemented, Open Approach"


def test_a_coder_builds_0sr90j9_by_clicks_and_by_typing(site, page):  # noqa: F811
    base, _world = site
    sign_in(page, base, "coder1")
    # given the builder from the navigation, on the app's date of service (2026-03-10: FY2026)
    page.get_by_role("link", name="PCS builder").click()
    expect(page.locator("h1 small")).to_have_text("FY2026 (October 1 2025 release) · DOS 2026-03-10")
    # when the coder clicks one value per character
    for prefix, value in zip(("", "0", "0S", "0SR", "0SR9", "0SR90", "0SR90J"), "0SR90J9", strict=True):
        expect(page.locator("#pcs-step")).to_have_attribute("data-prefix", prefix)
        page.locator(f'a.pcs-option[data-value="{value}"]').click()
    # then the finished code shows its title, its validity and no MCE flag; the code box holds it
    expect(page.locator("#pcs-code-title")).to_have_text(HIP_TITLE)
    expect(page.locator("#pcs-validity")).to_have_text(
        "Valid on 2026-03-10 in FY2026 (October 1 2025 release)."
    )
    expect(page.locator("p.pcs-flags")).to_have_text("No MCE procedure flags.")
    expect(page.locator("#pcs-code")).to_have_value("0SR90J9")
    assert page.locator("table.pcs-axes tbody tr td:nth-child(4)").all_inner_texts() == [
        "Medical and Surgical", "Lower Joints", "Replacement", "Hip Joint, Right", "Open", "Synthetic Substitute",
        "Cemented"]  # fmt: skip
    # when the coder clears the code box and types 0SR9
    page.locator("#pcs-code").fill("")
    expect(page.locator("#pcs-step")).to_have_attribute("data-prefix", "")
    page.locator("#pcs-code").focus()
    page.keyboard.type("0SR9")
    # then the approach choices show, Replacement defined
    expect(page.locator("#builder h2")).to_have_text("Character 5: Approach 1 value")
    expect(page.locator(".pcs-definition")).to_contain_text("Replacement: Putting in or on biological")
    expect(page.locator("a.pcs-option")).to_have_text(["0 Open"])
    # when the coder types the rest, keeping the focus in the code box
    page.keyboard.type("0j9")
    expect(page.locator("#pcs-code-title")).to_have_text(HIP_TITLE)
    expect(page.locator("#pcs-code")).to_be_focused()
    # when the coder searches the index and follows the hit, then the builder opens at 0SR9's body part
    page.locator("#pcs-q").fill("replacement hip right")
    page.locator("a.pcs-hit").first.click()
    expect(page.locator("#pcs-step")).to_have_attribute("data-prefix", "0SR9")
    expect(page.locator("#pcs-code")).to_have_value("0SR9")
    # and Enter on the focused first choice picks it (the keyboard alone)
    expect(page.locator('a.pcs-option[data-value="0"]')).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#pcs-step")).to_have_attribute("data-prefix", "0SR90")
    page.goto(f"{base}/coding/pcs?code=0SR90J&q=replacement+hip+right")
    shoot(page, "pcs-builder")


def test_a_coder_groups_a_heart_failure_stay_and_reads_the_what_if(site, page):  # noqa: F811
    base, _world = site
    sign_in(page, base, "coder1")
    page.get_by_role("link", name="DRG worksheet").click()
    # when the coder enters a 70-year-old woman's stay: I50.23 with J96.01 and I50.33 present on admission
    page.get_by_label("Age").fill("70")
    page.get_by_label("Principal", exact=True).fill("I50.23")
    page.get_by_label("secondary 1 code").fill("J96.01")
    page.get_by_label("secondary 2 code").fill("I50.33")
    page.get_by_label("procedure 1 code").fill("5A1955Z")
    page.get_by_role("button", name="Group the stay").click()
    # then DRG 291 with its weight; J96.01 drove it, I50.33 is excluded as a CC of the principal
    expect(page.locator("#drg-number")).to_have_text("291")
    expect(page.locator("#drg-title")).to_have_text("Heart Failure and Shock with MCC")
    expect(page.locator("#drg-weight")).to_have_text("1.2838")
    expect(page.locator("#sdx-1 td.level")).to_have_text("MCC")
    expect(page.locator("#sdx-2 td.level")).to_have_text("MCC excluded as a CC of the principal")
    # and the what-if: without J96.01 the stay groups to 293, 0.7178 lower; without I50.33 nothing changes
    expect(page.locator("#sdx-1 td.what-if")).to_have_text(
        "DRG 293, weight -0.7178Heart Failure and Shock without CC/MCC"
    )
    expect(page.locator("#sdx-2 td.what-if")).to_have_text("DRG 291, no change")
    # and the worksheet keeps what was typed
    expect(page.get_by_label("secondary 2 code")).to_have_value("I50.33")
    shoot(page, "drg-worksheet")
