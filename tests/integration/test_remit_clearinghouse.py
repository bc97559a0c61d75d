"""The clearinghouse round trip through the payer simulator: submit an 837P (numbered, recorded),
collect the 999 (batch accepted), the 277CA (claim accepted / rejected in plain words) and the
835 (posted); control numbers never repeat."""

from __future__ import annotations

import datetime as dt

from remit_setup import bill, set_up_practice

from revcycle.edi.clearinghouse import SimulatorClearinghouse
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.edi.submitted_to_837 import claim_batch
from revcycle.payer.examples import example_claim, example_line
from revcycle.services.clearinghouse import Claimant, collect, submit_file
from revcycle.store.repositories.remittances import RemittanceRepository
from revcycle.x12.guides.x837p.write import write_claim_batches

SETTINGS = EnvelopeSettings("acme", "CLINIC01", "87726", usage="T")


def _text_for(claims):
    def text(number: int) -> str:
        batch = claim_batch(claims, f"B{number}", dt.date(2026, 3, 4), "ACME HEALTH")
        header = SETTINGS.header(number, dt.datetime(2026, 3, 4, 12))
        return write_claim_batches([batch], header, sender="CLINIC01", receiver="87726", group_control=number)

    return text


def test_submit_then_collect_moves_batches_and_claims_and_posts_the_835(engine, tmp_path):
    # given two billed claims, one for a member the payer does not know
    practice = set_up_practice(engine)
    claims = [example_claim("C1", "W100", (example_line(1, "99214", 15000),)),
              example_claim("C7", "Z999", (example_line(1, "99213", 10000),))]  # fmt: skip
    partner = SimulatorClearinghouse(SETTINGS, tmp_path / "acme", received_on=dt.date(2026, 3, 5))
    owners = {claim.claim_id: Claimant(practice.patient_id, practice.primary_payer_id) for claim in claims}
    # when the batch is submitted through the simulator clearinghouse, and the answers collected
    number, file_name = submit_file(practice.uow(), practice.biller, partner, _text_for(claims), owners)
    for claim in claims:  # the charges, as the claims package posts them at export
        bill_charge_only(practice, claim)
    report = collect(practice.uow(), practice.biller, partner)
    # then the 837 is in the outbox, the 999 accepted the batch, the 277CA accepted C1 and rejected C7
    # in plain words, and the 835 posted C1
    assert (number, file_name) == (1, "acme-000000001.837")
    assert (tmp_path / "acme" / "outbox" / file_name).exists()
    assert report.files == ["acme-000000001.277ca", "acme-000000001.835", "acme-000000001.999"]
    assert report.batches == {1: "accepted"}
    assert report.claims["C1"].startswith("accepted: A2:20 accepted for processing, payer claim ")
    assert report.claims["C7"] == "rejected: A3:33 subscriber and subscriber id not found"
    assert report.remittances == [{"file": "acme-000000001.835", "status": "posted", "claims_posted": 1, "exceptions": 0}]
    with practice.uow() as uow:
        statuses = RemittanceRepository(uow.connection).claim_statuses()
    assert (statuses["C1"][0], statuses["C7"][0]) == ("paid", "rejected")
    assert partner.waiting() == []
    # and the next submission gets the next interchange number
    again = [example_claim("C8", "W100", (example_line(1, "99213", 10000),))]
    owners = {"C8": Claimant(practice.patient_id, practice.primary_payer_id)}
    assert submit_file(practice.uow(), practice.biller, partner, _text_for(again), owners)[0] == 2


def bill_charge_only(practice, claim) -> None:
    from revcycle.ledger import ChargeRef
    from revcycle.services import ledger

    with practice.uow() as uow:
        claim_row = RemittanceRepository(uow.connection).submitted_claims([claim.claim_id])[claim.claim_id].id
    ledger.post_charge(practice.uow(), practice.biller, f"charge:{claim.claim_id}", ChargeRef(practice.patient_id, claim_row),
                       claim.charge_cents, practice.primary_payer_id, claim.lines[0].service_date)  # fmt: skip


__all__ = ["bill"]


def test_the_collect_command_reads_the_partner_file_and_reports(engine, database_url, tmp_path):
    import json

    from typer.testing import CliRunner

    from revcycle.cli.main import app
    from revcycle.edi.clearinghouse import load_partner

    # given a simulator partner configured in JSON and a submitted claim
    practice = set_up_practice(engine)
    config = tmp_path / "acme.json"
    config.write_text(json.dumps({"name": "acme", "kind": "simulator", "root": "acme", "sender_id": "CLINIC01",
                                  "receiver_id": "87726", "usage": "T", "received_on": "2026-03-05"}))  # fmt: skip
    partner = load_partner(config)
    claims = [example_claim("C1", "W100", (example_line(1, "99214", 15000),))]
    submit_file(practice.uow(), practice.biller, partner, _text_for(claims),
                {"C1": Claimant(practice.patient_id, practice.primary_payer_id)})  # fmt: skip
    # when the biller collects from the command line
    result = CliRunner().invoke(app, ["clearinghouse", "collect", "--partner", str(config), "--user", "biller1",
                                      "--database-url", database_url, "--json"])  # fmt: skip
    # then the 999, 277CA and 835 were applied
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["batches"] == {"1": "accepted"}
    assert [r["claims_posted"] for r in report["remittances"]] == [1]
