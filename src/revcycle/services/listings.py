"""Paged, audited lists for the API and the web pages: patients, encounters, claims, users.

A list shows patient data, so each record shown gets its own READ row in the audit log (detail
`list`): an auditor asking "who saw patient 12?" finds list views as well as detail views.
"""

from __future__ import annotations

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.encounters import Encounter
from revcycle.practice.patients import Patient
from revcycle.practice.users import Permission, User
from revcycle.services import audit
from revcycle.services.patients import require_patient
from revcycle.store.repositories.listing import ClaimSummary, Page
from revcycle.store.uow import UnitOfWork

MAX_PAGE_SIZE = 200


def page_of(limit: int, offset: int) -> Page:
    if not 1 <= limit <= MAX_PAGE_SIZE or offset < 0:
        raise RevcycleError(ErrorCode.VALIDATION, f"limit must be 1..{MAX_PAGE_SIZE} and offset >= 0")
    return Page(limit, offset)


def list_patients(
    uow: UnitOfWork, user: User, page: Page, last_name_prefix: str | None = None
) -> tuple[list[Patient], int]:
    with uow:
        user.require(Permission.READ_PATIENTS)
        ids, total = uow.listings.patient_ids(page, last_name_prefix)
        by_id = uow.patients.get_many(ids)
        found = [by_id[patient_id] for patient_id in ids]
        audit.record_many(uow, user, audit.Action.READ, "patient", [(patient_id, "list") for patient_id in ids])
        return found, total


def list_encounters(
    uow: UnitOfWork, user: User, page: Page, patient_id: int | None = None
) -> tuple[list[Encounter], int]:
    with uow:
        user.require(Permission.READ_PATIENTS)
        if patient_id is not None:
            require_patient(uow, patient_id)
        ids, total = uow.listings.encounter_ids(page, patient_id)
        by_id = uow.encounters.get_many(ids)
        found = [by_id[encounter_id] for encounter_id in ids]
        audit.record_many(uow, user, audit.Action.READ, "encounter",
                          [(encounter.id or 0, f"list patient={encounter.patient_id}") for encounter in found])
        return found, total


def list_claims(
    uow: UnitOfWork, user: User, page: Page, status: str | None = None,
    patient_id: int | None = None, payer_id: int | None = None,
) -> tuple[list[ClaimSummary], int]:
    with uow:
        user.require(Permission.READ_PATIENTS)
        found, total = uow.listings.claims(page, status, patient_id, payer_id)
        audit.record_many(uow, user, audit.Action.READ, "claim",
                          [(claim.id, f"list patient={claim.patient_id}") for claim in found])
        return found, total


def list_users(uow: UnitOfWork, user: User) -> list[User]:
    with uow:
        user.require(Permission.MANAGE_USERS)
        return uow.listings.users()
