"""The synthetic practice written into the database through the services: the set-up (providers, the office,
payers, the fee schedule, the staff) as a set-up file through `services.setup.import_practice` — the path
`revcycle setup import` takes — then patients with their coverages, the visits with their notes and
superbill charges."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import yaml

from revcycle.demo.notes import NEW_PATIENT, PROBLEMS, VISIT_CODES
from revcycle.demo.practice_gen import COVERAGE_START, DOCTORS, SyntheticPatient, SyntheticVisit
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.kernel.money import Money
from revcycle.practice import Address, Coverage, CoverageOrder, Encounter, Patient, ServiceLine
from revcycle.practice.users import User
from revcycle.services import patients, practice, setup, users
from revcycle.store import UnitOfWork

CLINIC = Address("100 Main St", "Springfield", "IL", "627011234")
PRACTICE_NAME = "Springfield Family Medicine"
PRACTICE_PHONE = "2175550100"
PAYERS = (
    ("87726", "Acme Health", 180),
    ("00431", "Second Health", 365),
)  # payer id, name, timely filing days
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


def practice_file() -> str:
    """The demo practice as a set-up file (what `revcycle setup import` reads): the clinic, its three doctors,
    the office, Acme Health and Second Health, the fee schedule the superbill charges from, the staff."""
    address = {"line1": CLINIC.line1, "city": CLINIC.city, "state": CLINIC.state, "zip": CLINIC.zip_code}
    document = {
        "practice": {"name": PRACTICE_NAME, "phone": PRACTICE_PHONE, "contact_name": "Billing office"},
        "billing_providers": [{"name": PRACTICE_NAME, "npi": "1234567893", "tin": "12-3456789",
                               "taxonomy": "207Q00000X", "phone": PRACTICE_PHONE, "address": address}],
        "rendering_providers": [{"first_name": first, "last_name": last, "npi": npi, "taxonomy": "207Q00000X"}
                                for first, last, npi in DOCTORS],
        "facilities": [{"name": "Main office", "place_of_service": "11", "address": dict(address)}],
        "payers": [{"payer_id": code, "name": name, "filing_indicator": "CI", "timely_filing_days": str(days)}
                   for code, name, days in PAYERS],
        "fee_schedules": [{"name": "Standard", "fees": [
            {"code": code, "amount": str(Money(cents).to_decimal()), "effective_from": COVERAGE_START.isoformat()}
            for code, cents in charge_master()]}],
        "users": [{"username": role, "role": role} for role in ROLES],
    }  # fmt: skip
    return yaml.safe_dump(document, sort_keys=False)


def set_up_staff(uow: Callable[[], UnitOfWork]) -> Practice:
    """The admin (the shell's bootstrap), then the whole practice through `services.setup.import_practice`."""
    admin = users.add_user(uow(), "admin", "admin", DEMO_PASSWORD)
    setup.import_practice(uow(), admin, practice_file(), "demo practice", _no_files, lambda _: DEMO_PASSWORD)
    found = practice.practice_setup(uow(), admin)
    staff = {role: users.acting_user(uow(), role) for role in ROLES}
    doctors = {provider.npi: provider.id or 0 for provider in found.rendering_providers}
    payers = {payer.payer_code: payer.id or 0 for payer in found.payers}
    return Practice(admin, staff["biller"], staff["coder"], staff["manager"], found.billing_providers[0].id or 0,
                    [doctors[npi] for _, _, npi in DOCTORS], found.facilities[0].id or 0, payers)  # fmt: skip


def charge_master() -> list[tuple[str, int]]:
    """(code, charge cents) of every service the demo's superbills bill, as `demo.notes` charges them."""
    charges = dict(VISIT_CODES.values()) | dict([NEW_PATIENT])
    for problem in PROBLEMS:
        charges |= dict(problem.services)
    return sorted(charges.items())


def _no_files(name: str) -> str:
    raise RevcycleError(ErrorCode.NOT_FOUND, f"the demo practice names no file ({name})")


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
        lines = tuple(ServiceLine(number, code, cents, modifiers=modifiers,
                                  diagnosis_pointers=note.pointers(number - 1))
                      for number, (code, cents, modifiers) in enumerate(note.lines, start=1))  # fmt: skip
        encounter = patients.record_encounter(uow(), clinic.biller, Encounter(
            clinic.patient_ids[visit.patient_index], visit.date_of_service, "11", clinic.billing_id,
            clinic.doctor_ids[visit.rendering_index], note.superbill, lines, facility_id=clinic.office_id,
            coverage_id=clinic.primary_coverage_ids[visit.patient_index], note_text=note.text))  # fmt: skip
        clinic.encounters[encounter.id or 0] = visit
        yield encounter.id or 0
