"""The appeal letter is addressed to the payer's claims address and signed by the practice's billing
contact with the practice's phone (not by the user who drafted it), read back from the stored data."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pdfplumber
import pytest
from appeal_setup import denied_claim
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from followup_setup import family_payer, set_up_clinic

from revcycle.practice.organization import Address, PracticeProfile
from revcycle.services import practice, users
from revcycle.services.appeals import appeal_letter, draft_appeal
from revcycle.store.testing import database_url, engine  # noqa: F401  (pytest fixtures)

SET_UP = dt.datetime(2026, 3, 1, 17, 0, tzinfo=dt.UTC)
DRAFTED = dt.datetime(2026, 3, 24, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def cheap_password_hashing():
    previous = users.use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))
    yield
    users.use_password_hasher(previous)


def test_the_letter_goes_to_the_payers_address_signed_by_the_billing_contact(engine, tmp_path):  # noqa: F811
    # given a denied MRI, Acme's appeals address and the practice's billing contact and phone on file
    clinic = set_up_clinic(engine, SET_UP)
    _partner, claim_id = denied_claim(clinic, tmp_path, family_payer())
    with clinic.uow(SET_UP) as uow:
        acme = uow.practice.payer(clinic.payer_id)
    practice.change_payer(clinic.uow(SET_UP), clinic.admin,
                          replace(acme, claims_address=Address("PO Box 4500", "Hartford", "CT", "061014500")))
    practice.save_profile(clinic.uow(SET_UP), clinic.admin,
                          PracticeProfile("Springfield Family Medicine", "2175550142", "Dana Biller"))  # fmt: skip
    # when the biller drafts the appeal and prints its letter
    appeal = draft_appeal(clinic.uow(DRAFTED), clinic.biller, claim_id, note="authorization A7731").appeal
    appeal_letter(clinic.uow(DRAFTED), clinic.biller, appeal.id, tmp_path / "appeal.pdf")
    with pdfplumber.open(tmp_path / "appeal.pdf") as pdf:
        lines = [line for page in pdf.pages for line in page.extract_text().splitlines()]
    # then the payer block has Acme's address under its name
    acme_at = lines.index("Acme Health")
    assert lines[acme_at : acme_at + 4] == [
        "Acme Health", "Appeals and reconsiderations", "PO Box 4500", "Hartford, CT 06101-4500"]
    # and the contact signs with the practice's phone; the biller's user name is not on the letter
    signed = lines.index("Sincerely,")
    assert lines[signed + 1 : signed + 4] == [
        "Dana Biller", "Billing office, Springfield Family Medicine", "Phone (217) 555-0142"]
    assert not any("bea" in line.split() or line.startswith("Prepared by") for line in lines)
