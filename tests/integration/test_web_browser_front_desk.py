"""The front desk in a real browser (Debian's chromium, Playwright): register a patient with two coverages,
check eligibility (HTMX puts the payer's answer in plain words on the page), check the visit in with the
copay the answer gave. Saves screenshots of the front desk pages to docs/screenshots/."""

from __future__ import annotations

import re

import pytest
from front_desk_setup import set_up_front_desk
from served_app import serving
from services_setup import NOW
from test_web_browser import CHROMIUM, page, shoot, sign_in  # noqa: F401  (page: the browser fixture)

from revcycle.kernel import FixedClock
from revcycle.services import ledger
from revcycle.store.database import make_engine
from revcycle.store.migrate import upgrade
from revcycle.web.app import create_web_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: apt-get install chromium"),
]


@pytest.fixture
def desk_site(tmp_path):
    """uvicorn serving the web app on a fresh SQLite practice with no patient yet; the payer simulator answers 270s."""
    engine = make_engine(f"sqlite:///{tmp_path / 'front-desk.db'}")
    upgrade(engine)
    desk = set_up_front_desk(engine, tmp_path / "clearinghouse", register_roe=False)
    app = create_web_app(engine, FixedClock(NOW), secret_key="browser-test", partner=desk.partner)
    with serving(app) as base:
        yield base, desk


def fill(page, values: dict[str, str]) -> None:  # noqa: F811
    for name, value in values.items():
        field = page.locator(f'[name="{name}"]:visible').first
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)


def add_coverage(page, values: dict[str, str]) -> None:  # noqa: F811
    details = page.locator("details#add-coverage")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    fill(page, values)
    page.get_by_role("button", name="Add coverage").click()


def test_register_with_two_coverages_check_eligibility_then_check_in(desk_site, page):  # noqa: F811
    base, desk = desk_site
    # given the biller on the front desk
    sign_in(page, base, "biller1")
    page.goto(f"{base}/front-desk")
    assert page.locator("#patients tbody tr").inner_text() == "No patient."
    # when Richard Roe is registered
    page.get_by_role("link", name="Register a patient").click()
    fill(page, {"first_name": "Richard", "last_name": "Roe", "birth_date": "05/17/1970", "sex": "male",
                "line1": "100 Elm St", "city": "Springfield", "state": "IL", "zip_code": "62701",
                "phone": "555-201-0147", "email": "rroe@example.org"})  # fmt: skip
    shoot(page, "front-desk-register")
    page.get_by_role("button", name="Register").click()
    # then his page shows his name and account number
    page.wait_for_url(re.compile(r".*/front-desk/patients/\d+$"))
    assert page.locator("h1").inner_text().startswith("Roe, Richard account 00000018 · born 1970-05-17 · M")
    # when Acme (W200) is added as primary and Second Health as secondary through his spouse Rita
    add_coverage(
        page, {"payer_id": "Acme Health (87726)", "member_id": "W200", "effective_from": "2026-01-01"}
    )
    add_coverage(page, {"payer_id": "Second Health (00431)", "member_id": "S-77", "order": "secondary",
                        "effective_from": "2026-01-01", "relationship": "spouse", "subscriber_first": "Rita",
                        "subscriber_last": "Roe"})  # fmt: skip
    # then both are listed in order, with the subscriber
    rows = page.locator("#coverages + table tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).locator("td").nth(1).inner_text() == "Acme Health"
    assert rows.nth(1).locator("td").nth(4).inner_text() == "Roe, Rita (spouse)"
    # when eligibility of Acme is checked (HTMX: no page load)
    rows.nth(0).get_by_role("button", name="Check eligibility").click()
    panel = page.locator("#eligibility table.benefits")
    panel.wait_for()
    # then the payer's answer reads in plain words
    assert panel.locator("tr", has_text="Status").inner_text() == "Status\tactive on 2026-03-10"
    assert panel.locator("tr", has_text="Deductible").inner_text() == (
        "Deductible\tindividual, in network: $500.00; met $450.00, $50.00 remaining"
    )
    assert (
        panel.locator("tr", has_text="Copay").inner_text() == "Copay\t$25.00 office visit (99213), in network"
    )
    shoot(page, "front-desk-patient")
    # and the copay it gave is filled into the check-in form
    assert page.locator("#copay-collected").input_value() == "25.00"
    # when he is checked in with Dr Quill at the office, the $25.00 collected by card
    fill(page, {"copay_method": "card", "copay_reference": "auth 7731"})
    page.get_by_role("button", name="Check in").click()
    # then the visit is listed with its copay, and his account holds the $25.00 as a credit
    visit = page.locator("#check-ins + form + table tbody tr").first
    visit.wait_for()
    assert re.fullmatch(r"2026-03-10\tE\d+\t\$25\.00\tcard", visit.inner_text())
    patient_id = int(page.url.rsplit("/", 1)[1].split("#")[0])
    assert ledger.patient_balance(desk.uow(), desk.biller, patient_id).unapplied_cents == -2500
    # and the search finds him by his member id
    page.goto(f"{base}/front-desk?q=w200")
    assert page.locator("#patients tbody tr").inner_text().startswith("00000018\tRoe, Richard\t1970-05-17\tM")
    shoot(page, "front-desk-search")
