"""After the primary pays, the secondary: the primary's 835 moves the patient share to the secondary
payer; the secondary claim (COB 2320/2430 with the primary's amounts) is pyx12-valid; the secondary
pays what its own plan allows; what is left after insurance is the patient's."""

from __future__ import annotations

import datetime as dt

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST

from revcycle.cli.x12 import pyx12_errors
from revcycle.edi.claim_837_to_payer import submitted_claims
from revcycle.edi.cob_837 import secondary_batch
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.edi.remit_835 import write_835
from revcycle.edi.submitted_to_837 import claim_batch
from revcycle.kernel import FixedClock
from revcycle.ledger import ChargeRef
from revcycle.payer.engine import PayerEngine
from revcycle.payer.examples import example_claim, example_line, example_payer
from revcycle.practice import Address, Patient, Payer
from revcycle.services import ledger, patients, practice, users
from revcycle.services.remittances import post_remittance
from revcycle.services.submissions import register_submission
from revcycle.store import UnitOfWork
from revcycle.store.testing import database_url, engine  # noqa: F401  (pytest fixtures)
from revcycle.x12 import InterchangeHeader, read_x12
from revcycle.x12.guides.x837p import model as x837
from revcycle.x12.guides.x837p.write import write_claim_batches

NOW = dt.datetime(2026, 4, 2, 9, 0, tzinfo=dt.UTC)
PAID = dt.date(2026, 3, 20)


def _835(engine_, claims, control, settings) -> bytes:
    advice = engine_.adjudicate(claims, PAID)
    return write_835(advice, settings, control, dt.datetime(2026, 3, 20, 9)).encode(), advice


@pytest.fixture(autouse=True)
def cheap_password_hashing():
    previous = users.use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))
    yield
    users.use_password_hasher(previous)


def test_the_secondary_pays_after_the_primary_and_the_rest_is_the_patients(engine):  # noqa: F811
    # given a practice with a primary (87726) and a secondary (00431) payer, and a patient covered by both
    def uow():
        return UnitOfWork(engine, FixedClock(NOW))
    admin = users.add_user(uow(), "admin", "admin", "correct horse battery")
    primary_id = practice.add_payer(uow(), admin, Payer("87726", "ACME HEALTH", "CI", 180)).id
    secondary_id = practice.add_payer(uow(), admin, Payer("00431", "SECOND HEALTH", "CI", 365)).id
    patient_id = patients.register_patient(uow(), admin, Patient("Richard", "Roe", dt.date(1970, 5, 1), "M",
                                                                   Address("1 Elm St", "Springfield", "IL", "62701"))).id  # fmt: skip
    # and a $200 visit billed to the primary, the secondary named as next payer
    claim = example_claim("C2", "W200", (example_line(1, "99214", 20000),))
    primary_row = register_submission(uow(), admin, claim, patient_id, primary_id, next_payer_id=secondary_id)
    ledger.post_charge(uow(), admin, "charge:C2", ChargeRef(patient_id, primary_row), 20000, primary_id, dt.date(2026, 3, 2))
    original = claim_batch([claim], "B1", dt.date(2026, 3, 4), "ACME HEALTH")
    # when the primary pays $64 (deductible $50 + coinsurance $16 left) and its 835 is posted
    first, primary_advice = _835(PayerEngine(example_payer()), [claim], 1, EnvelopeSettings("acme", "87726", "CLINIC01"))
    posted = post_remittance(uow(), admin, first)
    # then the $66 patient share moves to the secondary payer, not to the patient
    assert (posted.totals["next_payer"], posted.totals["patient"]) == (6600, 0)
    # when the secondary claim is built with the primary's amounts (COB) and written as an 837P
    next_subscriber = x837.Party(x837.Name("IL", "1", "ROE", "RICHARD", id_qualifier="MI", id="W200"),
                                 x837.Address(["1 ELM ST"], "SPRINGFIELD", "IL", "62701"), birth_date=dt.date(1970, 5, 1), gender="M")  # fmt: skip
    next_payer = x837.Party(x837.Name("PR", "2", "SECOND HEALTH", id_qualifier="PI", id="00431"))
    cob = secondary_batch(original, "C2", primary_advice.claims[0], next_subscriber, next_payer, PAID)
    header = InterchangeHeader("CLINIC01", "00431", 2, created=dt.datetime(2026, 3, 21, 12), usage="T")
    text = write_claim_batches([cob], header, sender="CLINIC01", receiver="00431", group_control=2)
    # then it is pyx12-valid and carries 2320 (AMT*D 64, AMT*EAF 66) and 2430 (SVD 64, CAS PR)
    assert pyx12_errors(text) == []
    assert "SBR*S*18*******CI~" in text and "SBR*P*18*******CI~" in text
    assert "AMT*D*64~" in text and "SVD*87726*64*HC:99214**1~" in text and "CAS*PR*1*50**2*16~" in text
    # when the secondary (a PPO with $50 of its deductible left) adjudicates it
    (secondary_claim,) = submitted_claims(read_x12(text).models("837p")[0], dt.date(2026, 3, 22))
    secondary_payer = PayerEngine(example_payer(seed=2))
    secondary_row = register_submission(uow(), admin, secondary_claim, patient_id, secondary_id)
    second, secondary_advice = _835(secondary_payer, [secondary_claim], 3, EnvelopeSettings("second", "00431", "CLINIC01"))
    # then it pays min(its own $64, the $66 left) = $64 (status 2), OA-23 for the primary's part, PR-1 $2
    paid_claim = secondary_advice.claims[0]
    assert (paid_claim.status, paid_claim.paid_cents) == ("2", 6400)
    assert [(a.group, a.reason, a.amount_cents) for a in paid_claim.lines[0].adjustments] == [("OA", "23", 13400), ("PR", "1", 200)]
    report = post_remittance(uow(), admin, second)
    assert (report.claims_posted, report.totals["paid"], report.totals["patient"]) == (1, 6400, 200)
    # and after insurance the patient owes $2; no payer owes anything
    with uow() as unit:
        owed = unit.journal.receivable(patient_id=patient_id)
        assert (owed.insurance_cents, owed.patient_cents) == (0, 200)
        assert unit.journal.running_total_drift() == {}
    assert secondary_row != primary_row
