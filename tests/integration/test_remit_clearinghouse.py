"""The clearinghouse round trip through the payer simulator: a scrub batch's claims submitted as an 837P
(numbered, recorded on each claim), then the 999 (batch accepted), the 277CA (claim accepted / rejected
in plain words) and the 835 (posted) collected; the claims follow; control numbers never repeat."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

from claims_setup import NOW, SUBMITTER, setup_practice
from typer.testing import CliRunner

from revcycle.claims import ClaimStatus
from revcycle.clearinghouse.partners import load_partner
from revcycle.clearinghouse.simulated import SimulatorClearinghouse
from revcycle.cli.main import app
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel import FixedClock
from revcycle.payer.contract_file import contract_to_dict
from revcycle.practice import Address, Coverage, CoverageOrder, Encounter, Patient, ServiceLine
from revcycle.services import claims, patients
from revcycle.services.clearinghouse import collect, submit_batch
from revcycle.simulator.config import Member
from revcycle.simulator.examples import example_contract, example_payer
from revcycle.store import UnitOfWork

SETTINGS = EnvelopeSettings("acme", "CLINIC01", "87726", usage="T")


def _practice(engine):
    """Jane (member XYZ123456789, known to the payer) and Zoe (member Z999, unknown to it), each seen on
    2026-03-02 and billed: (uow, biller, Jane's claim, Zoe's claim, scrub run)."""

    def uow():
        return UnitOfWork(engine, FixedClock(NOW))

    biller, payer, encounter = setup_practice(uow)
    encounter(("E11.9",), date(2026, 3, 2))
    first = patients.get_encounter(uow(), biller, 1)
    zoe = patients.register_patient(uow(), biller, Patient("Zoe", "Roe", date(1990, 2, 3), "F",
                                                            Address("9 Pine St", "Springfield", "IL", "62701")))  # fmt: skip
    cover = patients.add_coverage(uow(), biller, Coverage(zoe.id, payer.id, "Z999", CoverageOrder.PRIMARY, date(2025, 1, 1)))
    patients.record_encounter(uow(), biller, Encounter(
        zoe.id, date(2026, 3, 2), "11", first.billing_provider_id, first.rendering_provider_id, ("I10",),
        (ServiceLine(1, "99213", 10000),), facility_id=first.facility_id, coverage_id=cover.id))  # fmt: skip
    jane_claim, zoe_claim = claims.build_ready_claims(uow(), biller)
    return uow, biller, jane_claim, zoe_claim, claims.scrub_claims(uow(), biller)


def _payer_knowing_jane():
    payer = example_payer()
    return dataclasses.replace(payer, members=(*payer.members, Member("XYZ123456789", "GOLD", date(2025, 1, 1))))


def test_submit_then_collect_moves_the_batch_and_its_claims_and_posts_the_835(engine, tmp_path):
    # given two scrubbed claims, one for a member the payer does not know
    uow, biller, jane, zoe, run = _practice(engine)
    partner = SimulatorClearinghouse(SETTINGS, tmp_path / "acme", _payer_knowing_jane(), received_on=date(2026, 3, 5))
    # when the batch is submitted through the simulator clearinghouse, and the answers collected
    number, file_name = submit_batch(uow(), biller, partner, run.batch_id, SUBMITTER)
    report = collect(uow(), biller, partner)
    # then the 837 is in the outbox, the 999 accepted the batch, the 277CA accepted Jane's claim and
    # rejected Zoe's in plain words, and the 835 posted Jane's
    assert (number, file_name) == (1, "acme-000000001.837")
    assert (tmp_path / "acme" / "outbox" / file_name).exists()
    assert report.files == ["acme-000000001.277ca", "acme-000000001.835", "acme-000000001.999"]
    assert report.batches == {1: "accepted"}
    assert report.claims[jane.claim_id].startswith("accepted: A2:20 accepted for processing, payer claim ")
    assert report.claims[zoe.claim_id] == "rejected: A3:33 subscriber and subscriber id not found"
    assert report.remittances == [{"file": "acme-000000001.835", "status": "posted", "claims_posted": 1, "exceptions": 0}]
    assert partner.waiting() == []
    # and each claim knows when and in which interchange it went out, and where the payer's answers left it
    with uow() as unit:
        stored = unit.claims.get_many([jane.id, zoe.id])
        interchange = unit.remittances.batch_by_interchange("acme", 1)
        assert unit.claims.of_batch(interchange.id) == [jane.id, zoe.id]
    assert [change.status for change in stored[jane.id].history] == [
        ClaimStatus.DRAFT, ClaimStatus.SCRUBBED, ClaimStatus.READY, ClaimStatus.SUBMITTED, ClaimStatus.ACCEPTED,
        ClaimStatus.PAID]  # fmt: skip
    assert (stored[zoe.id].status, stored[zoe.id].history[-1].note) == (
        ClaimStatus.REJECTED, "rejected: A3:33 subscriber and subscriber id not found")


def test_the_next_submission_gets_the_next_interchange_number(engine, tmp_path):
    # given a batch submitted to the partner and its answers collected
    uow, biller, jane, _zoe, run = _practice(engine)
    partner = SimulatorClearinghouse(SETTINGS, tmp_path / "acme", _payer_knowing_jane(), received_on=date(2026, 3, 5))
    submit_batch(uow(), biller, partner, run.batch_id, SUBMITTER)
    collect(uow(), biller, partner)
    # when Jane's next visit is billed, scrubbed and submitted
    visit = patients.get_encounter(uow(), biller, jane.encounter_id)
    patients.record_encounter(uow(), biller, Encounter(
        visit.patient_id, date(2026, 3, 9), "11", visit.billing_provider_id, visit.rendering_provider_id, ("E11.9",),
        (ServiceLine(1, "99213", 10000),), facility_id=visit.facility_id, coverage_id=visit.coverage_id))  # fmt: skip
    (later,) = claims.build_ready_claims(uow(), biller)
    number, file_name = submit_batch(uow(), biller, partner, claims.scrub_claims(uow(), biller, [later.id]).batch_id,
                                     SUBMITTER)  # fmt: skip
    # then it goes out under interchange 2, never 1 again
    assert (number, file_name) == (2, "acme-000000002.837")


def test_the_collect_command_reads_the_partner_file_and_reports(engine, database_url, tmp_path):
    # given a simulator partner configured in JSON, its payer's configuration (the example contract, a GOLD
    # plan, Jane's member id) beside it, and a submitted batch
    uow, biller, jane, zoe, run = _practice(engine)
    (tmp_path / "acme-payer.json").write_text(json.dumps({
        "payer_id": "87726", "name": "ACME HEALTH", "contract": contract_to_dict(example_contract()),
        "plans": [{"plan_id": "GOLD", "deductible_cents": 0, "coinsurance_percent": "0", "out_of_pocket_max_cents": 0}],
        "members": [{"member_id": "XYZ123456789", "plan_id": "GOLD", "effective_from": "2025-01-01"}]}))  # fmt: skip
    config = tmp_path / "acme.json"
    config.write_text(json.dumps({"name": "acme", "kind": "simulator", "root": "acme", "sender_id": "CLINIC01",
                                  "receiver_id": "87726", "usage": "T", "received_on": "2026-03-05",
                                  "payer_config": "acme-payer.json"}))  # fmt: skip
    submit_batch(uow(), biller, load_partner(config), run.batch_id, SUBMITTER)
    # when the biller collects from the command line
    result = CliRunner().invoke(app, ["clearinghouse", "collect", "--partner", str(config), "--user", "bea",
                                      "--database-url", database_url, "--json"])  # fmt: skip
    # then the 999, 277CA and 835 were applied: Jane's claim accepted and posted, Zoe's (unknown) rejected
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["batches"] == {"1": "accepted"}
    assert report["claims"][jane.claim_id].startswith("accepted: A2:20 accepted for processing, payer claim ")
    assert report["claims"][zoe.claim_id] == "rejected: A3:33 subscriber and subscriber id not found"
    assert [r["claims_posted"] for r in report["remittances"]] == [1]
    with uow() as unit:
        assert unit.claims.get(jane.id).status is ClaimStatus.PAID
