"""A front desk on a real database: a user per role, the clinic, Dr Quill, the Main Street office, two
payers (Acme Health, Second Health), Richard Roe with Acme (W200, the simulator's PPO member) as primary
and Second Health as secondary through his spouse, and the payer simulator answering 270s."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from api_remit_setup import SETTINGS
from practice_rows import ADDRESS, CLINIC, DOCTOR
from services_setup import NOW, PASSWORD

from revcycle.clearinghouse.simulated import SimulatorClearinghouse
from revcycle.kernel import FixedClock
from revcycle.practice import Coverage, CoverageOrder, Facility, Patient, Payer, Person, User
from revcycle.services import patients, practice, users
from revcycle.simulator.examples import example_payer
from revcycle.store import UnitOfWork

ROLES = ("coder", "biller", "manager", "auditor", "admin")
VISIT = date(2026, 3, 10)


@dataclass
class FrontDesk:
    engine: object
    staff: dict[str, User]
    clinic_id: int
    doctor_id: int
    office_id: int
    acme_id: int
    second_id: int
    roe_id: int
    acme_coverage_id: int
    second_coverage_id: int
    partner: SimulatorClearinghouse

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.engine, FixedClock(NOW))

    @property
    def biller(self) -> User:
        return self.staff["biller"]


def roe() -> Patient:
    return Patient(
        "Richard", "Roe", date(1970, 5, 17), "M", ADDRESS, phone="555-201-0147", email="rroe@example.org"
    )


def set_up_front_desk(engine, root: Path, register_roe: bool = True) -> FrontDesk:
    """The practice; with `register_roe` also Richard Roe and his two coverages (else their ids are 0)."""

    def uow() -> UnitOfWork:
        return UnitOfWork(engine, FixedClock(NOW))

    admin = users.add_user(uow(), "admin", "admin", PASSWORD)
    staff = {
        role: users.add_user(uow(), f"{role}1", role, PASSWORD, actor=admin)
        for role in ROLES
        if role != "admin"
    }
    staff["admin"] = admin
    clinic = practice.add_billing_provider(uow(), admin, CLINIC)
    doctor = practice.add_rendering_provider(uow(), admin, DOCTOR)
    office = practice.add_facility(uow(), admin, Facility("Main Street Office", ADDRESS, "11"))
    acme = practice.add_payer(uow(), admin, Payer("87726", "Acme Health", "CI", 90))
    second = practice.add_payer(uow(), admin, Payer("00431", "Second Health", "CI", 365))
    partner = SimulatorClearinghouse(SETTINGS, root, example_payer(), clock=FixedClock(NOW))
    if not register_roe:
        return FrontDesk(engine, staff, clinic.id, doctor.id, office.id, acme.id, second.id, 0, 0, 0, partner)
    richard = patients.register_patient(uow(), staff["biller"], roe())
    acme_cover = patients.add_coverage(uow(), staff["biller"], Coverage(
        richard.id, acme.id, "W200", CoverageOrder.PRIMARY, date(2026, 1, 1)))  # fmt: skip
    spouse = Person("Rita", "Roe", date(1972, 8, 1))
    second_cover = patients.add_coverage(uow(), staff["biller"], Coverage(
        richard.id, second.id, "S-77", CoverageOrder.SECONDARY, date(2026, 1, 1), None, "spouse", spouse))  # fmt: skip
    return FrontDesk(engine, staff, clinic.id, doctor.id, office.id, acme.id, second.id, richard.id, acme_cover.id,
                     second_cover.id, partner)  # fmt: skip
