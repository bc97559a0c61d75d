"""A statement built from real postings, rendered to PDF and read back with pdfplumber (no mocks)."""

from __future__ import annotations

from datetime import date, timedelta

import pdfplumber

from revcycle.ledger import postings
from revcycle.ledger.postings import ChargeRef
from revcycle.practice.organization import Address
from revcycle.statements import Party, PatientEntries, StatementSettings, build_statement
from revcycle.statements.pdf import render_statement

ON = date(2026, 6, 30)
ANN, PAYER = 10, 1
PRACTICE = Party("Springfield Family Medicine", Address("100 Main St", "Springfield", "IL", "627011234"),
                 "(217) 555-0100")
REMIT = Party("Springfield Family Medicine", Address("PO Box 4410", "Springfield", "IL", "627084410"))
GUARANTOR = Party("Ann Example", Address("12 Oak Ave", "Springfield", "IL", "62702"))
DESCRIPTIONS = {(100, 1000): "99213 office visit", (101, 1010): "99214 office visit", (None, 1020): "36415 venipuncture"}


def ann_entries():
    a = ChargeRef(ANN, claim_id=100, service_line_id=1000)
    b = ChargeRef(ANN, claim_id=101, service_line_id=1010)
    c = ChargeRef(ANN, service_line_id=1020)
    return [
        postings.charge("a", date(2026, 6, 10), a, 20000, PAYER),
        postings.insurance_payment("a-paid", date(2026, 6, 20), a, PAYER, 12000),
        postings.contractual_adjustment("a-co45", date(2026, 6, 20), a, PAYER, 5000),
        postings.transfer_to_patient("a-pr", date(2026, 6, 20), a, PAYER, 3000),
        postings.charge("b", date(2026, 3, 15), b, 15000, PAYER),
        postings.charge("c", date(2026, 2, 1), c, 8000),
        postings.patient_payment("c-paid", date(2026, 3, 1), c, 2000),
        postings.patient_payment("on-account", date(2026, 6, 25), ChargeRef(ANN), 1000),
        postings.patient_payment("prepay", date(2026, 6, 26), ChargeRef(ANN), 1500, unapplied_cents=1500),
        postings.charge("next-month", date(2026, 7, 3), c, 999),  # after the statement date: left out
    ]


def ann_statement(entries=None):
    patients = [PatientEntries(ANN, "Ann Example", entries or ann_entries())]
    return build_statement("P10", GUARANTOR, patients, PRACTICE, REMIT, ON, StatementSettings(), DESCRIPTIONS)


def test_items_aging_and_amount_due_from_the_journal():
    # given Ann's postings / when
    statement = ann_statement()
    # then one item per service, oldest first, with what insurance paid and adjusted and what Ann owes
    assert [(i.service_date, i.description, i.charge_cents, i.insurance_paid_cents, i.adjustment_cents,
             i.patient_paid_cents, i.insurance_pending_cents, i.balance_cents) for i in statement.items] == [
        (date(2026, 2, 1), "36415 venipuncture", 8000, 0, 0, 2000, 0, 6000),
        (date(2026, 3, 15), "99214 office visit", 15000, 0, 0, 0, 15000, 0),
        (date(2026, 6, 10), "99213 office visit", 20000, 12000, 5000, 0, 0, 3000),
        (date(2026, 6, 25), "Payment on account", 0, 0, 0, 1000, 0, -1000)]
    # and the payment on account settles the oldest balance; the prepayment is a credit held apart
    assert (statement.aging, statement.unapplied_cents) == ((3000, 0, 0, 5000), -1500)
    assert (statement.amount_due_cents, statement.due_date) == (6500, date(2026, 7, 21))


def words_of(pdf_path):
    with pdfplumber.open(pdf_path) as pdf:
        return [page.extract_words(keep_blank_chars=True, x_tolerance=1.5) for page in pdf.pages], \
            [page.extract_text() for page in pdf.pages]


def find(words, text):
    return next(word for word in words if word["text"] == text)


def test_the_pdf_puts_the_address_in_the_window_and_the_amounts_under_their_columns(tmp_path):
    # given Ann's statement / when it is rendered
    out = tmp_path / "statement.pdf"
    pages = render_statement(ann_statement(), out)
    (words,), (text,) = words_of(out)
    # then one page with the practice, the remit-to address and the amount due
    assert pages == 1
    assert "PATIENT STATEMENT" in text and "PO Box 4410" in text and "Springfield, IL 62708-4410" in text
    assert "Amount due $65.00" in text and "Please pay by 07/21/2026" in text and "Credit on account: $15.00" in text
    # and the guarantor's name sits where a #10 window envelope shows it (x 72, about 1.9 in from the top)
    name = find(words, "Ann Example")
    assert (round(name["x0"]), 130 < name["top"] < 146) == (72, True)
    # and the June 10 visit's amounts are right-aligned under their columns on the visit's row
    row_top = find(words, "06/10/2026")["top"]
    row = {w["text"]: round(w["x1"]) for w in words if abs(w["top"] - row_top) < 1}
    assert (row["$200.00"], row["$120.00"], row["$50.00"], row["$30.00"]) == (318, 366, 414, 558)
    assert (find(words, "Current")["x1"] < find(words, "Over 90 days")["x0"]) and "$50.00" in text


def test_a_long_statement_continues_on_a_second_page(tmp_path):
    # given 35 services of $10.00 each
    entries = [postings.charge(f"s{n}", ON - timedelta(days=n), ChargeRef(ANN, service_line_id=n), 1000)
               for n in range(1, 36)]
    out = tmp_path / "long.pdf"
    # when / then
    assert render_statement(ann_statement(entries), out) == 2
    _, texts = words_of(out)
    assert "Page 1 of 2" in texts[0] and "Amount due" in texts[1] and "$350.00" in texts[1]
    assert "Amount due $350.00" in texts[0]  # the header repeats the amount due on every page


def test_a_full_last_page_moves_the_summary_to_its_own_page_above_the_footer(tmp_path):
    # given 28 services: they fit on one page, the summary under them would not
    entries = [postings.charge(f"s{n}", ON - timedelta(days=n), ChargeRef(ANN, service_line_id=n), 1000)
               for n in range(1, 29)]
    out = tmp_path / "full.pdf"
    # when / then the summary is on page 2, and no text on either page reaches the footer line
    assert render_statement(ann_statement(entries), out) == 2
    pages, texts = words_of(out)
    assert "Ways to pay" not in texts[0] and "Ways to pay" in texts[1] and "Page 2 of 2" in texts[1]
    for words in pages:
        assert max(w["bottom"] for w in words if not w["text"].startswith("Page ")) < 760
