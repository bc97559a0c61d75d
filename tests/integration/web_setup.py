"""A small practice for the web pages, seeded through the services: a coder, three encounters with
notes (one built into a claim, scrubbed and exported, so the ledger and the dashboard have data);
a test client of the web app, signed in as a user."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from claims_setup import CLINIC_ADDRESS, RECEIVER, SUBMITTER
from fastapi.testclient import TestClient
from services_setup import NOW, PASSWORD

from revcycle.edi.envelope import EnvelopeSettings
from revcycle.edi.remit_835 import write_835
from revcycle.kernel import FixedClock
from revcycle.practice import (
    Address,
    BillingProvider,
    Coverage,
    CoverageOrder,
    Encounter,
    Payer,
    RenderingProvider,
    ServiceLine,
)
from revcycle.practice import Patient as PatientRecord
from revcycle.remittance.model import Adjustment, ClaimPayment, RemittanceAdvice, ServicePayment
from revcycle.services import claims, patients, practice, remittances, users
from revcycle.store import UnitOfWork
from revcycle.web.app import create_web_app

BILLED = (
    (
        date(2026, 3, 4),
        "99213",
        11000,
        ("E11.9",),
        "Established patient seen for follow-up of type 2 diabetes mellitus without complications. "
        "A1c reviewed. Continue metformin.",
    ),
    (
        date(2026, 1, 20),
        "99214",
        15000,
        ("J45.909",),
        "Asthma follow-up. Mild wheezing, no distress. Assessment: asthma, uncomplicated. Refilled albuterol.",
    ),
)
QUEUE_NOTES = (
    (
        date(2026, 3, 5),
        "99214",
        15000,
        ("I10",),
        "Follow-up visit. Essential hypertension, well controlled on lisinopril. Hyperlipidemia: continue "
        "atorvastatin. Lipid panel ordered. Total time 30 minutes.",
    ),
    (
        date(2026, 3, 6),
        "99213",
        11000,
        ("J02.9",),
        "Sore throat for three days with fever. Exam: pharyngeal erythema. Assessment: acute pharyngitis. "
        "Rapid strep test negative. Supportive care.",
    ),
)


@dataclass
class Practice:
    engine: object
    biller: object
    clinic_id: int
    doctor_id: int
    patient_id: int
    coverage_id: int

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.engine, FixedClock(NOW))


def set_up_practice(engine) -> Practice:
    """Users of every role, a clinic (ZIP+4, so its claims scrub clean), a doctor, a payer, a covered patient."""

    def uow():
        return UnitOfWork(engine, FixedClock(NOW))

    admin = users.add_user(uow(), "admin", "admin", PASSWORD)
    staff = {
        role: users.add_user(uow(), f"{role}1", role, PASSWORD, actor=admin)
        for role in ("coder", "biller", "manager", "auditor")
    }
    clinic = practice.add_billing_provider(
        uow(),
        admin,
        BillingProvider(
            "Springfield Family Medicine", "1234567893", "12-3456789", "207Q00000X", CLINIC_ADDRESS
        ),
    )
    doctor = practice.add_rendering_provider(
        uow(), admin, RenderingProvider("John", "Smith", "1987654328", "207Q00000X")
    )
    payer = practice.add_payer(uow(), admin, Payer("87726", "Acme Health", "CI", 180))
    jane = patients.register_patient(
        uow(),
        staff["biller"],
        PatientRecord(
            "Jane", "Doe", date(1980, 4, 12), "F", Address("12 Oak Ave", "Springfield", "IL", "627025678")
        ),
    )
    coverage = patients.add_coverage(
        uow(),
        staff["biller"],
        Coverage(
            jane.id, payer.id, "XYZ123456789", CoverageOrder.PRIMARY, date(2025, 1, 1), group_number="GRP100"
        ),
    )
    return Practice(engine, staff["biller"], clinic.id, doctor.id, jane.id, coverage.id)


@dataclass
class WebWorld:
    practice: Practice
    billed_encounter_ids: tuple[int, ...]
    queued_encounter_ids: tuple[int, ...]
    claim_id: int  # the first billed encounter's claim (E1-1)
    file_name: str


def _encounter(
    practice: Practice, day: date, code: str, charge_cents: int, diagnoses: tuple[str, ...], note: str
) -> int:
    lines = (ServiceLine(1, code, charge_cents, diagnosis_pointers=(1,)),)
    return patients.record_encounter(
        practice.uow(),
        practice.biller,
        Encounter(
            practice.patient_id,
            day,
            "11",
            practice.clinic_id,
            practice.doctor_id,
            diagnoses,
            lines,
            coverage_id=practice.coverage_id,
            note_text=note,
        ),
    ).id


def web_world(engine, out_dir: Path) -> WebWorld:
    practice = set_up_practice(engine)
    billed = tuple(_encounter(practice, *row) for row in BILLED)
    queued = tuple(_encounter(practice, *row) for row in QUEUE_NOTES)
    built = [
        claims.build_encounter_claims(practice.uow(), practice.biller, encounter_id)[0]
        for encounter_id in billed
    ]
    run = claims.scrub_claims(practice.uow(), practice.biller, [claim.id for claim in built])
    export = claims.export_batch_837(
        practice.uow(), practice.biller, run.batch_id, out_dir / "batch-837.x12", SUBMITTER, RECEIVER
    )
    return WebWorld(practice, billed, queued, built[0].id, export.path.name)


def remittance_835(unknown_claim: bool = True) -> bytes:
    """Acme's 835 for the two billed claims: E1-1 ($110) paid $80.00 with CO-45 $20.00 and PR-2 $10.00;
    E2-1 ($150) denied CO-197 (no authorization); and, when asked, a claim X9-1 nobody sent (an exception)."""

    def line(
        claim: str, day: date, code: str, charge: int, paid: int, *adjustments: Adjustment
    ) -> ServicePayment:
        return ServicePayment(code, charge, paid, service_date=day, control_number=f"{claim}-1",
                              adjustments=adjustments)  # fmt: skip

    paid = ClaimPayment(
        "E1-1",
        "1",
        11000,
        8000,
        1000,
        payer_claim_number="PCN1001",
        lines=(
            line(
                "E1-1",
                date(2026, 3, 4),
                "99213",
                11000,
                8000,
                Adjustment("CO", "45", 2000),
                Adjustment("PR", "2", 1000),
            ),
        ),
    )
    denied = ClaimPayment(
        "E2-1",
        "4",
        15000,
        0,
        0,
        payer_claim_number="PCN1002",
        lines=(line("E2-1", date(2026, 1, 20), "99214", 15000, 0, Adjustment("CO", "197", 15000)),),
    )
    stray = ClaimPayment(
        "X9-1",
        "1",
        5000,
        5000,
        0,
        payer_claim_number="PCN1003",
        lines=(line("X9-1", date(2026, 3, 1), "99212", 5000, 5000),),
    )
    found = (paid, denied, stray) if unknown_claim else (paid, denied)
    advice = RemittanceAdvice("ACME HEALTH", "87726", "SPRINGFIELD FAMILY MEDICINE", "1234567893", "EFT0001",
                              date(2026, 3, 9), sum(claim.paid_cents for claim in found), claims=found)  # fmt: skip
    return write_835(advice, EnvelopeSettings("acme", "87726", "CLINIC01", usage="T"), 1,
                     datetime(2026, 3, 9, 9, 0)).encode()  # fmt: skip


def paid_world(engine, out_dir: Path) -> WebWorld:
    """`web_world` after Acme's 835 (`remittance_835(unknown_claim=False)`) posted: E1-1 paid with $10.00
    left to the patient, E2-1 denied CO-197."""
    world = web_world(engine, out_dir)
    practice = world.practice
    remittances.post_remittance(
        practice.uow(), practice.biller, remittance_835(unknown_claim=False), "acme.835"
    )
    return world


def web_client(engine, partner=None, now=NOW) -> TestClient:
    """An anonymous client of the web app (redirects not followed) on a fixed clock."""
    app = create_web_app(engine, FixedClock(now), secret_key="web-test", partner=partner)
    return TestClient(app, follow_redirects=False)


def signed_in(engine, username: str, partner=None, now=NOW) -> TestClient:
    """A web client signed in through the login form as `username`."""
    client = web_client(engine, partner, now)
    token = form_token(client.get("/login").text)
    answer = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert answer.status_code == 303, answer.text
    return client


def form_token(html: str) -> str:
    """The first form's csrf_token value on a page."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None, "no csrf_token on the page"
    return found.group(1)


__all__ = [
    "NOW",
    "PASSWORD",
    "WebWorld",
    "form_token",
    "paid_world",
    "remittance_835",
    "signed_in",
    "web_client",
    "web_world",
]
