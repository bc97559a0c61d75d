"""An MRI denied for want of an authorization, appealed, and paid: the 837P goes through the simulator
clearinghouse, the payer denies 72148 CO-197 (M62), the biller drafts an appeal (deadline 180 days after
the denial), prints the letter, sends it; the payer's reviewer finds the authorization and a later 835
pays the claim. The appeal is `won`, the claim `paid`, the ledger exact to the cent."""

from __future__ import annotations

import datetime as dt

import pdfplumber
import pytest
from appeal_setup import denied_claim, payer_decides_again
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from followup_setup import family_payer, set_up_clinic

from revcycle.claims.model import ClaimStatus
from revcycle.services import users
from revcycle.services.appeals import appeal_letter, draft_appeal, list_appeals, mark_appeal_sent
from revcycle.services.clearinghouse import collect
from revcycle.services.denials import denial_queue
from revcycle.store.repositories.claims import ClaimRepository
from revcycle.store.testing import database_url, engine  # noqa: F401  (pytest fixtures)

SET_UP = dt.datetime(2026, 3, 1, 17, 0, tzinfo=dt.UTC)
DRAFTED = dt.datetime(2026, 3, 24, 9, 0, tzinfo=dt.UTC)
REPAID = dt.date(2026, 4, 28)
NOTE = "Authorization A7731 was approved by phone on 02/27/2026 (call reference 5531) before the MRI."


@pytest.fixture(autouse=True)
def cheap_password_hashing():
    previous = users.use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))
    yield
    users.use_password_hasher(previous)


def test_an_authorization_denial_is_appealed_and_won(engine, tmp_path):  # noqa: F811
    # given a $900 lumbar MRI (72148) denied CO-197 M62 in the 835 paid on 2026-03-19
    clinic = set_up_clinic(engine, SET_UP)
    partner, claim_id = denied_claim(clinic, tmp_path, family_payer())
    (group,) = denial_queue(clinic.uow(DRAFTED), clinic.biller).groups()
    (item,) = group[1]
    assert (item.procedure_code, item.carc, item.remarks, item.amount_cents, item.denied_on) == (
        "72148", "197", ("M62",), 90000, dt.date(2026, 3, 19))  # fmt: skip
    # when the biller drafts an appeal with the authorization found in the chart
    view = draft_appeal(clinic.uow(DRAFTED), clinic.biller, claim_id, note=NOTE)
    # then it argues authorization, is due 180 days after the denial, and the claim is `appealed`
    appeal = view.appeal
    assert (appeal.category, appeal.status, appeal.level) == ("authorization", "drafted", 1)
    assert appeal.denied_cents == 90000
    assert (appeal.deadline, view.days_to_deadline, view.overdue) == (dt.date(2026, 9, 15), 175, False)
    assert denial_queue(clinic.uow(DRAFTED), clinic.biller).groups() == []
    with clinic.uow(DRAFTED) as uow:
        assert ClaimRepository(uow.connection).get(claim_id).status is ClaimStatus.APPEALED
    # when the letter is printed and sent
    pages = appeal_letter(clinic.uow(DRAFTED), clinic.biller, appeal.id, tmp_path / "appeal.pdf")
    mark_appeal_sent(clinic.uow(DRAFTED), clinic.biller, appeal.id)
    # then the letter names the patient, member, claim, denial and the note
    with pdfplumber.open(tmp_path / "appeal.pdf") as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert pages == len(pdf.pages) == 1
    for line in (f"Patient Richard Roe Claim number {appeal.claim_control_number}",
                 "Date of birth 05/01/1970 Payer claim number 01260640000001",
                 "Member ID W200 Date(s) of service 03/02/2026", "Billed $900.00 Denied $900.00",
                 "Appeal level 1 Appeal deadline 09/15/2026", "Subject: Appeal of an authorization denial",
                 "03/02/2026 72148 1 $900.00 $900.00 CO-197 M62",
                 "CO-197: precertification, authorization or notification was absent",
                 "M62: missing, incomplete or invalid treatment authorization code",
                 "Submitted 03/05/2026, file acme-000000001.837, interchange 1", "999 accepted",
                 "277CA accepted: A2:20 accepted for processing, payer claim 01260640000001 (03/05/2026)"):  # fmt: skip
        assert line in text.splitlines()
    assert "Authorization A7731 was approved by phone on 02/27/2026" in text
    # when the payer pays on appeal in a later 835 (allowed $540: $50 deductible, 20% of $490 = $98)
    payer_decides_again(partner, family_payer(), "A7731", REPAID)
    report = collect(clinic.uow(dt.datetime(2026, 4, 29, 8, tzinfo=dt.UTC)), clinic.biller, partner)
    # then the appeal is won with $392.00 recovered, and the claim is paid
    assert report.remittances == [{"file": "acme-appeal-000000090.835", "status": "posted", "claims_posted": 1,
                                   "exceptions": 0}]  # fmt: skip
    (won,) = list_appeals(clinic.uow(dt.datetime(2026, 4, 29, 9, tzinfo=dt.UTC)), clinic.biller)
    assert (won.appeal.status, won.appeal.recovered_cents, won.appeal.sent_on, won.appeal.decided_on) == (
        "won", 39200, dt.date(2026, 3, 24), REPAID)  # fmt: skip
    with clinic.uow(DRAFTED) as uow:
        claim = ClaimRepository(uow.connection).get(claim_id)
        balance = uow.journal.receivable(claim_id=claim_id)
    assert [change.status for change in claim.history][-3:] == ["denied", "appealed", "paid"]
    # and the ledger: $900 charged, $392 paid, $360 written off (CO-45), $148 moved to the patient
    assert (balance.insurance_cents, balance.patient_cents) == (0, 14800)
    assert denial_queue(clinic.uow(DRAFTED), clinic.biller).groups() == []
