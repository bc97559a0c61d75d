"""Patients, their coverages and encounters (with notes). Every read and change is audited by the services."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from revcycle.api.auth import Requires, request_uow
from revcycle.api.paging import Limit, Offset, listed
from revcycle.api.routes.front_desk import PatientDetailsIn
from revcycle.api.schemas import CoverageIn, EncounterIn, to_json
from revcycle.practice.patient_search import PatientQuery
from revcycle.practice.users import Permission, User
from revcycle.services import front_desk, listings, patients

router = APIRouter(prefix="/api", tags=["patients"])

Reader = Annotated[User, Depends(Requires(Permission.READ_PATIENTS))]
PatientEditor = Annotated[User, Depends(Requires(Permission.EDIT_PATIENTS))]
EncounterEditor = Annotated[User, Depends(Requires(Permission.EDIT_ENCOUNTERS))]


Text = Annotated[str, Query(max_length=60)]


@router.get("/patients")
def list_patients(request: Request, user: Reader, limit: Limit = 50, offset: Offset = 0, last_name: Text = "",
                  name: Text = "", dob: Annotated[str, Query(max_length=10)] = "", account: Text = "",
                  member_id: Text = "", q: Text = "", sort: Annotated[str, Query(max_length=10)] = "name",
                  include_merged: bool = False) -> dict[str, Any]:  # fmt: skip
    """Patients matching every criterion given: `name` ("Last, First" or words; case- and accent-insensitive
    prefixes; `last_name` is a last-name prefix), `dob` (YYYY-MM-DD or MM/DD/YYYY), `account`, `member_id`,
    or `q` (one search box, read as whichever it looks like); `sort` name | dob | account | newest. Records
    merged into another are left out unless `include_merged`."""
    if q.strip():
        query = PatientQuery.from_text(q, sort)
    else:
        query = PatientQuery.build(f"{last_name}," if last_name.strip() and not name.strip() else name, dob, account,
                                   member_id, sort, include_merged)  # fmt: skip
    return listed(_found, request, user, limit, offset, query)


def _found(uow: Any, user: User, page: Any, query: PatientQuery) -> tuple[list[Any], int]:
    return front_desk.find_patients(uow, user, query, page)


@router.post("/patients", status_code=201)
def create_patient(request: Request, user: PatientEditor, body: PatientDetailsIn) -> Any:
    return to_json(patients.register_patient(request_uow(request), user, body.domain()))


@router.get("/patients/{patient_id}")
def get_patient(request: Request, user: Reader, patient_id: int) -> Any:
    return to_json(patients.get_patient(request_uow(request), user, patient_id))


@router.get("/patients/{patient_id}/coverages")
def list_coverages(request: Request, user: Reader, patient_id: int) -> Any:
    return to_json(patients.patient_coverages(request_uow(request), user, patient_id))


@router.post("/patients/{patient_id}/coverages", status_code=201)
def create_coverage(request: Request, user: PatientEditor, patient_id: int, body: CoverageIn) -> Any:
    return to_json(patients.add_coverage(request_uow(request), user, body.domain(patient_id)))


@router.get("/encounters")
def list_encounters(
    request: Request,
    user: Reader,
    limit: Limit = 50,
    offset: Offset = 0,
    patient_id: Annotated[int | None, Query(gt=0)] = None,
) -> dict[str, Any]:
    return listed(listings.list_encounters, request, user, limit, offset, patient_id)


@router.post("/patients/{patient_id}/encounters", status_code=201)
def create_encounter(request: Request, user: EncounterEditor, patient_id: int, body: EncounterIn) -> Any:
    """Record a visit with its note and charges (the coverage must be in force on the date of service)."""
    return to_json(patients.record_encounter(request_uow(request), user, body.domain(patient_id)))


@router.get("/encounters/{encounter_id}")
def get_encounter(request: Request, user: Reader, encounter_id: int) -> Any:
    return to_json(patients.get_encounter(request_uow(request), user, encounter_id))
