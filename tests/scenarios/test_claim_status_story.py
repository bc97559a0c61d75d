"""Claims that went quiet: submitted on 2026-03-05 through the simulator clearinghouse, the answers
never collected. Thirty-six days later the biller asks the payer (276/277): one claim was paid, one
denied (coverage had ended), one the payer never received. The answers are stored, the claims move
along their lifecycle (the one never received: rejected, to be sent again), and the payer's own waiting
period is honoured."""

from __future__ import annotations

import datetime as dt

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from followup_setup import SETTINGS, family_payer, set_up_clinic

from revcycle.claims.model import ClaimStatus
from revcycle.clearinghouse.simulated import SimulatorClearinghouse
from revcycle.kernel import FixedClock
from revcycle.practice.organization import Submitter
from revcycle.services import claims as claim_services
from revcycle.services import users
from revcycle.services.claim_status import check_claim_status, set_claim_status_days
from revcycle.services.clearinghouse import submit_batch
from revcycle.simulator.examples import example_claim, example_line
from revcycle.store.testing import database_url, engine  # noqa: F401  (pytest fixtures)
from sent_claims import practice_claim, record_sent

SET_UP = dt.datetime(2026, 3, 1, 17, 0, tzinfo=dt.UTC)
SUBMITTED = dt.datetime(2026, 3, 5, 10, 0, tzinfo=dt.UTC)
ASKED = dt.datetime(2026, 4, 10, 9, 0, tzinfo=dt.UTC)
DOS = dt.date(2026, 3, 2)
SUBMITTER = Submitter("Springfield Family Medicine", "CLINIC01", "Billing Office", "2175550100")


@pytest.fixture(autouse=True)
def cheap_password_hashing():
    previous = users.use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))
    yield
    users.use_password_hasher(previous)


def _submit(clinic, tmp_path) -> tuple[SimulatorClearinghouse, dict[str, int]]:
    encounters = {name: clinic.encounter(name, DOS, SET_UP) for name in ("roe", "loe")}
    for encounter_id in encounters.values():
        claim_services.build_encounter_claims(clinic.uow(SUBMITTED), clinic.biller, encounter_id)
    run = claim_services.scrub_claims(clinic.uow(SUBMITTED), clinic.biller)
    assert run.result.clean_claims == 2
    partner = SimulatorClearinghouse(SETTINGS, tmp_path / "acme", family_payer(), received_on=SUBMITTED.date(),
                                     clock=FixedClock(ASKED))  # the payer answers 276s on the day they are asked
    submit_batch(clinic.uow(SUBMITTED), clinic.biller, partner, run.batch_id, SUBMITTER)
    return partner, {claim.claim_id: claim.id for claim in run.claims}


def test_quiet_claims_are_asked_about_and_move_along_their_lifecycle(engine, tmp_path):  # noqa: F811
    # given two claims submitted on 2026-03-05 and never answered, and one the payer never received
    clinic = set_up_clinic(engine, SET_UP)
    partner, claim_ids = _submit(clinic, tmp_path)
    roe_claim, loe_claim = sorted(claim_ids)
    lost = example_claim("LOST1", "W200", (example_line(1, "99213", 10000, service_date=DOS),))
    lost_id = record_sent(clinic.uow(SUBMITTED), practice_claim(lost), clinic.patients["roe"][0], clinic.payer_id,
                          SUBMITTED).id  # fmt: skip
    # when, 36 days later, the biller asks while the payer's claims count as quiet only after 45 days
    set_claim_status_days(clinic.uow(SUBMITTED), clinic.admin, clinic.payer_id, 45)
    waiting = check_claim_status(clinic.uow(ASKED), clinic.biller, partner.payer_desk(), SETTINGS)
    # then nothing is asked; with the payer's wait set to 30 days all three are
    assert waiting.asked == []
    set_claim_status_days(clinic.uow(SUBMITTED), clinic.admin, clinic.payer_id, 30)
    report = check_claim_status(clinic.uow(ASKED), clinic.biller, partner.payer_desk(), SETTINGS)
    # then all three were asked about in one 276 and answered in plain words
    assert report.asked == [roe_claim, loe_claim, "LOST1"] and report.unanswered == []
    roe, loe, never = (report.answers[c] for c in (roe_claim, loe_claim, "LOST1"))
    assert (roe.category, roe.words) == ("F1", "finalized: paid — the claim or line has been paid")
    # W200: 99214 $130 allowed ($50 deductible, 20% of $80) + 83036 $13 (20%): the payer pays $64.00 + $10.40
    assert (roe.charge_cents, roe.paid_cents, roe.adjudicated_on, roe.paid_on) == (19000, 7440, dt.date(2026, 3, 19), dt.date(2026, 3, 19))
    assert roe.payer_claim_number.startswith("0126064") and len(roe.payer_claim_number) == 14
    assert (loe.category, loe.paid_cents) == ("F2", 0)
    assert loe.words == "finalized: denied — the member was not eligible on the date(s) of service"
    assert (never.category, never.payer_claim_number) == ("A4", "")
    # and the claims moved along the lifecycle table: the one the payer never received is rejected (send it again)
    assert report.moved == {roe_claim: "paid", loe_claim: "denied", "LOST1": "rejected"}
    with clinic.uow(ASKED) as uow:
        assert uow.claims.get(claim_ids[roe_claim]).status is ClaimStatus.PAID
        assert [change.status for change in uow.claims.get(claim_ids[loe_claim]).history][-2:] == [
            ClaimStatus.ACCEPTED, ClaimStatus.DENIED]
        lost_claim = uow.claims.get(lost_id)
        (check,) = uow.followup.claim_status_checks_of(lost_id)
    assert (lost_claim.status, lost_claim.history[-1].note) == (
        ClaimStatus.REJECTED,
        "277 A4:35: acknowledged: the payer has no record of the claim — the payer has no record of this claim")
    assert (check.category, check.status_codes, check.paid_cents) == ("A4", "A4:35", None)
    # when asked again the same day, nothing is quiet any more but the lost claim is not asked either
    again = check_claim_status(clinic.uow(ASKED), clinic.biller, partner.payer_desk(), SETTINGS)
    assert again.asked == []
