"""Patients, coverages and encounters: entry, change and (audited) reads of patient data."""

from __future__ import annotations

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.encounters import Encounter
from revcycle.practice.organization import Address
from revcycle.practice.patients import Coverage, Patient, ensure_coverage_in_force
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.store.uow import UnitOfWork


def require_patient(uow: UnitOfWork, patient_id: int) -> None:
    """NOT_FOUND unless the patient exists (inside the caller's unit of work)."""
    if not uow.patients.exists(patient_id):
        raise RevcycleError(ErrorCode.NOT_FOUND, f"unknown patient {patient_id}")


def register_patient(uow: UnitOfWork, user: User, patient: Patient) -> Patient:
    with uow:
        user.require(Permission.EDIT_PATIENTS)
        added = uow.patients.add(patient)
        audit.record(uow, user, audit.Action.CREATE, "patient", added.id or 0)
        return added


def get_patient(uow: UnitOfWork, user: User, patient_id: int) -> Patient:
    with uow:
        user.require(Permission.READ_PATIENTS)
        return shown_patient(uow, user, uow.patients.get(patient_id))


def shown_patient(uow: UnitOfWork, user: User, patient: Patient) -> Patient:
    """A patient the caller read in its transaction, audited as `get_patient` audits it (one READ)."""
    audit.record(uow, user, audit.Action.READ, "patient", patient.id or 0)
    return patient


def change_patient_address(uow: UnitOfWork, user: User, patient_id: int, address: Address) -> Patient:
    with uow:
        user.require(Permission.EDIT_PATIENTS)
        require_patient(uow, patient_id)
        uow.patients.change_address(patient_id, address)
        audit.record(uow, user, audit.Action.CHANGE, "patient", patient_id, "address")
        return uow.patients.get(patient_id)


def add_coverage(uow: UnitOfWork, user: User, coverage: Coverage) -> Coverage:
    with uow:
        user.require(Permission.EDIT_PATIENTS)
        require_patient(uow, coverage.patient_id)
        uow.practice.payer(coverage.payer_id)
        if coverage.plan_id is not None and uow.practice.plan(coverage.plan_id).payer_id != coverage.payer_id:
            raise RevcycleError(
                ErrorCode.VALIDATION, f"plan {coverage.plan_id} is not a plan of payer {coverage.payer_id}"
            )
        added = uow.coverages.add(coverage)
        audit.record(
            uow, user, audit.Action.CREATE, "coverage", added.id or 0, f"patient={coverage.patient_id}"
        )
        return added


def patient_coverages(uow: UnitOfWork, user: User, patient_id: int) -> list[Coverage]:
    with uow:
        user.require(Permission.READ_PATIENTS)
        require_patient(uow, patient_id)
        found = uow.coverages.for_patient(patient_id)
        audit.record(uow, user, audit.Action.READ, "patient", patient_id, "coverages")
        return found


def record_encounter(uow: UnitOfWork, user: User, encounter: Encounter) -> Encounter:
    """Store a visit and its charges. Its coverage (if any) must be the patient's and in force on the DOS."""
    with uow:
        user.require(Permission.EDIT_ENCOUNTERS)
        require_patient(uow, encounter.patient_id)
        uow.practice.billing_provider(encounter.billing_provider_id)
        uow.practice.rendering_provider(encounter.rendering_provider_id)
        if encounter.facility_id is not None:
            uow.practice.facility(encounter.facility_id)
        if encounter.coverage_id is not None:
            coverage = uow.coverages.get(encounter.coverage_id)
            if coverage.patient_id != encounter.patient_id:
                raise RevcycleError(
                    ErrorCode.VALIDATION, f"coverage {coverage.id} is not patient {encounter.patient_id}'s"
                )
            ensure_coverage_in_force(coverage, encounter.date_of_service)
        added = uow.encounters.add(encounter)
        audit.record(
            uow, user, audit.Action.CREATE, "encounter", added.id or 0, f"patient={encounter.patient_id}"
        )
        return added


def get_encounter(uow: UnitOfWork, user: User, encounter_id: int) -> Encounter:
    with uow:
        user.require(Permission.READ_PATIENTS)
        return shown_encounter(uow, user, uow.encounters.get(encounter_id))


def shown_encounter(uow: UnitOfWork, user: User, encounter: Encounter) -> Encounter:
    """An encounter the caller read in its transaction, audited as `get_encounter` audits it (one READ)."""
    audit.record(uow, user, audit.Action.READ, "encounter", encounter.id or 0, f"patient={encounter.patient_id}")
    return encounter
