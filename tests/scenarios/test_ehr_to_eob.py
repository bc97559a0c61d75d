"""Issue 17's whole road, on real servers on 127.0.0.1: an EHR sends a registration (ADT^A04) and the visit's
charges (DFT^P03) over MLLP → the patient, coverages and charges land in revcycle → the claim is built, scrubbed and
submitted as an 837P over SFTP → the clearinghouse (the payer simulator) drops a 999, a 277CA and an 835 on the
SFTP server → collected and posted → the paid claim leaves as a FHIR R4 ExplanationOfBenefit."""

from __future__ import annotations

import dataclasses
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))

from claims_setup import SUBMITTER  # noqa: E402
from hl7_setup import fixture, listening  # noqa: E402
from interface_setup import set_up_interfaces  # noqa: E402
from practice_rows import ADDRESS, CLINIC  # noqa: E402
from sftp_setup import answer_837s, sftp_exchange  # noqa: E402

from revcycle.clearinghouse.partners import load_partner  # noqa: E402
from revcycle.interfaces.fhir_validate import resource_problems  # noqa: E402
from revcycle.interfaces.mllp import MllpClient  # noqa: E402
from revcycle.practice import Facility  # noqa: E402
from revcycle.services import claims, fhir_export, ledger, practice  # noqa: E402
from revcycle.services.clearinghouse import collect, submit_batch  # noqa: E402
from revcycle.simulator.config import Member  # noqa: E402
from revcycle.simulator.examples import example_payer  # noqa: E402
from revcycle.store.testing import database_url, engine  # noqa: E402, F401  (pytest fixtures)


def _msa(ack: str) -> str:
    return next(segment for segment in ack.split("\r") if segment.startswith("MSA"))


def _payer_knowing_mary():
    payer = example_payer()
    return dataclasses.replace(payer, members=(*payer.members, Member("XJ100200", "GOLD", date(2026, 1, 1))))


def _zip_plus_four(world) -> None:
    """The clinic's and the office's ZIP+4, as an 837P needs (the scrubber refuses a 5-digit one)."""
    address = dataclasses.replace(ADDRESS, zip_code="627011234")
    practice.change_billing_provider(
        world.uow(), world.admin, dataclasses.replace(CLINIC, id=world.clinic_id, address=address)
    )
    practice.change_facility(
        world.uow(), world.admin, Facility("Main Street Office", address, "11", id=world.office_id)
    )


def test_an_ehr_visit_goes_in_by_mllp_out_by_sftp_and_comes_back_as_a_fhir_eob(engine, tmp_path):  # noqa: F811
    # given a practice whose EHR (Epic registration, athenaOne charges) and clearinghouse (SFTP) are connected
    world = set_up_interfaces(engine)
    _zip_plus_four(world)
    biller = world.interfaces
    # when the EHR sends Mary's registration and her visit's charges over MLLP
    with listening(world) as port, MllpClient("127.0.0.1", port) as client:
        acks = client.send_many([fixture("epic_adt_a04.hl7"), fixture("athena_dft_p03.hl7")])
    # then both are acknowledged as applied
    assert [_msa(ack) for ack in acks] == ["MSA|AA|NC100001", "MSA|AA|ATH-55501"]
    # when the biller builds and scrubs the claim
    built = claims.build_ready_claims(world.uow(), biller)
    run = claims.scrub_claims(world.uow(), biller)
    # then it is Mary's, to her primary (Blue Choice → Synthetic Health 87726, member XJ100200), with the EHR's lines,
    # diagnoses in DG1 priority order and each line's pointers from FT1-19, and it scrubs clean
    claim = built[0]
    assert (len(built), claim.subscriber.member_id, claim.payer.payer_code, claim.diagnoses) == (
        1, "XJ100200", "87726", ("E11.9", "I10", "R30.0"))  # fmt: skip
    assert [(line.procedure_code, line.modifiers, line.charge_cents, line.diagnosis_pointers) for line in claim.lines] == [
        ("99214", ("25",), 16500, (1, 2)), ("36415", (), 1500, (1,)), ("81002", (), 1200, (3, 1))]  # fmt: skip
    assert [result.findings for result in run.result.results] == [()]
    # when it is submitted over SFTP, the clearinghouse answers on its server, and the biller collects
    with sftp_exchange(tmp_path) as exchange:
        partner = load_partner(exchange.partner_file)
        submitted = submit_batch(world.uow(), biller, partner, run.batch_id, SUBMITTER)
        dropped = answer_837s(exchange.root, date(2026, 3, 12), _payer_knowing_mary())
        report = collect(world.uow(), biller, partner)
        archived = sorted(path.name for path in (exchange.root / "archive").iterdir())
    # then the 837 went up, and the 999, 277CA and 835 came back, were applied once and archived
    assert (submitted, dropped) == ((1, "acme-000000001.837"), [
        "acme-000000001.999", "acme-000000001.277ca", "acme-000000001.835"])  # fmt: skip
    assert (report.batches, report.claims, report.remittances) == (
        {1: "accepted"}, {"E1-1": "accepted: A2:20 accepted for processing, payer claim 01260710000001"},
        [{"file": "acme-000000001.835", "status": "posted", "claims_posted": 1, "exceptions": 0}])  # fmt: skip
    assert archived == sorted(dropped)
    # and the ledger: $192.00 charged, $140.20 paid, $51.80 contractual (CO-45): nothing left owing
    balance = ledger.claim_balance(world.uow(), biller, claim.id)
    assert (balance.insurance_cents, balance.patient_cents, balance.unapplied_cents) == (0, 0, 0)
    # when the paid claim is exported as FHIR R4
    bundle = fhir_export.eob_search(world.uow(), biller, "https://billing.example/fhir", claim_ref=claim.id)
    # then it is one valid ExplanationOfBenefit with what the payer said, line by line
    assert resource_problems(bundle) == []
    eob = bundle["entry"][0]["resource"]
    assert (bundle["total"], eob["resourceType"], eob["outcome"], eob["claim"], eob["patient"]) == (
        1, "ExplanationOfBenefit", "complete", {"reference": "Claim/1"}, {"reference": "Patient/1"})  # fmt: skip
    assert [
        (item["productOrService"]["coding"][0]["code"], _amounts(item["adjudication"]))
        for item in eob["item"]
    ] == [
        ("99214", {"submitted": 165.0, "eligible": 130.0, "benefit": 130.0, "CO-45": 35.0}),
        ("36415", {"submitted": 15.0, "eligible": 3.0, "benefit": 3.0, "CO-45": 12.0}),
        ("81002", {"submitted": 12.0, "eligible": 7.2, "benefit": 7.2, "CO-45": 4.8}),
    ]
    assert (eob["payment"]["amount"], eob["payment"]["date"]) == (
        {"value": 140.2, "currency": "USD"},
        "2026-03-26",
    )


def _amounts(adjudication: list[dict]) -> dict[str, float]:
    """An item's adjudication as {category or GROUP-CARC: amount}."""
    found = {}
    for entry in adjudication:
        category = entry["category"]["coding"][0]["code"]
        if category == "adjustmentreason":
            category = f"{entry['category']['text'][:2]}-{entry['reason']['coding'][0]['code']}"
        found[category] = entry["amount"]["value"]
    return found
