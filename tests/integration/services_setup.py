"""A small synthetic practice set up through the services (users, clinic, payers, a patient)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from practice_rows import CLINIC, DOCTOR, coverage, patient

from revcycle.kernel import FixedClock
from revcycle.practice import Payer, User
from revcycle.services import patients, practice, users
from revcycle.store import UnitOfWork

NOW = datetime(2026, 3, 10, 15, 30, tzinfo=UTC)
DOS = date(2026, 3, 4)
PASSWORD = "correct horse battery"


@dataclass
class Practice:
    engine: object
    admin: User
    manager: User
    biller: User
    auditor: User
    clinic_id: int
    doctor_id: int
    primary_payer_id: int
    secondary_payer_id: int
    patient_id: int
    coverage_id: int

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.engine, FixedClock(NOW))


def set_up_practice(engine) -> Practice:
    def uow():
        return UnitOfWork(engine, FixedClock(NOW))

    admin = users.add_user(uow(), "admin", "admin", PASSWORD)
    staff = {
        role: users.add_user(uow(), f"{role}1", role, PASSWORD, actor=admin)
        for role in ("manager", "biller", "auditor")
    }
    clinic = practice.add_billing_provider(uow(), admin, CLINIC)
    doctor = practice.add_rendering_provider(uow(), admin, DOCTOR)
    primary = practice.add_payer(uow(), admin, Payer("87726", "Synthetic Health", "CI", 90))
    secondary = practice.add_payer(uow(), admin, Payer("00431", "Second Synthetic", "MB", 365))
    registered = patients.register_patient(uow(), staff["biller"], patient(1))
    cover = patients.add_coverage(
        uow(), staff["biller"], coverage(registered.id, primary.id, date(2026, 1, 1), date(2026, 12, 31))
    )
    return Practice(
        engine, admin, staff["manager"], staff["biller"], staff["auditor"], clinic.id, doctor.id, primary.id, secondary.id,
        registered.id, cover.id,
    )  # fmt: skip
