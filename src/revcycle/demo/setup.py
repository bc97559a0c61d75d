"""The synthetic practice written into the database through the services (users, providers, payers,
patients with their coverages, the visits with their notes and superbill charges)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from revcycle.demo.practice_gen import COVERAGE_START, DOCTORS, SyntheticPatient, SyntheticVisit
from revcycle.practice import (
    Address,
    BillingProvider,
    Coverage,
    CoverageOrder,
    Encounter,
    Facility,
    Patient,
    Payer,
    RenderingProvider,
    ServiceLine,
)  # fmt: skip
from revcycle.practice.users import User
from revcycle.services import patients, practice, users
from revcycle.store import UnitOfWork

CLINIC = Address("100 Main St", "Springfield", "IL", "627011234")
PRACTICE_NAME = "Springfield Family Medicine"
DEMO_PASSWORD = "demo-password-not-secret"
ROLES = ("biller", "coder", "manager", "auditor")


@dataclass
class Practice:
    admin: User
    biller: User
    coder: User
    manager: User
    billing_id: int
    doctor_ids: list[int]
    office_id: int
    payer_ids: dict[str, int]  # payer code -> id
    patient_ids: list[int] = field(default_factory=list)
    primary_coverage_ids: list[int] = field(default_factory=list)
    encounters: dict[int, SyntheticVisit] = field(default_factory=dict)  # encounter id -> visit, in order
    people: list[SyntheticPatient] = field(default_factory=list)

    def visit(self, encounter_id: int) -> SyntheticVisit:
        return self.encounters[encounter_id]


def set_up_staff(uow: Callable[[], UnitOfWork]) -> Practice:
    admin = users.add_user(uow(), "admin", "admin", DEMO_PASSWORD)
    staff = {role: users.add_user(uow(), role, role, DEMO_PASSWORD, actor=admin) for role in ROLES}
    billing = practice.add_billing_provider(uow(), admin, BillingProvider(
        PRACTICE_NAME, "1234567893", "12-3456789", "207Q00000X", CLINIC))  # fmt: skip
    doctors = [practice.add_rendering_provider(uow(), admin, RenderingProvider(*names, "207Q00000X")).id or 0
               for names in DOCTORS]  # fmt: skip
    office = practice.add_facility(uow(), admin, Facility("Main office", CLINIC))
    payers = {code: practice.add_payer(uow(), admin, Payer(code, name, "CI", days)).id or 0
              for code, name, days in (("87726", "Acme Health", 180), ("00431", "Second Health", 365))}  # fmt: skip
    return Practice(admin, staff["biller"], staff["coder"], staff["manager"], billing.id or 0, doctors,
                    office.id or 0, payers)  # fmt: skip


def register_patients(
    uow: Callable[[], UnitOfWork], clinic: Practice, people: list[SyntheticPatient]
) -> Iterator[int]:
    """Each patient with Acme as primary and, for some, Second Health as secondary (yields per patient)."""
    clinic.people = people
    for person in people:
        patient = patients.register_patient(uow(), clinic.biller, Patient(
            person.first, person.last, person.birth_date, person.sex,
            Address(person.street, "Springfield", "IL", "627025678")))  # fmt: skip
        patient_id = patient.id or 0
        primary = patients.add_coverage(uow(), clinic.biller, Coverage(
            patient_id, clinic.payer_ids["87726"], person.member_id, CoverageOrder.PRIMARY, COVERAGE_START))  # fmt: skip
        if person.secondary_member_id:
            patients.add_coverage(uow(), clinic.biller, Coverage(
                patient_id, clinic.payer_ids["00431"], person.secondary_member_id, CoverageOrder.SECONDARY,
                COVERAGE_START))  # fmt: skip
        clinic.patient_ids.append(patient_id)
        clinic.primary_coverage_ids.append(primary.id or 0)
        yield patient_id


def record_visits(
    uow: Callable[[], UnitOfWork], clinic: Practice, visits: list[SyntheticVisit]
) -> Iterator[int]:
    """Each visit as an encounter: the note, the superbill's provisional diagnoses and the charges."""
    for visit in visits:
        note = visit.note
        pointers = tuple(range(1, min(len(note.superbill), 4) + 1))
        lines = tuple(ServiceLine(number, code, cents, modifiers=modifiers, diagnosis_pointers=pointers)
                      for number, (code, cents, modifiers) in enumerate(note.lines, start=1))  # fmt: skip
        encounter = patients.record_encounter(uow(), clinic.biller, Encounter(
            clinic.patient_ids[visit.patient_index], visit.date_of_service, "11", clinic.billing_id,
            clinic.doctor_ids[visit.rendering_index], note.superbill, lines, facility_id=clinic.office_id,
            coverage_id=clinic.primary_coverage_ids[visit.patient_index], note_text=note.text))  # fmt: skip
        clinic.encounters[encounter.id or 0] = visit
        yield encounter.id or 0
