"""A working day of the practice in a real browser (Debian's chromium driven by Playwright against uvicorn on a
fresh SQLite database), done by the people who do it, on the pages only: clicks, typing and the keyboard.

1. The admin adds the staff; the manager sets up the practice from scratch (billing provider, Dr Okafor, the
   office, Acme Health with its plan and contract, Second Health, the fee schedule).
2. The front desk registers Richard Roe with Acme (primary) and Second Health (secondary, through his
   spouse), checks Acme's eligibility (the benefits in plain words) and checks him in with his copay.
3. The front desk enters the visit's charges with their diagnosis pointers; the coder codes the visit and
   builds the claim; the biller scrubs it and submits it to the clearinghouse (the payer simulator).
4. Acme's 835 comes back and posts: vitamin D is not covered, the rest of his share goes to Second Health,
   whose claim (dropped to paper) the biller submits; its paper EOB is keyed and posted.
5. The biller writes off the small balance left, moves the non-covered charge to Richard, whose statement
   shows it, applies his copay credit and takes his card payment; the day's deposits balance.

Marked `browser`; skips without /usr/bin/chromium. Saves the README's tour screenshots to docs/screenshots/.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from working_day_browser_setup import (  # noqa: F401  (page, working_day_site: fixtures)
    CHROMIUM,
    PASSWORD,
    add_coverage,
    address,
    fill,
    fill_labels,
    page,
    shoot,
    sign_in,
    working_day_site,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: apt-get install chromium"),
]
EXAMPLE_FEES = Path(__file__).resolve().parents[2] / "examples" / "fees.csv"


def pdf_text(data: bytes) -> str:
    return "\n".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(data)).pages)


STAFF = {"dana": "manager", "fran": "biller", "cody": "coder", "bea": "biller"}


def switch_user(page, base: str, username: str) -> None:  # noqa: F811
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r".*/login"))
    sign_in(page, base, username)
    page.wait_for_load_state()


def add_staff(page, base: str) -> None:  # noqa: F811
    """The admin adds each user with a role and a first password."""
    sign_in(page, base, "admin")
    page.goto(f"{base}/setup/users")
    for username, role in STAFF.items():
        form = page.locator("form[aria-label='add a user']")
        form.get_by_label("User name").fill(username)
        form.get_by_label("Role").select_option(role)
        form.get_by_label("First password").fill(PASSWORD)
        form.get_by_role("button", name="Add user").click()
        page.wait_for_selector(f"#user-{username}")
    assert page.locator("#user-bea").inner_text().split("\t")[:3] == ["bea", "biller", "active"]


def set_up_practice(page, base: str) -> None:  # noqa: F811
    """The manager: the practice, its billing provider, Dr Okafor, the office, two payers, the fees."""
    page.get_by_role("link", name="Set-up").click()
    fill_labels(page.locator("form[aria-label='the practice']"),
                {"Name": "Riverbend Family Medicine", "Phone": "(217) 555-0140", "Contact": "Dana Whitfield"})  # fmt: skip
    page.get_by_role("button", name="Save practice").click()
    billing = page.locator("form[aria-label='add a billing provider']")
    fill_labels(billing, {"Name": "Riverbend Family Medicine LLC", "NPI (type 2)": "1234567893", "TIN": "12-3456789",
                          "Taxonomy": "207Q00000X"})  # fmt: skip
    address(billing.locator("fieldset").nth(0), "2200 River Rd", "Springfield", "IL", "62704-1820")
    billing.get_by_role("button", name="Add billing provider").click()
    rendering = page.locator("form[aria-label='add a rendering provider']")
    fill_labels(
        rendering,
        {"First name": "Helen", "Last name": "Okafor", "NPI": "1987654328", "Taxonomy": "207Q00000X"},
    )
    rendering.get_by_role("button", name="Add rendering provider").click()
    facility = page.locator("form[aria-label='add a facility']")
    fill_labels(facility, {"Name": "Riverbend main office", "Place of service": "11"})
    address(facility, "2200 River Rd", "Springfield", "IL", "62704-1820")
    facility.get_by_role("button", name="Add facility").click()
    for name, code, days, phone, box in (("Second Health", "00431", "365", "800-555-0199", "PO Box 431"),
                                         ("Acme Health", "87726", "180", "800-555-0110", "PO Box 1000")):  # fmt: skip
        page.goto(f"{base}/setup")
        payer = page.locator("form[aria-label='add a payer']")
        fill_labels(payer, {"Name": name, "Payer id": code, "Timely filing (days)": days, "Phone": phone})
        address(payer, box, "Hartford", "CT", "06101")
        payer.get_by_role("button", name="Add payer").click()
        page.wait_for_url(f"{base}/setup/payers/{code}")
    # Acme's page: its PPO plan, the contract's terms (vitamin D screening not covered) and expected allowed
    plan = page.locator("form[aria-label='add a plan']")
    fill_labels(plan, {"Plan name": "Acme PPO", "Type": "PPO"})
    plan.get_by_role("button", name="Add plan").click()
    terms = page.locator("form[aria-label='contract terms']")
    terms.get_by_label("Not covered").fill("82306")
    terms.get_by_role("button", name="Save terms").click()
    for code, allowed in (("99214", "130.00"), ("83036", "13.00"), ("36415", "3.00")):
        rate = page.locator("form[aria-label='add a contract rate']")
        fill_labels(rate, {"Code": code, "Expected allowed": allowed, "From": "2026-01-01"})
        rate.get_by_role("button", name="Add rate").click()
    assert page.locator("#plans + table tbody").inner_text().split("\t") == ["Acme PPO", "PPO"]
    shoot(page, "day-setup-payer")
    page.goto(f"{base}/setup/fees")
    upload = page.locator("form[aria-label='import a fee schedule']")
    upload.get_by_label("File").set_input_files(str(EXAMPLE_FEES))
    upload.get_by_role("button", name="Import").click()
    assert page.locator("p.finding").inner_text() == (
        "imported fees.csv: 39 fee versions added, 0 ended, 0 already in force"
    )
    page.goto(f"{base}/setup")
    assert page.locator("#rendering + table tbody tr").first.inner_text().split("\t")[:3] == [
        "Okafor, Helen", "1987654328", "207Q00000X"]  # fmt: skip
    shoot(page, "day-setup")


def cells(locator) -> list[str]:
    return [cell.strip() for cell in locator.inner_text().split("\t")]


def register_roe(page) -> None:  # noqa: F811
    """The front desk: Richard Roe, Acme (W200) primary, Second Health secondary through his spouse Rita."""
    page.get_by_role("link", name="Front desk").click()
    page.get_by_role("link", name="Register a patient").click()
    fill(page, {"first_name": "Richard", "last_name": "Roe", "birth_date": "05/17/1970", "sex": "male",
                "line1": "100 Elm St", "city": "Springfield", "state": "IL", "zip_code": "62701",
                "phone": "555-201-0147", "email": "rroe@example.org"})  # fmt: skip
    page.get_by_role("button", name="Register").click()
    page.wait_for_url(re.compile(r".*/front-desk/patients/\d+$"))
    assert page.locator("h1").inner_text().startswith("Roe, Richard account 00000018 · born 1970-05-17 · M")
    add_coverage(
        page, {"payer_id": "Acme Health (87726)", "member_id": "W200", "effective_from": "2026-01-01"}
    )
    add_coverage(page, {"payer_id": "Second Health (00431)", "member_id": "S-77", "order": "secondary",
                        "effective_from": "2026-01-01", "relationship": "spouse", "subscriber_first": "Rita",
                        "subscriber_last": "Roe"})  # fmt: skip


def enter_charges(page) -> None:  # noqa: F811
    """The superbill from the keyboard: the diagnoses, then each line's code and pointers, Enter."""
    expect(page.locator("#dx-codes")).to_be_focused()
    page.keyboard.type("E11.9, I10")
    page.keyboard.press("Enter")
    page.wait_for_selector("ol.diagnoses >> text=I10")
    for number, (code, pointers) in enumerate(
        (("99214", "1,2"), ("83036", "1"), ("82306", "1"), ("36415", "1")), 1
    ):
        expect(page.locator("#line-code")).to_be_focused()
        page.keyboard.type(code)
        page.locator("#new-line input[name=pointers]").fill(pointers)
        page.keyboard.press("Enter")
        page.wait_for_selector(f"#line-{number}")


def code_the_visit(page) -> None:  # noqa: F811
    """The coder keeps the superbill's diagnoses, adds Z79.84 (metformin), orders them and points the lines."""
    for code, why in (("E11.9", "superbill"), ("I10", "superbill"), ("Z79.84", "long-term metformin")):
        page.get_by_label("Add a code").fill(code)
        page.get_by_label("reason").fill(why)
        page.get_by_role("button", name="Add", exact=True).click()
        page.locator(f"[id='code-{code}']").wait_for()
    page.locator("#order-diagnoses").fill("E11.9, I10, Z79.84")
    page.locator("#order-pointers").fill("1=1,2,3; 2=1,3; 3=1; 4=1")
    page.get_by_role("button", name="Set order").click()
    page.get_by_role("button", name="Finalize coding").click()


def key_second_health_eob(page) -> None:  # noqa: F811
    """Second Health's paper EOB for E1-1S: it pays what Acme left of lines 1 and 2; line 4's $0.60 is his."""
    page.get_by_label("Add claim number").fill("E1-1S")
    page.get_by_role("button", name="Add claim").click()
    page.locator("select[name=payer]").select_option(label="Second Health (00431)")
    page.get_by_label("Check / EFT number").fill("SH-55120")
    page.get_by_label("Amount $").fill("68.60")
    page.get_by_label("Processed as").select_option("secondary")
    for line, allowed, paid, adjustments in ((1, "130.00", "66.00", "OA-23 84.00"), (2, "13.00", "2.60", "OA-23 37.40"),
                                             (3, "0.00", "0.00", "OA-23 45.00"), (4, "3.00", "0.00", "OA-23 14.40; PR-1 0.60")):  # fmt: skip
        page.get_by_label(f"E1-1S line {line} allowed").fill(allowed)
        page.get_by_label(f"E1-1S line {line} paid").fill(paid)
        page.get_by_label(f"E1-1S line {line} adjustments").fill(adjustments)
    page.get_by_label("E1-1S line 4 patient responsibility").fill("0.60")


def test_a_working_day_in_the_browser(working_day_site, page):  # noqa: F811
    base = working_day_site
    # 1. the admin adds the staff; the manager sets up the practice from scratch
    add_staff(page, base)
    switch_user(page, base, "dana")
    set_up_practice(page, base)
    # 2. the front desk registers Richard Roe with two coverages and checks Acme's benefits (HTMX, no reload)
    switch_user(page, base, "fran")
    register_roe(page)
    rows = page.locator("#coverages + table tbody tr")
    assert [cells(rows.nth(n))[:5] for n in (0, 1)] == [["primary", "Acme Health", "W200", "", "self"],
                                                        ["secondary", "Second Health", "S-77", "", "Roe, Rita (spouse)"]]  # fmt: skip
    rows.nth(0).get_by_role("button", name="Check eligibility").click()
    panel = page.locator("#eligibility table.benefits")
    panel.wait_for()
    assert panel.locator("tr", has_text="Status").inner_text() == "Status\tactive on 2026-03-10"
    assert panel.locator("tr", has_text="Deductible").inner_text() == (
        "Deductible\tindividual, in network: $500.00; met $450.00, $50.00 remaining"
    )
    assert panel.locator("tr", has_text="Coinsurance").inner_text() == (
        "Coinsurance\tpatient pays 20% of health plan, in network"
    )
    shoot(page, "day-front-desk")
    # and checks him in with Dr Okafor at the office, the $25.00 copay the answer gave taken by card
    assert page.locator("#copay-collected").input_value() == "25.00"
    fill(page, {"copay_method": "card", "copay_reference": "auth 7731"})
    page.get_by_role("button", name="Check in").click()
    visit = page.locator("#check-ins + form + table tbody tr").first
    visit.wait_for()
    assert cells(visit) == ["2026-03-10", "E1", "$25.00", "card"]
    # 3. after the visit the superbill: E11.9 and I10, four lines with their pointers, priced by the schedule
    visit.get_by_role("link", name="E1").click()
    enter_charges(page)
    assert [cells(page.locator(f"#line-{n}"))[:6] for n in (1, 2, 3, 4)] == [
        ["1", "99214", "", "1", "1,2", "$150.00"], ["2", "83036", "", "1", "1", "$40.00"],
        ["3", "82306", "", "1", "1", "$45.00"], ["4", "36415", "", "1", "1", "$15.00"]]  # fmt: skip
    assert cells(page.locator("#lines tfoot tr"))[:2] == ["Total", "$250.00"]
    shoot(page, "day-charges")
    # the coder finds the visit in the queue, codes it and builds the claim
    switch_user(page, base, "cody")
    row = page.locator("table.grid tbody tr", has_text="Roe, Richard")
    assert cells(row)[1:8] == ["E1 · charges", "2026-03-10", "Roe, Richard", "Acme Health", "E11.9, I10",
                               "99214, 83036, 82306, 36415", "$250.00"]  # fmt: skip
    shoot(page, "day-coder-queue")
    row.get_by_role("link", name="E1", exact=True).click()
    code_the_visit(page)
    assert page.locator("#finalized + p").inner_text() == (
        "Finalized by cody at 2026-03-10 15:30: E11.9, I10, Z79.84 · 99214, 83036, 82306, 36415"
    )
    shoot(page, "day-coding")
    page.get_by_role("button", name="Build claim").click()
    page.wait_for_url(re.compile(r".*/claims/\d+$"))
    assert page.locator("#diagnoses").inner_text() == "A. E11.9 · B. I10 · C. Z79.84"
    assert [cells(page.locator(f"#line-{n}"))[2:5] for n in (1, 2, 3, 4)] == [
        ["99214", "", "ABC"], ["83036", "", "AC"], ["82306", "", "A"], ["36415", "", "A"]]  # fmt: skip
    page.get_by_role("button", name="Scrub", exact=True).click()
    assert page.locator("h1 span.status").inner_text() == "ready"
    assert page.locator("#scrub ~ p.ok").inner_text() == "Clean (batch 1)."
    claim_url = page.url
    # the biller submits it to the clearinghouse (Acme's simulator) and collects the 999, the 277CA, the 835
    switch_user(page, base, "bea")
    page.goto(claim_url)
    page.get_by_role("button", name="Submit batch 1 to the clearinghouse").click()
    assert page.locator("h1 span.status").inner_text() == "submitted"
    page.get_by_role("link", name="Remittance").click()
    page.get_by_role("button", name="Collect from the clearinghouse").click()
    assert page.locator(".collected p.ok").inner_text() == "Collected 3 files."
    assert "E1-1: accepted: A2:20 accepted for processing" in page.locator(".collected").inner_text()
    shoot(page, "day-collected")
    # 4. the 835 posted: per line what Acme paid and why, vitamin D not covered (CO-96)
    page.goto(claim_url)
    assert page.locator("h1 span.status").inner_text() == "partially_paid"
    money = [cells(page.locator(f"#money-{n}")) for n in (1, 2, 3, 4)]
    assert [line[2:5] + line[6:] for line in money] == [
        ["$150.00", "$130.00", "$64.00", "$66.00", "$66.00 / $0.00"],
        ["$40.00", "$13.00", "$10.40", "$2.60", "$2.60 / $0.00"],
        ["$45.00", "$0.00", "$0.00", "$0.00", "$45.00 / $0.00"],
        ["$15.00", "$3.00", "$2.40", "$0.60", "$0.60 / $0.00"]]  # fmt: skip
    assert "PR-1 $50.00 patient responsibility: deductible amount" in money[0][5]
    assert "CO-96 $45.00 contractual: non-covered charge" in money[2][5]
    shoot(page, "day-claim-paid")
    # and his share went to Second Health: its claim, dropped to paper by the clearinghouse
    page.get_by_role("link", name="← Claims").click()
    secondary = page.locator("table.grid tbody tr", has_text="E1-1S")
    assert cells(secondary)[1:] == ["E1-1S", "draft", "1", "2026-03-10", "Second Health", "", "Roe, Richard",
                                    "$250.00", "not scrubbed"]  # fmt: skip
    secondary.get_by_role("link", name="E1-1S").click()
    page.get_by_role("button", name="Scrub", exact=True).click()
    page.get_by_role("button", name="Submit batch 2 to the clearinghouse").click()
    assert page.locator("h1 span.status").inner_text() == "submitted"
    # its paper EOB comes back by mail, is keyed and posted
    page.get_by_role("link", name="Remittance").click()
    page.get_by_role("link", name="Post a paper EOB").click()
    key_second_health_eob(page)
    shoot(page, "day-eob")
    page.get_by_role("button", name="Post EOB").click()
    page.wait_for_url(re.compile(r".*/remittances/\d+$"))
    assert cells(page.locator("table.grid tbody tr")) == ["1", "E1-1S", "secondary", "—", "$250.00", "$68.60",
                                                          "posted"]  # fmt: skip
    page.get_by_role("link", name="E1-1S").click()
    assert page.locator("h1 span.status").inner_text() == "paid"
    # 5. on his account: the $0.60 left written off, the non-covered $45.00 moved to him (ABN signed)
    page.get_by_role("link", name="Patient account").click()
    assert cells(page.locator("table.balance")) == ["Insurance owes", "$45.00", "Patient owes", "$0.60", "Unapplied",
                                                    "-$25.00", "Total balance", "$20.60"]  # fmt: skip
    page.get_by_label("Write off on").select_option(
        label="E1-1 line 4 · 36415 · 2026-03-10 — insurance $0.00, patient $0.60"
    )
    page.get_by_label("write off whose balance").select_option(label="the patient")
    page.get_by_label("write-off kind").select_option(label="small balance")
    page.get_by_label("write-off amount").fill("0.60")
    page.get_by_label("write-off reason").fill("under $5: not worth a statement")
    page.get_by_role("button", name="Write off").click()
    page.get_by_label("Move the payer's balance on").select_option(
        label="E1-1 line 3 · 82306 · 2026-03-10 — insurance $45.00, patient $0.00"
    )
    page.get_by_label("move to").select_option(label="the patient")
    page.get_by_label("transfer amount").fill("45.00")
    page.get_by_label("transfer reason").fill("not covered by Acme, ABN signed")
    page.get_by_role("button", name="Move balance").click()
    assert cells(page.locator("#open-balances tbody tr")) == [
        "E1-1 line 3 · 82306 · 2026-03-10",
        "—",
        "$0.00",
        "$45.00",
    ]
    assert cells(page.locator("table.balance"))[1:8:2] == ["$0.00", "$45.00", "-$25.00", "$20.00"]
    ledger = page.locator("#ledger + table").inner_text()
    assert "small balance write-off [SBW]: under $5: not worth a statement" in ledger
    assert "balance to the patient: not covered by Acme, ABN signed" in ledger
    shoot(page, "day-account")
    # his statement shows the vitamin D test he owes, less the copay he paid: $20.00 due
    with page.expect_response(re.compile(r".*/statement\.pdf$")) as answer:
        page.get_by_role("link", name="Statement (PDF)").click()
    assert answer.value.headers["content-type"] == "application/pdf"
    statement = pdf_text(page.request.get(page.url).body())
    assert "03/10/2026\nRichard Roe\n82306\n$45.00\n$0.00\n$0.00\n$0.00\n$0.00\n$45.00" in statement
    assert "Credit on account: $25.00\nAmount due\n$20.00" in statement
    page.go_back()
    # the copay he paid at the desk is applied to what he owes, and he pays the rest by card on the phone
    page.get_by_role("button", name="Apply the credit to the oldest charges").click()
    assert cells(page.locator("table.balance"))[1:8:2] == ["$0.00", "$20.00", "$0.00", "$20.00"]
    page.locator("#payment-form input[name=amount]").fill("20.00")
    page.get_by_label("payment method").select_option("card")
    page.get_by_label("payment reference").fill("auth 4242")
    page.get_by_role("button", name="Post patient payment").click()
    assert cells(page.locator("table.balance"))[1:8:2] == ["$0.00", "$0.00", "$0.00", "$0.00"]
    assert "card auth 4242" in page.locator("#ledger + table").inner_text()
    # the day's receipts against the bank: Acme's EFT, Second Health's check, both cards
    page.get_by_role("link", name="Remittance").click()
    page.get_by_role("link", name="Deposits of the day").click()
    for reference, amount in (("ACH 144272509", "76.80"), ("slip 0310-1", "113.60")):
        page.get_by_label("Deposit slip / bank reference").fill(reference)
        page.get_by_label("Amount $").fill(amount)
        page.get_by_role("button", name="Record deposit").click()
    assert [cells(row) for row in page.locator("table.grid").nth(1).locator("tbody tr").all()] == [
        ["insurance EFT", "144272509", "Acme Health", "$76.80"], ["insurance check", "SH-55120", "Second Health", "$68.60"],
        ["patient card", "auth 7731", "Roe, Richard", "$25.00"], ["patient card", "auth 4242", "Roe, Richard", "$20.00"]]  # fmt: skip
    assert page.locator("#deposit-status").inner_text() == "Balanced: $190.40 received, $190.40 deposited."
    shoot(page, "day-deposits")
