"""COB from the patient's coverages, through X12 both ways: a claim built from an encounter goes to the
primary as an 837P, the payer simulator answers with an 835, posting it moves the patient share to the
secondary coverage's payer and builds the secondary claim (a claims.Claim with the primary's amounts);
its 837P (2320/2430, pyx12-valid) goes to the simulator as the secondary payer, whose 835 posts; the
patient owes exactly what is left. Without a further coverage the balance is the patient's."""

from __future__ import annotations

import dataclasses
from datetime import date

from claims_setup import NOW, RECEIVER, SUBMITTER, setup_practice

from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel import FixedClock
from revcycle.practice import Coverage, CoverageOrder, Payer
from revcycle.services import claims, patients, practice, users
from revcycle.services.remittances import post_remittance
from revcycle.services.x12_files import pyx12_errors
from revcycle.simulator.claims_desk import simulate
from revcycle.simulator.config import Member
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import example_payer
from revcycle.store import UnitOfWork
from revcycle.store.repositories.claims import ClaimRepository

PRIMARY = EnvelopeSettings("acme", "87726", "CLINIC01", usage="T")
SECOND = EnvelopeSettings("second", "00431", "CLINIC01", usage="T")


def _payer_engine(payer_id: str, name: str, member_id: str, seed: int) -> PayerEngine:
    """A PPO member with $50 of the $500 deductible left, then 20% coinsurance."""
    config = example_payer(seed=seed)
    member = Member(member_id, "PPO", date(2025, 1, 1), None, "DOE", "JANE", deductible_met_cents=45000)
    return PayerEngine(dataclasses.replace(config, payer_id=payer_id, name=name, members=(*config.members, member)))


def _export(uow, biller, claim_ids, out) -> str:  # noqa: ANN001
    run = claims.scrub_claims(uow(), biller, claim_ids)
    export = claims.export_batch_837(uow(), biller, run.batch_id, out, SUBMITTER, RECEIVER)
    assert export.claims
    return out.read_text()


def _practice_with_secondary(engine, secondary: bool = True):  # noqa: ANN001
    def uow():
        return UnitOfWork(engine, FixedClock(NOW))

    biller, _payer, encounter = setup_practice(uow)
    admin = users.authenticate(uow(), "admin", "correct horse battery")
    recorded = encounter(("E11.9",), date(2026, 3, 2))
    second_id = None
    if secondary:
        second_id = practice.add_payer(uow(), admin, Payer("00431", "Second Health", "CI", 365)).id
        patients.add_coverage(uow(), biller, Coverage(recorded.patient_id, second_id, "SEC5550001",
                                                      CoverageOrder.SECONDARY, date(2026, 1, 1)))  # fmt: skip
    return uow, biller, second_id


def test_the_secondary_claim_is_built_from_the_coverages_and_the_patient_owes_what_is_left(engine, tmp_path):
    # given an encounter for a patient with a primary (Acme 87726) and a secondary (00431) coverage,
    # billed to the primary as an 837P: 99214 $150 + 83036 $40
    uow, biller, second_id = _practice_with_secondary(engine)
    (built,) = claims.build_ready_claims(uow(), biller)
    first_837 = _export(uow, biller, [built.id], tmp_path / "primary.837")
    # when the primary (PPO, $50 deductible left, 20%) answers and its 835 is posted
    primary = simulate(first_837, _payer_engine("87726", "ACME HEALTH", "XYZ123456789", 1), PRIMARY,
                       date(2026, 3, 5), date(2026, 3, 19), 4)  # fmt: skip
    posted = post_remittance(uow(), biller, primary.remittance_835.encode())
    # then it paid $64 + $10.40; the $68.60 patient share (PR-1 $50, PR-2 $16 + $2.60) went to the secondary
    assert (posted.totals["paid"], posted.totals["contractual"]) == (7440, 4700)
    assert (posted.totals["next_payer"], posted.totals["patient"]) == (6860, 0)
    assert posted.secondary_claims == [f"{built.claim_id}S"]
    with uow() as unit:
        owed = unit.journal.receivable(claim_id=built.id)
        secondary = ClaimRepository(unit.connection).get_by_number(f"{built.claim_id}S")
        assert unit.journal.receivable(payer_id=second_id).insurance_cents == 6860
    assert (owed.insurance_cents, owed.patient_cents) == (6860, 0)
    # and the secondary claim is linked to the primary and carries its adjudication
    (prior,) = secondary.prior_payers
    assert (secondary.payer_responsibility, secondary.payer.payer_code, secondary.subscriber.member_id) == ("S", "00431", "SEC5550001")
    assert (prior.claim_id, prior.payer_code, prior.paid_cents, prior.patient_responsibility_cents) == (built.claim_id, "87726", 7440, 6860)
    # when it is scrubbed and exported as an 837P (no second charge on the ledger)
    second_837 = _export(uow, biller, [secondary.id], tmp_path / "secondary.837")
    # then it is pyx12-valid with 2320 (SBR*P, AMT*D $74.40, AMT*EAF $68.60) and 2430 per line
    assert pyx12_errors(second_837) == []
    assert "SBR*S*18*******CI~" in second_837 and "SBR*P*18*GRP100******CI~" in second_837
    assert "NM1*IL*1*DOE*JANE****MI*XYZ123456789~" in second_837 and "NM1*PR*2*ACME HEALTH*****PI*87726~" in second_837
    assert "AMT*D*74.4~" in second_837 and "AMT*EAF*68.6~" in second_837
    assert "SVD*87726*64*HC:99214**1~" in second_837 and "SVD*87726*10.4*HC:83036**1~" in second_837
    assert "CAS*PR*1*50**2*16~" in second_837
    # when the secondary (PPO, $50 deductible left) adjudicates it and its 835 is posted
    answer = simulate(second_837, _payer_engine("00431", "SECOND HEALTH", "SEC5550001", 2), SECOND,
                      date(2026, 3, 23), date(2026, 4, 1), 5)  # fmt: skip
    paid = answer.advice.claims[0]
    assert (paid.claim_id, paid.status, paid.paid_cents) == (secondary.claim_id, "2", 6660)
    report = post_remittance(uow(), biller, answer.remittance_835.encode())
    # then it paid $64 + $2.60 on the primary claim's lines and $2 (PR-1) is the patient's; no payer is owed
    assert (report.claims_posted, report.exceptions, report.secondary_claims) == (1, [], [])
    assert (report.totals["paid"], report.totals["patient"], report.totals["next_payer"]) == (6660, 200, 0)
    with uow() as unit:
        owed = unit.journal.receivable(claim_id=built.id)
        assert (owed.insurance_cents, owed.patient_cents) == (0, 200)
        assert unit.journal.receivable(claim_id=secondary.id).total_cents == 0
        assert unit.journal.trial_balance()["cash"] == 7440 + 6660
        assert ClaimRepository(unit.connection).get(secondary.id).status.value == "paid"


def test_without_a_further_coverage_the_balance_after_insurance_is_the_patients(engine, tmp_path):
    # given the same encounter for a patient with only the primary coverage
    uow, biller, _none = _practice_with_secondary(engine, secondary=False)
    (built,) = claims.build_ready_claims(uow(), biller)
    text = _export(uow, biller, [built.id], tmp_path / "primary.837")
    # when the primary's 835 is posted
    answer = simulate(text, _payer_engine("87726", "ACME HEALTH", "XYZ123456789", 1), PRIMARY,
                      date(2026, 3, 5), date(2026, 3, 19), 4)  # fmt: skip
    posted = post_remittance(uow(), biller, answer.remittance_835.encode())
    # then the $68.60 patient share is the patient's and no secondary claim is built
    assert (posted.totals["patient"], posted.totals["next_payer"], posted.secondary_claims) == (6860, 0, [])
    with uow() as unit:
        owed = unit.journal.receivable(claim_id=built.id)
        assert (owed.insurance_cents, owed.patient_cents) == (0, 6860)
        assert len(ClaimRepository(unit.connection).find(patient_id=owed_patient(unit, built.id))) == 1


def owed_patient(unit, claim_id: int) -> int:  # noqa: ANN001
    return ClaimRepository(unit.connection).ids_of(claim_id)[0]
