"""The whole way back with the claims package: encounter -> claim -> scrub batch -> submitted through
the payer-simulator clearinghouse -> 999, 277CA and 835 collected -> the claim is PAID and its
receivable is zero (the 835 posts on the claim the charges were posted on)."""

from __future__ import annotations

import dataclasses
from datetime import date

from claims_setup import NOW, RECEIVER, SUBMITTER, setup_practice

from revcycle.claims import ClaimStatus
from revcycle.clearinghouse.simulated import SimulatorClearinghouse
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel import FixedClock
from revcycle.services import claims
from revcycle.services.clearinghouse import collect, submit_batch
from revcycle.services.remittances import post_remittance
from revcycle.simulator.claims_desk import simulate
from revcycle.simulator.config import Member
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.examples import example_payer
from revcycle.store import UnitOfWork
from revcycle.store.repositories.claims import ClaimRepository


def test_a_built_claim_goes_out_and_comes_back_paid(engine, tmp_path):
    # given a coded encounter billed as a claim, scrubbed clean into a batch
    uow, biller, built, run = _scrubbed_claim(engine)
    # and a payer that knows the member (GOLD plan: no cost share)
    payer = _gold_member_payer()
    partner = SimulatorClearinghouse(EnvelopeSettings("acme", "CLINIC01", "87726", usage="T"), tmp_path / "acme", payer,
                                     received_on=date(2026, 3, 5))  # fmt: skip
    # when the batch is submitted and the answers collected
    number, _file = submit_batch(uow(), biller, partner, run.batch_id, SUBMITTER)
    report = collect(uow(), biller, partner)
    # then the batch and the claim were accepted, and the 835 paid $130 + $13 of $190 (CO-45 $47)
    assert report.batches == {number: "accepted"}
    assert report.claims[built.claim_id].startswith("accepted: A2:20")
    assert report.remittances[0]["claims_posted"] == 1
    with uow() as unit:
        stored = ClaimRepository(unit.connection).get(built.id)
        owed = unit.journal.receivable(claim_id=built.id)
        trial = unit.journal.trial_balance()
    assert stored.status is ClaimStatus.PAID
    assert (owed.insurance_cents, owed.patient_cents) == (0, 0)
    assert (trial["cash"], trial["contractual_adjustment"]) == (14300, 4700)


def test_an_835_for_a_claim_exported_without_the_clearinghouse_still_posts_on_it(engine, tmp_path):
    # given a claim exported with `claims export` (no clearinghouse submission recorded)
    uow, biller, built, run = _scrubbed_claim(engine)
    out = tmp_path / "batch.837"
    claims.export_batch_837(uow(), biller, run.batch_id, out, SUBMITTER, RECEIVER)
    payer = _gold_member_payer()
    answer = simulate(out.read_bytes(), PayerEngine(payer), EnvelopeSettings("acme", "87726", "CLINIC01"),
                      date(2026, 3, 5), date(2026, 3, 19), 4)  # fmt: skip
    # when its 835 is dry-run, then posted
    dry = post_remittance(uow(), biller, answer.remittance_835.encode(), dry_run=True)
    posted = post_remittance(uow(), biller, answer.remittance_835.encode())
    # then the stored claim is found by its number (lines by <claim>-<n>), paid on the claim its charges are on
    assert (dry.claims_posted, dry.totals["paid"]) == (1, 14300)
    assert (posted.claims_posted, posted.exceptions) == (1, [])
    with uow() as unit:
        assert ClaimRepository(unit.connection).get(built.id).status is ClaimStatus.PAID
        assert unit.journal.receivable(claim_id=built.id).total_cents == 0


def _scrubbed_claim(engine):
    """Jane's E11.9 encounter built as a claim and scrubbed into a batch: (uow, biller, claim, scrub run)."""

    def uow():
        return UnitOfWork(engine, FixedClock(NOW))

    biller, _payer, encounter = setup_practice(uow)
    encounter(("E11.9",), date(2026, 3, 2))
    (built,) = claims.build_ready_claims(uow(), biller)
    return uow, biller, built, claims.scrub_claims(uow(), biller)


def _gold_member_payer():
    """The example payer knowing Jane's member id on the GOLD plan (no cost share)."""
    payer = example_payer()
    return dataclasses.replace(payer, members=(*payer.members, Member("XYZ123456789", "GOLD", date(2025, 1, 1))))
