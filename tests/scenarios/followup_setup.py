"""A practice whose payer is the simulator: patients covered as subscribers and as a dependent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from revcycle.edi.envelope import EnvelopeSettings
from revcycle.kernel import FixedClock
from revcycle.practice import (
    Address,
    BillingProvider,
    Coverage,
    CoverageOrder,
    Encounter,
    Patient,
    Payer,
    RenderingProvider,
    ServiceLine,
)
from revcycle.practice.patients import Person, Relationship
from revcycle.services import patients, practice, users
from revcycle.simulator.config import PayerConfig
from revcycle.simulator.examples import example_family_payer
from revcycle.store import UnitOfWork

PASSWORD = "correct horse battery"
HOME = Address("12 Oak Ave", "Springfield", "IL", "627025678")
CLINIC = BillingProvider("Springfield Family Medicine", "1234567893", "12-3456789", "207Q00000X",
                         Address("100 Main St", "Springfield", "IL", "627011234"))  # fmt: skip
SETTINGS = EnvelopeSettings("acme", "CLINIC01", "87726", usage="T")


def family_payer() -> PayerConfig:
    """The payer of the stories: the simulator's example family payer (Roe W200, Loe W400, the Parks F500)."""
    return example_family_payer()


@dataclass
class Clinic:
    engine: object
    biller: object
    admin: object
    payer_id: int
    provider_id: int
    doctor_id: int
    patients: dict[str, tuple[int, int]]  # name -> (patient id, coverage id)

    def uow(self, now: dt.datetime) -> UnitOfWork:
        return UnitOfWork(self.engine, FixedClock(now))

    def encounter(self, name: str, day: dt.date, now: dt.datetime) -> int:
        patient_id, coverage_id = self.patients[name]
        lines = (ServiceLine(1, "99214", 15000, diagnosis_pointers=(1,)), ServiceLine(2, "83036", 4000))
        return patients.record_encounter(self.uow(now), self.biller, Encounter(
            patient_id, day, "11", self.provider_id, self.doctor_id, ("E119",), lines, coverage_id=coverage_id)).id  # fmt: skip


def set_up_clinic(engine, now: dt.datetime) -> Clinic:
    def uow() -> UnitOfWork:
        return UnitOfWork(engine, FixedClock(now))

    admin = users.add_user(uow(), "admin", "admin", PASSWORD)
    biller = users.add_user(uow(), "bea", "biller", PASSWORD, actor=admin)
    provider = practice.add_billing_provider(uow(), admin, CLINIC)
    doctor = practice.add_rendering_provider(uow(), admin, RenderingProvider("John", "Smith", "1987654328", "207Q00000X"))
    payer = practice.add_payer(uow(), admin, Payer("87726", "Acme Health", "CI", 180))
    people = {
        "roe": (Patient("Richard", "Roe", dt.date(1970, 5, 1), "M", HOME), "W200", None),
        "loe": (Patient("Linda", "Loe", dt.date(1975, 2, 3), "F", HOME), "W400", None),
        "nobody": (Patient("Nora", "Nobody", dt.date(1990, 7, 8), "F", HOME), "W999", None),
        "olivia": (Patient("Olivia", "Parker", dt.date(1985, 9, 9), "F", HOME), "OLD500", None),
        "noah": (Patient("Noah", "Park", dt.date(2015, 6, 1), "M", HOME), "F500",
                 Person("Olivia", "Park", dt.date(1985, 9, 9))),
    }  # fmt: skip
    found = {}
    for name, (person, member_id, subscriber) in people.items():
        registered = patients.register_patient(uow(), biller, person)
        relationship = Relationship.CHILD if subscriber else Relationship.SELF
        coverage = patients.add_coverage(uow(), biller, Coverage(
            registered.id, payer.id, member_id, CoverageOrder.PRIMARY, dt.date(2025, 1, 1),
            relationship_to_subscriber=relationship, subscriber=subscriber))  # fmt: skip
        found[name] = (registered.id, coverage.id)
    return Clinic(engine, biller, admin, payer.id, provider.id, doctor.id, found)
