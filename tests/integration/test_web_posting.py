"""Manual posting on the pages, through a test client on a real database: a paper EOB keyed (refused with the
problem next to its line and everything typed kept, then posted), the claim page's money, files and history,
the account's write-off, transfer, card payment and refund, and the day's deposits."""

from __future__ import annotations

import re

import pytest
from web_setup import form_token, paid_world, signed_in, web_world

from revcycle.services import ledger


@pytest.fixture
def world(engine, tmp_path):
    return web_world(engine, tmp_path)


def _eob_form(html: str, **values: str) -> dict[str, str]:
    form = {"csrf_token": form_token(html), "payer": "87726", "method": "check", "check_number": "CHK-500",
            "check_date": "2026-03-09", "check_total": "80.00", "c0_claim": "E1-1", "c0_pcn": "PCN-500",
            "c0_status": "primary", "c0_l0_code": "99213", "c0_l0_mods": "", "c0_l0_date": "2026-03-04",
            "c0_l0_billed": "$110.00", "c0_l0_allowed": "90.00", "c0_l0_paid": "80.00",
            "c0_l0_adj": "CO-45 20.00; PR-2 10.00", "c0_l0_rarc": "", "c0_l0_pr": "10.00"}  # fmt: skip
    return form | values


def test_a_paper_eob_keyed_on_the_page_posts_and_the_claim_page_shows_its_money(engine, world):
    # given a biller on the EOB form for claim E1-1 ($110 99213)
    client = signed_in(engine, "biller1")
    page = client.get("/eobs/new?claim=E1-1")
    assert (
        page.status_code == 200
        and 'name="c0_l0_billed" size="8" inputmode="decimal" value="$110.00"' in page.text
    )
    # when the line is keyed $10 short, then keyed right
    short = client.post("/eobs", data=_eob_form(page.text, c0_l0_adj="CO-45 10.00; PR-2 10.00"))
    posted = client.post("/eobs", data=_eob_form(page.text))
    # then the short one comes back with the problem on its line and what was typed; the right one posts
    assert short.status_code == 422
    assert "billed $110.00 != paid $80.00 + adjustments $20.00 (off by $10.00)" in short.text
    assert 'value="CO-45 10.00; PR-2 10.00"' in short.text and 'value="CHK-500"' in short.text
    assert posted.status_code == 303 and re.fullmatch(r"/remittances/\d+", posted.headers["location"])
    remittance = client.get(posted.headers["location"]).text
    assert (
        'id="remittance-total">$80.00' in remittance
        and f'<a href="/claims/{world.claim_id}">E1-1</a>' in remittance
    )
    # and the claim page shows per line what was paid and adjusted in words, the payer's number, files, history
    claim = client.get(f"/claims/{world.claim_id}").text
    assert '<td class="codes" id="payer-claim-number">PCN-500</td>' in claim
    assert re.search(r'<tr id="money-1">.*?\$110\.00.*?\$90\.00.*?\$80\.00', claim, re.S)
    assert 'CO-45</span> $20.00 <span class="muted">contractual: the charge exceeds the fee schedule' in claim
    assert 'PR-2</span> $10.00 <span class="muted">patient responsibility: coinsurance amount' in claim
    assert ">paper EOB</a>" in claim and "trace CHK-500" in claim
    assert re.search(r"<td>paid</td><td>biller1</td><td>paper EOB|<td>paid</td><td>biller1</td>", claim)
    assert "Doe, Jane" in claim and "Smith, John" in claim


def test_the_same_check_keyed_twice_posts_once(engine, world):
    # given a posted paper EOB
    client = signed_in(engine, "biller1")
    page = client.get("/eobs/new?claim=E1-1")
    first = client.post("/eobs", data=_eob_form(page.text))
    # when the same check is keyed again
    again = client.post("/eobs", data=_eob_form(page.text))
    # then it leads to the same remittance and the patient still owes $10.00
    assert again.headers["location"] == first.headers["location"]
    assert ledger.patient_balance(world.practice.uow(), world.practice.biller, 1).patient_cents == 1000


def _account_form(html: str, form_id: str, **values: str) -> dict[str, str]:
    block = re.search(rf'<form [^>]*id="{form_id}".*?</form>', html, re.S).group(0)
    nonce = re.search(r'name="nonce" value="([0-9a-f]{16})"', block).group(1)
    return {"csrf_token": form_token(html), "nonce": nonce, **values}


def _option(html: str, label_start: str) -> str:
    return re.search(rf'<option value="([0-9:-]+)">{re.escape(label_start)}', html).group(1)


def test_the_account_moves_a_denied_line_to_the_patient_writes_off_a_small_balance_and_takes_a_card(
    engine, tmp_path
):
    # given the account after Acme's 835: E1-1 left $10.00 to the patient, E2-1 ($150) denied, still Acme's
    world = paid_world(engine, tmp_path)
    client = signed_in(engine, "biller1")
    page = client.get("/patients/1").text
    assert "Statements sent" in page and "No statement sent yet." in page
    e2, e1 = _option(page, "E2-1 line 1"), _option(page, "E1-1 line 1")
    # when the biller moves E2-1's $150 to the patient, writes off E1-1's $10 and takes $150 by card
    moved = client.post("/patients/1/transfers", data=_account_form(page, "transfer-form", balance=e2, to="patient",
                                                                     amount="150.00", reason="not authorized; patient agreed to pay"))  # fmt: skip
    page = client.get("/patients/1").text
    written = client.post("/patients/1/write-offs", data=_account_form(page, "write-off-form", balance=e1, side="patient",
                                                                       kind="small_balance", amount="10.00", reason="small balance"))  # fmt: skip
    page = client.get("/patients/1").text
    bad_debt = client.post("/patients/1/write-offs", data=_account_form(page, "write-off-form", balance=e2, side="patient",
                                                                        kind="bad_debt", amount="1.00", reason="collections"))  # fmt: skip
    paid = client.post("/patients/1/payments", data=_account_form(page, "payment-form", amount="150.00", method="card",
                                                                  reference="auth 889", apply="oldest", claim_id=""))  # fmt: skip
    # then each posted once, the biller's bad debt is refused on the page, and the account is settled
    assert (moved.status_code, written.status_code, paid.status_code) == (303, 303, 303)
    assert bad_debt.status_code == 422 and "may not write_off_bad_debt" in bad_debt.text
    balance = ledger.patient_balance(world.practice.uow(), world.practice.biller, 1)
    assert (balance.insurance_cents, balance.patient_cents, balance.unapplied_cents) == (0, 0, 0)
    ledger_page = client.get("/patients/1").text
    assert "balance to the patient: not authorized; patient agreed to pay" in ledger_page
    assert "small balance write-off [SBW]: small balance" in ledger_page and "card auth 889" in ledger_page
    assert '<a href="/claims/2">E2-1</a>' in ledger_page and "patient paid" in ledger_page


def test_the_deposits_page_shows_the_difference_then_balances(engine, tmp_path):
    # given the day Acme's $80.00 EFT was paid (2026-03-09), nothing recorded from the bank yet
    paid_world(engine, tmp_path)
    client = signed_in(engine, "biller1")
    short = client.get("/deposits?day=2026-03-09").text
    # when the bank's $80.00 credit is recorded (twice: the second records nothing)
    form = {"csrf_token": form_token(short), "day": "2026-03-09", "reference": "EFT0001", "amount": "80.00"}
    recorded = [client.post("/deposits", data=form).status_code for _ in range(2)]
    balanced = client.get("/deposits?day=2026-03-09").text
    # then the first look shows the difference and the EFT with no credit; after, the day balances
    assert "Not balanced: $80.00 received, $0.00 deposited, difference -$80.00." in short
    assert "EFT EFT0001 from Acme Health ($80.00): no bank deposit of that amount." in short
    assert recorded == [303, 303]
    assert "Balanced: $80.00 received, $80.00 deposited." in balanced
    assert balanced.count('<td class="codes">EFT0001</td>') == 2  # the receipt and one deposit


def test_the_claim_page_links_the_files_that_touched_the_claim_and_says_who_moved_it(engine, world, tmp_path):
    # given the hypertension claim built, scrubbed, submitted to the payer simulator and its answers collected
    from api_remit_setup import simulator_partner

    from revcycle.services import claims

    practice = world.practice
    claim = claims.build_encounter_claims(practice.uow(), practice.biller, 3)[0]
    batch_id = claims.scrub_claims(practice.uow(), practice.biller, [claim.id]).batch_id
    client = signed_in(engine, "biller1", partner=simulator_partner(tmp_path / "ch"))
    token = form_token(client.get(f"/claims/{claim.id}").text)
    client.post(f"/claims/batches/{batch_id}/submit", data={"claim_id": str(claim.id), "csrf_token": token})
    client.post("/remittances/collect", data={"csrf_token": token})
    # when its page opens
    page = client.get(f"/claims/{claim.id}").text
    files = re.search(r'<h2 id="files">Files</h2>(.*?)</table>', page, re.S).group(1)
    history = re.findall(r"<tr><td>[0-9-]+ [0-9:]+</td><td>(\w+)</td><td>([\w.]+)</td>", page)
    # then the 837, its 999, the 277CA and the 835 are listed (the 837 and the 835 linked), and each state change
    # says who made it
    assert re.findall(r"<tr><td>(?:<a href=\"[^\"]+\">)?([\w ]+?)(?:</a>)?</td>", files) == [
        "837", "999", "277CA", "835"]  # fmt: skip
    assert f'<a href="/claims/{claim.id}/837">837</a>' in files and re.search(
        r'<a href="/remittances/\d+">835</a>', files
    )
    assert "accepted: A2:20 accepted for processing" in files
    assert history == [("draft", "biller1"), ("scrubbed", "biller1"), ("ready", "biller1"), ("submitted", "biller1"),
                       ("accepted", "biller1"), ("paid", "biller1")]  # fmt: skip


def test_the_account_applies_a_copay_credit_to_the_oldest_charge(engine, tmp_path):
    # given the account after Acme's 835 (E1-1 left $10.00 to the patient) and a $25.00 cash copay kept as a credit
    world = paid_world(engine, tmp_path)
    client = signed_in(engine, "biller1")
    page = client.get("/patients/1").text
    assert 'id="apply-credit-form"' not in page  # no credit yet: no button
    client.post("/patients/1/payments", data=_account_form(page, "payment-form", amount="25.00", method="cash",
                                                           reference="", apply="credit", claim_id=""))  # fmt: skip
    page = client.get("/patients/1").text
    assert "Credit on account $25.00, owed by the patient $10.00" in page
    # when the biller applies it, and the same form is sent again
    form = _account_form(page, "apply-credit-form")
    applied = client.post("/patients/1/credits/apply", data=form)
    again = client.post("/patients/1/credits/apply", data=form)
    # then $10.00 of it pays E1-1 and $15.00 stays a credit, posted once; the button is gone (nothing owed)
    assert (applied.status_code, again.status_code) == (303, 303)
    balance = ledger.patient_balance(world.practice.uow(), world.practice.biller, 1)
    assert (balance.patient_cents, balance.unapplied_cents) == (0, -1500)
    after = client.get("/patients/1").text
    assert 'id="apply-credit-form"' not in after and "credit applied" in after
