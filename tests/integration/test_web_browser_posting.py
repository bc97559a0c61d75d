"""Manual posting in a real browser (Debian's chromium, Playwright, uvicorn on a temp database): a biller posts a
paper EOB for two claims (one paid, one denied non-covered), writes off a small balance, moves the non-covered
charge to the patient and takes a card payment; the claim page and the account say so in words.

Marked `browser`; skips when /usr/bin/chromium is absent. Saves screenshots to docs/screenshots/.
"""

from __future__ import annotations

import re

import pytest
from test_web_browser import CHROMIUM, page, shoot, sign_in, site  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: apt-get install chromium"),
]


def _option(page, form: str, starts: str) -> str:  # noqa: F811 - `page` is the fixture's page here
    return page.locator(f"#{form} select[name=balance] option", has_text=starts).first.get_attribute("value")


def test_post_a_paper_eob_write_off_a_small_balance_move_a_non_covered_charge_and_take_a_card(site, page):  # noqa: F811
    base, world = site
    # given a biller on the paper EOB form with claims E1-1 ($110, 99213) and E2-1 ($150, 99214) added
    sign_in(page, base, "biller1")
    page.goto(f"{base}/eobs/new")
    for number in ("E1-1", "E2-1"):
        page.get_by_label("Add claim number").fill(number)
        page.get_by_role("button", name="Add claim").click()
    # when the check and each line are keyed as the paper says, E2-1 denied non-covered (CO-96)
    page.get_by_label("Check / EFT number").fill("CHK-900")
    page.get_by_label("Date").fill("2026-03-09")
    page.get_by_label("Amount $").fill("80.00")
    page.get_by_label("E1-1 line 1 allowed").fill("90.00")
    page.get_by_label("E1-1 line 1 paid").fill("80.00")
    page.get_by_label("E1-1 line 1 adjustments").fill("CO-45 20.00; PR-2 10.00")
    page.get_by_label("E1-1 line 1 patient responsibility").fill("10.00")
    page.get_by_label("E2-1 line 1 allowed").fill("0.00")
    page.get_by_label("E2-1 line 1 paid").fill("0.00")
    page.get_by_label("E2-1 line 1 adjustments").fill("CO-96 150.00")
    page.get_by_label("E2-1 line 1 remarks").fill("N130")
    shoot(page, "eob-entry")
    page.get_by_role("button", name="Post EOB").click()
    # then the remittance shows the $80.00 check and both claims posted
    page.wait_for_url(re.compile(r".*/remittances/\d+$"))
    assert page.locator("#remittance-total").inner_text() == "$80.00"
    assert page.locator("table.grid tbody tr").count() == 2
    # and the claim page says per line what was paid and adjusted, in words
    page.get_by_role("link", name="E1-1").click()
    money = page.locator("#money-1").inner_text()
    assert "$80.00" in money and "contractual: the charge exceeds the fee schedule" in money
    assert "patient responsibility: coinsurance amount" in money
    assert page.locator("#payer-claim-number").inner_text() == "—"
    shoot(page, "claim-money")
    # when the biller opens the account and writes off E1-1's $10.00 as a small balance
    page.goto(f"{base}/patients/{world.practice.patient_id}")
    page.get_by_label("Write off on").select_option(_option(page, "write-off-form", "E1-1 line 1"))
    page.get_by_label("write-off kind").select_option(label="small balance")
    page.get_by_label("write-off amount").fill("10.00")
    page.get_by_label("write-off reason").fill("balance under $10")
    page.get_by_role("button", name="Write off").click()
    # and moves E2-1's non-covered $150.00 to the patient
    page.get_by_label("Move the payer's balance on").select_option(
        _option(page, "transfer-form", "E2-1 line 1")
    )
    page.get_by_label("move to").select_option(label="the patient")
    page.get_by_label("transfer amount").fill("150.00")
    page.get_by_label("transfer reason").fill("non-covered, ABN signed")
    page.get_by_role("button", name="Move balance").click()
    # and takes a $150.00 card payment
    page.locator("#payment-form input[name=amount]").fill("150.00")
    page.get_by_label("payment method").select_option("card")
    page.get_by_label("payment reference").fill("auth 4242")
    page.get_by_role("button", name="Post patient payment").click()
    # then the account is settled, and its ledger says each step in words
    assert page.locator("table.balance td.total").inner_text() == "$0.00"
    ledger = page.locator("#ledger + table").inner_text()
    assert "small balance write-off [SBW]: balance under $10" in ledger
    assert "balance to the patient: non-covered, ABN signed" in ledger
    assert "card auth 4242" in ledger and "patient paid" in ledger
    shoot(page, "account-adjustments")
