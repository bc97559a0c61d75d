"""Patients, coverages and encounters: entry, change and (audited) reads of patient data.

Coverages keep one primary, one secondary and one tertiary on any date: every change is checked against
all the patient's coverages under a lock on the patient's row (`uow.patients.lock`), and the database
keeps one open-ended coverage per order (a partial unique index). A record merged into another is read
only: changes go to the survivor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.coverage_rules import ended, ensure_unique_order, reordered
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


def require_unmerged(uow: UnitOfWork, patient_id: int) -> Patient:
    """The patient (locked for the transaction); CONFLICT when it was merged into another record."""
    uow.patients.lock([patient_id])
    patient = uow.patients.get(patient_id)
    if patient.merged_into_id is not None:
        survivor = uow.patients.get(patient.merged_into_id)
        raise RevcycleError(
            ErrorCode.CONFLICT,
            f"this record was merged into account {survivor.account_number}; change that one instead",
        )
    return patient


def edit_patient(uow: UnitOfWork, user: User, patient_id: int, changed: Patient) -> Patient:
    """Replace the patient's demographics, contact and guarantor (its account number and id stay); the
    audit row names the fields that changed (never their values)."""
    with uow:
        user.require(Permission.EDIT_PATIENTS)
        before = require_unmerged(uow, patient_id)
        after = replace(changed, id=patient_id, account_number=before.account_number, merged_into_id=None)
        fields = changed_fields(before, after)
        if fields:
            uow.patients.change(after)
            audit.record(uow, user, audit.Action.CHANGE, "patient", patient_id, "edit " + ",".join(fields))
        return uow.patients.get(patient_id)


EDITABLE = ("first_name", "last_name", "birth_date", "sex", "address", "guarantor", "phone", "email")


def changed_fields(before: Patient, after: Patient) -> list[str]:
    return [name for name in EDITABLE if getattr(before, name) != getattr(after, name)]


def change_patient_address(uow: UnitOfWork, user: User, patient_id: int, address: Address) -> Patient:
    with uow:
        user.require(Permission.EDIT_PATIENTS)
        require_patient(uow, patient_id)
        uow.patients.change_address(patient_id, address)
        audit.record(uow, user, audit.Action.CHANGE, "patient", patient_id, "address")
        return uow.patients.get(patient_id)


def _check_payer(uow: UnitOfWork, coverage: Coverage) -> None:
    uow.practice.payer(coverage.payer_id)
    if coverage.plan_id is not None and uow.practice.plan(coverage.plan_id).payer_id != coverage.payer_id:
        raise RevcycleError(
            ErrorCode.VALIDATION, f"plan {coverage.plan_id} is not a plan of payer {coverage.payer_id}"
        )


def add_coverage(uow: UnitOfWork, user: User, coverage: Coverage) -> Coverage:
    """Add a coverage; CONFLICT when the patient already has one of its order in force on a common date."""
    with uow:
        user.require(Permission.EDIT_PATIENTS)
        require_patient(uow, coverage.patient_id)
        require_unmerged(uow, coverage.patient_id)
        _check_payer(uow, coverage)
        ensure_unique_order([*uow.coverages.for_patient(coverage.patient_id), coverage])
        added = uow.coverages.add(coverage)
        audit.record(
            uow, user, audit.Action.CREATE, "coverage", added.id or 0, f"patient={coverage.patient_id}"
        )
        return added


def _own_coverage(uow: UnitOfWork, coverage_id: int) -> tuple[Coverage, list[Coverage]]:
    """The coverage, its patient locked and unmerged, and all that patient's coverages."""
    coverage = uow.coverages.get(coverage_id)
    require_unmerged(uow, coverage.patient_id)
    return uow.coverages.get(coverage_id), uow.coverages.for_patient(coverage.patient_id)


def change_coverage(uow: UnitOfWork, user: User, coverage_id: int, changed: Coverage) -> Coverage:
    """Correct a coverage (payer, member id, group, dates, order, subscriber); it stays the same patient's."""
    with uow:
        user.require(Permission.EDIT_PATIENTS)
        before, all_of_patient = _own_coverage(uow, coverage_id)
        after = replace(
            changed, id=coverage_id, patient_id=before.patient_id, merged_into_id=before.merged_into_id
        )
        _check_payer(uow, after)
        ensure_unique_order([c for c in all_of_patient if c.id != coverage_id] + [after])
        if after != before:
            uow.coverages.change(after)
            audit.record(
                uow, user, audit.Action.CHANGE, "coverage", coverage_id, f"patient={before.patient_id} edit"
            )
        return after


def end_coverage(uow: UnitOfWork, user: User, coverage_id: int, last_day: date) -> Coverage:
    """End a coverage on `last_day` (inclusive): visits after it are no longer billed to it."""
    with uow:
        user.require(Permission.EDIT_PATIENTS)
        before, _all = _own_coverage(uow, coverage_id)
        after = ended(before, last_day)
        uow.coverages.change(after)
        audit.record(uow, user, audit.Action.CHANGE, "coverage", coverage_id,
                     f"patient={before.patient_id} end {last_day.isoformat()}")  # fmt: skip
        return after


def reorder_coverages(uow: UnitOfWork, user: User, patient_id: int, ordered_ids: Sequence[int],
                      on: date) -> list[Coverage]:  # fmt: skip
    """Make the coverages in force on `on` primary, secondary, tertiary in the order of `ordered_ids`;
    the patient's coverages after the change, primary first."""
    with uow:
        user.require(Permission.EDIT_PATIENTS)
        require_patient(uow, patient_id)
        require_unmerged(uow, patient_id)
        changed = reordered(uow.coverages.for_patient(patient_id), ordered_ids, on)
        if changed:
            uow.coverages.set_orders({c.id or 0: c.order for c in changed})
            audit.record(uow, user, audit.Action.CHANGE, "patient", patient_id,
                         "coverage order " + ",".join(str(i) for i in ordered_ids))  # fmt: skip
        return uow.coverages.for_patient(patient_id)


def get_coverage(uow: UnitOfWork, user: User, coverage_id: int) -> Coverage:
    with uow:
        user.require(Permission.READ_PATIENTS)
        coverage = uow.coverages.get(coverage_id)
        audit.record(uow, user, audit.Action.READ, "coverage", coverage_id, f"patient={coverage.patient_id}")
        return coverage


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
    audit.record(
        uow, user, audit.Action.READ, "encounter", encounter.id or 0, f"patient={encounter.patient_id}"
    )
    return encounter
