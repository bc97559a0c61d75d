"""A practice with one claim paid by an 835, for the FHIR export tests: Jane Doe (Acme Health, member
XYZ123456789, group GRP100) seen on 2026-03-04 for E11.9, I10 and E78.5; claim E<n>-1 bills 99214-25 ($150,
pointers 1 2) and G0008 ($40, pointer 3 then 1), sent in an 837P and answered by Acme's 835 (EFT0042, paid
2026-03-09): line 1 paid $100.00 with CO-45 $30.00 and PR-2 $20.00 (remark N130), line 2 paid $25.00 with
CO-45 $10.00 and PR-1 $5.00."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from claims_setup import RECEIVER, SUBMITTER
from web_setup import Practice, set_up_practice

from revcycle.claims import Claim
from revcycle.edi.envelope import EnvelopeSettings
from revcycle.edi.remit_835 import write_835
from revcycle.practice import Encounter, ServiceLine
from revcycle.remittance.model import Adjustment, ClaimPayment, RemittanceAdvice, ServicePayment
from revcycle.services import claims, patients, remittances

DOS = date(2026, 3, 4)
DIAGNOSES = ("E11.9", "I10", "E78.5")


@dataclass
class PaidClaim:
    practice: Practice
    claim: Claim  # as built (its number, lines and their ids)
    remittance_id: int


def billed_claim(practice: Practice, out_dir: Path) -> Claim:
    """The two-line, three-diagnosis claim, built, scrubbed and sent in an 837P (its charges posted)."""
    lines = (ServiceLine(1, "99214", 15000, modifiers=("25",), diagnosis_pointers=(1, 2)),
             ServiceLine(2, "G0008", 4000, diagnosis_pointers=(3, 1)))  # fmt: skip
    encounter = patients.record_encounter(practice.uow(), practice.biller, Encounter(
        practice.patient_id, DOS, "11", practice.clinic_id, practice.doctor_id, DIAGNOSES, lines,
        coverage_id=practice.coverage_id))  # fmt: skip
    built = claims.build_encounter_claims(practice.uow(), practice.biller, encounter.id)[0]
    run = claims.scrub_claims(practice.uow(), practice.biller, [built.id])
    assert run.claims[0].status.value == "ready", run.result.to_dict()
    claims.export_batch_837(
        practice.uow(), practice.biller, run.batch_id, out_dir / "837.x12", SUBMITTER, RECEIVER
    )
    return built


def acme_835(claim: Claim) -> bytes:
    number = claim.claim_id
    first = ServicePayment("99214", 15000, 10000, modifiers=("25",), service_date=DOS, control_number=f"{number}-1",
                           adjustments=(Adjustment("CO", "45", 3000), Adjustment("PR", "2", 2000)),
                           remarks=("N130",))  # fmt: skip
    second = ServicePayment("G0008", 4000, 2500, service_date=DOS, control_number=f"{number}-2",
                            adjustments=(Adjustment("CO", "45", 1000), Adjustment("PR", "1", 500)))  # fmt: skip
    paid = ClaimPayment(number, "1", 19000, 12500, 2500, payer_claim_number="PCN7001", lines=(first, second))
    advice = RemittanceAdvice("ACME HEALTH", "87726", "SPRINGFIELD FAMILY MEDICINE", "1234567893", "EFT0042",
                              date(2026, 3, 9), 12500, claims=(paid,))  # fmt: skip
    return write_835(advice, EnvelopeSettings("acme", "87726", "CLINIC01", usage="T"), 7,
                     datetime(2026, 3, 9, 9, 0)).encode()  # fmt: skip


def paid_claim(engine, out_dir: Path) -> PaidClaim:
    practice = set_up_practice(engine)
    claim = billed_claim(practice, out_dir)
    report = remittances.post_remittance(practice.uow(), practice.biller, acme_835(claim), "acme.835")
    assert report.status == "posted" and report.claims_posted == 1, report
    return PaidClaim(practice, claim, report.remittance_ids[0])
