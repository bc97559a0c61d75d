"""Payment entry on the account page through a test client on a real database, after Acme's 835 left
the patient $10.00 to pay: a patient payment (the rest kept as a credit, posted once however often the
form is sent), a refused amount, and a payment toward the patient's payment plan."""

from __future__ import annotations

import io
import re
from datetime import date

import pdfplumber
import pytest
from web_setup import form_token, paid_world, signed_in

from revcycle.services import ledger, payment_plans


@pytest.fixture
def world(engine, tmp_path):
    return paid_world(engine, tmp_path)


def payment_form(html: str) -> dict[str, str]:
    return {
        "csrf_token": form_token(html),
        "nonce": re.search(r'name="nonce" value="([0-9a-f]{16})"', html).group(1),
    }


def test_a_patient_payment_pays_what_is_owed_keeps_the_rest_as_credit_and_posts_once(engine, world):
    # given a biller on the account of a patient who owes $10.00
    client = signed_in(engine, "biller1")
    page = client.get("/patients/1")
    form = payment_form(page.text)
    assert re.search(r'Patient owes</th>\s*<td class="num">\$10\.00', page.text)
    # when $25.00 is posted, the same form is sent again, and a sub-cent amount is tried on a fresh form
    first = client.post("/patients/1/payments", data={**form, "amount": "$25.00", "claim_id": ""})
    twice = client.post("/patients/1/payments", data={**form, "amount": "$25.00", "claim_id": ""})
    fresh = payment_form(client.get("/patients/1").text)
    bad = client.post("/patients/1/payments", data={**fresh, "amount": "12.345"})
    foreign = client.post("/patients/1/payments", data={**fresh, "amount": "5.00", "claim_id": "999"})
    balance = ledger.patient_balance(world.practice.uow(), world.practice.biller, 1)
    # then $10.00 paid the patient's share and $15.00 is a credit, once; the bad amount and another's claim
    # are refused on the page
    assert (first.status_code, first.headers["location"]) == (303, "/patients/1#ledger")
    assert twice.status_code == 303
    assert (balance.patient_cents, balance.unapplied_cents) == (0, -1500)
    assert bad.status_code == 422 and "amount &#39;12.345&#39;: dollars and cents, e.g. 25.00" in bad.text
    assert foreign.status_code == 422 and "claim 999 is not this patient&#39;s" in foreign.text


def test_a_plan_payment_is_applied_to_the_plan_and_an_auditor_has_no_payment_form(engine, world):
    # given a two-installment plan on the $10.00 the patient owes, and a biller and an auditor
    practice = world.practice
    plan = payment_plans.create_plan(
        practice.uow(), practice.biller, 1, installments=2, first_due=date(2026, 4, 1)
    )
    client, auditor = signed_in(engine, "biller1"), signed_in(engine, "auditor1")
    page = client.get("/patients/1")
    # when the biller pays $5.00 toward the plan by check
    paid = client.post("/patients/1/payments", data={**payment_form(page.text), "plan_id": str(plan.id),
                                                    "amount": "5", "method": "check", "reference": "chk 1042"})  # fmt: skip
    after = client.get("/patients/1")
    # then the plan shows $5.00 paid and $5.00 left; the auditor reads the plan without any payment form
    assert paid.status_code == 303
    assert re.search(r'<tr><th>Paid</th><td class="num">\$5\.00</td><th>Left on the plan</th><td class="num">\$5\.00',
                     after.text)  # fmt: skip
    assert (
        'Payment plan 1 <small><span class="status">active</span> · 2 monthly installments · $10.00'
        in after.text
    )
    assert ledger.patient_balance(practice.uow(), practice.biller, 1).patient_cents == 500
    audited = auditor.get("/patients/1")
    assert "Payment plan 1" in audited.text and 'action="/patients/1/payments"' not in audited.text


def test_the_accounts_statement_link_opens_the_pdf_with_the_web_session(engine, world):
    # given a biller signed in on the web (session cookie, no bearer token)
    client = signed_in(engine, "biller1")
    link = re.search(r'<a href="([^"]+)">Statement \(PDF\)</a>', client.get("/patients/1").text).group(1)
    # when the statement link is followed
    answer = client.get(link)
    # then it is the guarantor's statement PDF with the $10.00 the patient owes
    assert (link, answer.status_code, answer.headers["content-type"]) == (
        "/api/patients/1/statement.pdf",
        200,
        "application/pdf",
    )
    with pdfplumber.open(io.BytesIO(answer.content)) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "$10.00" in text


def test_patients_are_found_by_last_name_and_link_to_their_accounts(engine, world):
    # given a biller
    client = signed_in(engine, "biller1")
    # when patients are searched by a prefix that matches and one that does not
    found = client.get("/patients", params={"last_name": "do"})
    none = client.get("/patients", params={"last_name": "Zed"})
    # then Jane Doe's name links to her account, her account number beside it; the other search says nobody matched
    assert (
        '<tr><td><a href="/patients/1">Doe, Jane</a></td><td class="codes">00000018</td><td>1980-04-12</td><td>F</td>'
        in found.text
    )
    assert "<h1>Patients <small>1 found</small></h1>" in found.text
    assert "No patient whose last name starts with Zed." in none.text
