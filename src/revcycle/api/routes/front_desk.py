"""The front desk over the API: edit a patient, merge a duplicate, edit / end / reorder coverages, check a
coverage's eligibility (the benefits in plain words), check a visit in with its copay.

Every call goes through `services.patients` / `services.front_desk`, which audit each read and change.
The search (`GET /api/patients?name=&dob=&account=&member_id=&sort=`) is in `routes/patients.py`.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import Field

from revcycle.api.auth import Requires, request_uow
from revcycle.api.routes.clearinghouse import clearinghouse_partner
from revcycle.api.schemas import CoverageIn, PatientIn, Strict, to_json
from revcycle.practice.patients import Patient
from revcycle.practice.users import Permission, User
from revcycle.services import front_desk, patients
from revcycle.services.front_desk import CheckInRequest, CoverageEligibility

router = APIRouter(prefix="/api", tags=["front desk"])
PatientEditor = Annotated[User, Depends(Requires(Permission.EDIT_PATIENTS))]


class PatientDetailsIn(PatientIn):
    """A patient's demographics, guarantor and contact (phone: 10 US digits in any format; e-mail)."""

    phone: str = Field(default="", max_length=20)
    email: str = Field(default="", max_length=120)

    def domain(self) -> Patient:
        base = super().domain()
        return Patient(base.first_name, base.last_name, base.birth_date, base.sex, base.address, base.guarantor,
                       phone=self.phone, email=self.email)  # fmt: skip


class MergeIn(Strict):
    duplicate_patient_id: int = Field(gt=0)


class EndCoverageIn(Strict):
    last_day: date


class CoverageOrderIn(Strict):
    coverage_ids: list[int] = Field(min_length=1, max_length=3)
    on: date | None = None


class EligibilityAskIn(Strict):
    on: date | None = None


class CheckInIn(Strict):
    key: str = Field(
        min_length=1, max_length=120, description="the same key again returns the first check-in"
    )
    date_of_service: date | None = None
    rendering_provider_id: int = Field(gt=0)
    place_of_service: str = Field(default="11", pattern=r"^\d{2}$")
    facility_id: int | None = Field(default=None, gt=0)
    coverage_id: int | None = Field(default=None, gt=0)
    billing_provider_id: int | None = Field(default=None, gt=0)
    copay_cents: int = Field(default=0, ge=0)
    copay_method: str = Field(default="cash", pattern=r"^(cash|check|card)$")
    copay_reference: str = Field(default="", max_length=80)


@router.put("/patients/{patient_id}")
def edit_patient(request: Request, user: PatientEditor, patient_id: int, body: PatientDetailsIn) -> Any:
    """Replace the patient's demographics, guarantor and contact (the account number stays)."""
    return to_json(patients.edit_patient(request_uow(request), user, patient_id, body.domain()))


@router.post("/patients/{patient_id}/merge")
def merge_patient(request: Request, user: PatientEditor, patient_id: int, body: MergeIn) -> dict[str, Any]:
    """Merge `duplicate_patient_id` into this patient (the survivor), whole or not at all."""
    result = front_desk.merge_patients(request_uow(request), user, patient_id, body.duplicate_patient_id)
    return {"survivor": to_json(result.survivor), "duplicate": to_json(result.duplicate),
            "coverages_moved": result.coverages_moved, "coverages_linked": result.coverages_linked,
            "encounters_moved": result.encounters_moved}  # fmt: skip


@router.put("/coverages/{coverage_id}")
def edit_coverage(request: Request, user: PatientEditor, coverage_id: int, body: CoverageIn) -> Any:
    """Correct a coverage; it stays its patient's (a clash of order with another coverage is a 409)."""
    current = patients.get_coverage(request_uow(request), user, coverage_id)
    return to_json(
        patients.change_coverage(request_uow(request), user, coverage_id, body.domain(current.patient_id))
    )


@router.post("/coverages/{coverage_id}/end")
def end_coverage(request: Request, user: PatientEditor, coverage_id: int, body: EndCoverageIn) -> Any:
    return to_json(patients.end_coverage(request_uow(request), user, coverage_id, body.last_day))


@router.post("/patients/{patient_id}/coverages/order")
def reorder_coverages(request: Request, user: PatientEditor, patient_id: int, body: CoverageOrderIn) -> Any:
    """The coverages in force on `on` (default today) become primary, secondary, tertiary in the order given."""
    on = body.on or request.app.state.clock.today()
    return to_json(patients.reorder_coverages(request_uow(request), user, patient_id, body.coverage_ids, on))


def eligibility_json(found: CoverageEligibility) -> dict[str, Any]:
    check = found.check
    return {"check_id": check.check_id, "patient_id": check.patient_id, "coverage_id": found.coverage_id,
            "payer": found.payer_name, "active": check.benefits.active, "office_copay_cents": found.office_copay_cents,
            "words": [{"label": label, "words": words} for label, words in found.words],
            "benefits": to_json(asdict(check.benefits))}  # fmt: skip


@router.post("/coverages/{coverage_id}/eligibility", status_code=201)
def check_coverage(request: Request, user: PatientEditor, coverage_id: int,
                   body: EligibilityAskIn | None = None) -> dict[str, Any]:  # fmt: skip
    """Ask the coverage's payer (270/271) about `on` (default today); the benefits in plain words too."""
    partner = clearinghouse_partner(request)
    on = (body.on if body else None) or request.app.state.clock.today()
    current = patients.get_coverage(request_uow(request), user, coverage_id)
    found = front_desk.check_coverage(request_uow(request), user, partner.payer_desk(), partner.settings,
                                      current.patient_id, on, coverage_id)  # fmt: skip
    return eligibility_json(found)


@router.post("/patients/{patient_id}/check-ins", status_code=201)
def check_in(request: Request, user: PatientEditor, patient_id: int, body: CheckInIn) -> dict[str, Any]:
    """Check a visit in (an encounter with no charges yet) and post the copay collected, once per `key`."""
    visit = front_desk.check_in(request_uow(request), user, CheckInRequest(
        body.key, patient_id, body.date_of_service or request.app.state.clock.today(), body.rendering_provider_id,
        body.place_of_service, body.facility_id, body.coverage_id, body.billing_provider_id, body.copay_cents,
        body.copay_method, body.copay_reference))  # fmt: skip
    return {
        "check_in": to_json(visit.record),
        "encounter": to_json(visit.encounter),
        "replayed": visit.replayed,
    }
