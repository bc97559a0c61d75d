"""A practice ready for EHR messages: set up through the services (users, clinic, two rendering providers, a
facility, payers, the Standard fee schedule) and an `interfaces` user (a biller) the listener runs as."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from practice_rows import ADDRESS, CLINIC, DOCTOR
from services_setup import NOW, PASSWORD

from revcycle.kernel import FixedClock
from revcycle.practice import Facility, Payer, RenderingProvider, User
from revcycle.practice.fees import Fee
from revcycle.services import fee_schedules, practice, users
from revcycle.store import UnitOfWork

SECOND_DOCTOR = RenderingProvider("Ben", "Ortiz", "1003000126", "207R00000X")
FEES = {"99203": 16000, "99213": 11000, "99214": 16500, "36415": 1500, "81002": 1200, "85025": 2800,
        "93000": 4500, "96372": 3600, "90471": 2500, "J3420": 1800, "20610": 21000}  # fmt: skip


@dataclass
class InterfacePractice:
    engine: object
    admin: User
    interfaces: User
    coder: User
    payer_ids: dict[str, int]
    doctor_id: int
    second_doctor_id: int
    clinic_id: int
    office_id: int

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.engine, FixedClock(NOW))


def set_up_interfaces(engine) -> InterfacePractice:
    def uow() -> UnitOfWork:
        return UnitOfWork(engine, FixedClock(NOW))

    admin = users.add_user(uow(), "admin", "admin", PASSWORD)
    interfaces = users.add_user(uow(), "interfaces", "biller", PASSWORD, actor=admin)
    coder = users.add_user(uow(), "coder1", "coder", PASSWORD, actor=admin)
    clinic = practice.add_billing_provider(uow(), admin, CLINIC)
    doctor = practice.add_rendering_provider(uow(), admin, DOCTOR)
    second = practice.add_rendering_provider(uow(), admin, SECOND_DOCTOR)
    office = practice.add_facility(uow(), admin, Facility("Main Street Office", ADDRESS, "11"))
    payer_ids = {}
    for code, name, kind in (("87726", "Synthetic Health", "CI"), ("00431", "Second Synthetic", "MB"),
                             ("60054", "Aetna Synthetic", "CI")):  # fmt: skip
        payer_ids[code] = practice.add_payer(uow(), admin, Payer(code, name, kind, 90)).id
    for code, cents in FEES.items():
        fee_schedules.add_fee(uow(), admin, "Standard", Fee(code, cents, effective_from=date(2025, 1, 1)))
    return InterfacePractice(
        engine, admin, interfaces, coder, payer_ids, doctor.id, second.id, clinic.id, office.id
    )
