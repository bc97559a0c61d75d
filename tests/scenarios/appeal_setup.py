"""Denied claims for the appeal stories: an encounter billed through the simulator clearinghouse, and the
payer deciding the claim again after an appeal (its reviewer adds the authorization, or not)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from followup_setup import SETTINGS

from revcycle.clearinghouse.simulated import SimulatorClearinghouse
from revcycle.edi.remit_835 import write_835
from revcycle.practice import Encounter, ServiceLine
from revcycle.practice.organization import Submitter
from revcycle.services import claims as claim_services
from revcycle.services import patients
from revcycle.services.clearinghouse import collect, submit_batch
from revcycle.simulator.config import PayerConfig
from revcycle.simulator.engine import PayerEngine
from revcycle.simulator.realtime_desk import replay_837_files

SET_UP = dt.datetime(2026, 3, 1, 17, 0, tzinfo=dt.UTC)
SUBMITTED = dt.datetime(2026, 3, 5, 10, 0, tzinfo=dt.UTC)
COLLECTED = dt.datetime(2026, 3, 20, 8, 0, tzinfo=dt.UTC)
DOS = dt.date(2026, 3, 2)
SUBMITTER = Submitter("Springfield Family Medicine", "CLINIC01", "Billing Office", "2175550100")
MRI = ServiceLine(1, "72148", 90000, diagnosis_pointers=(1,))  # needs a prior authorization (CO-197)


def denied_claim(clinic, tmp_path, payer: PayerConfig, lines=(MRI,)) -> tuple[SimulatorClearinghouse, int]:  # noqa: ANN001
    """Richard Roe's claim, submitted on 2026-03-05; the 835 (paid 2026-03-19) collected on 2026-03-20."""
    patient_id, coverage_id = clinic.patients["roe"]
    encounter = patients.record_encounter(clinic.uow(SET_UP), clinic.biller, Encounter(
        patient_id, DOS, "11", clinic.provider_id, clinic.doctor_id, ("M5450",), tuple(lines),
        coverage_id=coverage_id))  # fmt: skip
    claim_services.build_encounter_claims(clinic.uow(SUBMITTED), clinic.biller, encounter.id)
    run = claim_services.scrub_claims(clinic.uow(SUBMITTED), clinic.biller)
    assert run.result.clean_claims == 1
    partner = SimulatorClearinghouse(SETTINGS, tmp_path / "acme", payer, received_on=SUBMITTED.date())
    submit_batch(clinic.uow(SUBMITTED), clinic.biller, partner, run.batch_id, SUBMITTER)
    collect(clinic.uow(COLLECTED), clinic.biller, partner)
    return partner, run.claims[0].id


def payer_decides_again(partner: SimulatorClearinghouse, payer: PayerConfig, authorization: str, paid_on: dt.date,
                        control: int = 90) -> str:  # fmt: skip
    """The payer adjudicates the claim again (with `authorization` linked, or none) into a new 835 in the
    partner's inbox; returns its file name."""
    engine = PayerEngine(payer)
    first, *_ = replay_837_files(engine, partner.outbox.glob("*.837"), SETTINGS.reversed(), SUBMITTED.date())
    (claim,) = first.claims
    advice = engine.adjudicate([replace(claim, prior_authorization=authorization)], paid_on)
    name = f"acme-appeal-{control:09d}.835"
    text = write_835(advice, SETTINGS.reversed(), control, dt.datetime.combine(paid_on, dt.time(9)))
    (partner.inbox / name).write_text(text, encoding="ascii")
    return name
