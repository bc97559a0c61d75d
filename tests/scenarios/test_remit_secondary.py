"""After the primary pays, the secondary: the primary's 835 moves the patient share to the secondary
payer (the patient's next coverage) and builds the secondary claim `C2S` (a claims.Claim carrying the
primary's amounts as `prior_payers`); scrubbed and sent like any claim, its 837P (COB 2320/2430) is
pyx12-valid; the secondary pays what its own plan allows, on the primary claim's ledger lines; what is left
after insurance is the patient's."""

from __future__ import annotations

import datetime as dt

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST

from revcycle.claims import ClaimStatus
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.edi.remit_835 import write_835
from revcycle.kernel import FixedClock
from revcycle.ledger import ChargeRef
from revcycle.practice import Address, Coverage, CoverageOrder, Patient, Payer
from revcycle.practice.organization import Receiver, Submitter
from revcycle.services import claims, ledger, patients, practice, users
from revcycle.services.remittances import post_remittance
from revcycle.services.x12_files import pyx12_errors
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import example_claim, example_line, example_payer
from revcycle.simulator.intake import received_claims
from revcycle.store import UnitOfWork
from revcycle.store.testing import database_url, engine  # noqa: F401  (pytest fixtures)
from revcycle.x12 import read_x12
from sent_claims import practice_claim, record_sent

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


def test_the_secondary_pays_after_the_primary_and_the_rest_is_the_patients(engine, tmp_path):  # noqa: F811
    # given a practice with a primary (87726) and a secondary (00431) payer, and a patient covered by both
    def uow():
        return UnitOfWork(engine, FixedClock(NOW))
    admin = users.add_user(uow(), "admin", "admin", "correct horse battery")
    primary_id = practice.add_payer(uow(), admin, Payer("87726", "ACME HEALTH", "CI", 180)).id
    secondary_id = practice.add_payer(uow(), admin, Payer("00431", "SECOND HEALTH", "CI", 365)).id
    patient_id = patients.register_patient(uow(), admin, Patient("Richard", "Roe", dt.date(1970, 5, 1), "M",
                                                                   Address("1 Elm St", "Springfield", "IL", "62701"))).id  # fmt: skip
    for payer_id, order in ((primary_id, CoverageOrder.PRIMARY), (secondary_id, CoverageOrder.SECONDARY)):
        patients.add_coverage(uow(), admin, Coverage(patient_id, payer_id, "W200", order, dt.date(2025, 1, 1)))
    # and a $200 visit sent to the primary
    claim = example_claim("C2", "W200", (example_line(1, "99214", 20000),))
    primary_row = record_sent(uow(), practice_claim(claim), patient_id, primary_id, NOW).id
    ledger.post_charge(uow(), admin, "charge:C2", ChargeRef(patient_id, primary_row), 20000, primary_id, dt.date(2026, 3, 2))
    # when the primary pays $64 (deductible $50 + coinsurance $16 left) and its 835 is posted
    first, _advice = _835(PayerEngine(example_payer()), [claim], 1, EnvelopeSettings("acme", "87726", "CLINIC01"))
    posted = post_remittance(uow(), admin, first)
    # then the $66 patient share moves to the secondary payer, not to the patient, and its claim is built
    assert (posted.totals["next_payer"], posted.totals["patient"], posted.secondary_claims) == (6600, 0, ["C2S"])
    # when the secondary claim is scrubbed and sent like any claim
    secondary = claims.get_claim(uow(), admin, primary_row + 1)
    assert (secondary.claim_id, secondary.status, secondary.payer_responsibility) == ("C2S", ClaimStatus.DRAFT, "S")
    run = claims.scrub_claims(uow(), admin, [secondary.id])
    assert run.result.clean_claims == 1, run.result.to_dict()
    export = claims.export_batch_837(uow(), admin, run.batch_id, tmp_path / "c2s.837",
                                     Submitter("SPRINGFIELD FAMILY MEDICINE", "CLINIC01", "BILLING OFFICE", "2175550100"),
                                     Receiver("SECOND HEALTH", "00431"))  # fmt: skip
    text = export.path.read_text(encoding="ascii")
    # then it posts no charge of its own, is pyx12-valid and carries 2320 (AMT*D 64) and 2430 (SVD 64, CAS PR)
    assert export.charges_posted == 0
    assert pyx12_errors(text) == []
    assert "SBR*S*18*******CI~" in text and "SBR*P*18*GRP100******CI~" in text  # 2320: the primary's group
    assert "AMT*D*64~" in text and "SVD*87726*64*HC:99214**1~" in text and "CAS*PR*1*50**2*16~" in text
    # when the secondary (a PPO with $50 of its deductible left) adjudicates it
    (received,) = received_claims(read_x12(text).models("837p")[0], dt.date(2026, 3, 22))
    second, secondary_advice = _835(PayerEngine(example_payer(seed=2)), [received], 3,
                                    EnvelopeSettings("second", "00431", "CLINIC01"))  # fmt: skip
    # then it pays min(its own $64, the $66 left) = $64 (status 2), OA-23 for the primary's part, PR-1 $2
    paid_claim = secondary_advice.claims[0]
    assert (paid_claim.status, paid_claim.paid_cents) == ("2", 6400)
    assert [(a.group, a.reason, a.amount_cents) for a in paid_claim.lines[0].adjustments] == [("OA", "23", 13400), ("PR", "1", 200)]
    report = post_remittance(uow(), admin, second)
    assert (report.claims_posted, report.totals["paid"], report.totals["patient"]) == (1, 6400, 200)
    # and the secondary's money posts on the primary claim's lines: after insurance the patient owes $2
    with uow() as unit:
        owed = unit.journal.receivable(patient_id=patient_id)
        assert (owed.insurance_cents, owed.patient_cents) == (0, 200)
        assert unit.journal.receivable(claim_id=primary_row).patient_cents == 200
        assert unit.journal.receivable(claim_id=secondary.id).total_cents == 0
        assert unit.claims.get(secondary.id).status is ClaimStatus.PAID
        assert unit.journal.running_total_drift() == {}
