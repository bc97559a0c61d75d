"""After the primary pays, the secondary: the primary's 835 moves the patient share to the secondary
payer; the secondary claim (a claims.Claim carrying the primary's amounts as `prior_payers`, written by
the practice's 837P writer with COB 2320/2430) is pyx12-valid; the secondary pays what its own plan
allows; what is left after insurance is the patient's."""

from __future__ import annotations

import datetime as dt

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST

from revcycle.claims import examples as practice_examples
from revcycle.claims.parties import ClaimPayer, ClaimPerson, ClaimSubscriber, PostalAddress
from revcycle.claims.prior_payers import PriorAdjustment, PriorLinePayment, PriorPayer
from revcycle.edi.claim_to_837 import Receiver, Submitter, write_837p
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.edi.remit_835 import write_835
from revcycle.kernel import FixedClock
from revcycle.ledger import ChargeRef
from revcycle.practice import Address, Patient, Payer
from revcycle.remittance.model import ClaimPayment
from revcycle.services import ledger, patients, practice, users
from revcycle.services.remittances import post_remittance
from revcycle.services.submissions import register_submission
from revcycle.services.x12_files import pyx12_errors
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import example_claim, example_line, example_payer
from revcycle.simulator.intake import submitted_claims
from revcycle.store import UnitOfWork
from revcycle.store.testing import database_url, engine  # noqa: F401  (pytest fixtures)
from revcycle.x12 import read_x12

NOW = dt.datetime(2026, 4, 2, 9, 0, tzinfo=dt.UTC)
PAID = dt.date(2026, 3, 20)


def _835(engine_, claims, control, settings) -> bytes:
    advice = engine_.adjudicate(claims, PAID)
    return write_835(advice, settings, control, dt.datetime(2026, 3, 20, 9)).encode(), advice


def _secondary_claim(primary: ClaimPayment):
    """C2's secondary claim (C2S) to Second Health, Richard Roe the subscriber: what the primary paid and
    adjusted, claim and line (its 835's line 1 is the claim's line 1)."""
    richard = ClaimPerson("Richard", "Roe", dt.date(1970, 5, 1), "M", PostalAddress("1 Elm St", "Springfield", "IL", "62701"))
    (paid_line,) = primary.lines
    adjusted = tuple(PriorAdjustment(a.group, a.reason, a.amount_cents) for a in paid_line.adjustments)
    prior = PriorPayer("C2", "87726", "ACME HEALTH", "W200", "ROE", "RICHARD", primary.paid_cents, PAID,
                       payer_claim_number=primary.payer_claim_number,
                       lines=(PriorLinePayment(1, paid_line.paid_cents, adjusted),))  # fmt: skip
    return practice_examples.example_claim(
        "C2S", subscriber=ClaimSubscriber("W200", richard), patient=richard, payer=ClaimPayer("00431", "SECOND HEALTH", "CI", 365),
        payer_responsibility="S", lines=(practice_examples.example_line(1, "99214", 20000),), prior_payers=(prior,),
    )  # fmt: skip


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
    # when the primary pays $64 (deductible $50 + coinsurance $16 left) and its 835 is posted
    first, primary_advice = _835(PayerEngine(example_payer()), [claim], 1, EnvelopeSettings("acme", "87726", "CLINIC01"))
    posted = post_remittance(uow(), admin, first)
    # then the $66 patient share moves to the secondary payer, not to the patient
    assert (posted.totals["next_payer"], posted.totals["patient"]) == (6600, 0)
    # when the secondary claim is built with the primary's amounts (COB) and written as an 837P
    text = write_837p([_secondary_claim(primary_advice.claims[0])], Submitter("SPRINGFIELD FAMILY MEDICINE", "CLINIC01", "BILLING OFFICE", "2175550100"),
                      Receiver("SECOND HEALTH", "00431"), 2, dt.datetime(2026, 3, 21, 12), usage="T")  # fmt: skip
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
