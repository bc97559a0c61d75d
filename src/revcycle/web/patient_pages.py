"""The front desk's pages: find a patient (one search box: name, birth date, account number or member id;
sorted, paged), register one, edit one, and the patient's page (demographics, coverages, eligibility,
check-in, merge: the forms are `front_desk_forms`).

    GET  /front-desk                       search          GET  /front-desk/patients/{id}        the patient
    GET  /front-desk/new                   register form   POST /front-desk/patients             register
    GET  /front-desk/patients/{id}/edit    edit form       POST /front-desk/patients/{id}        save the edit

Names and account numbers are shown, never internal ids. Every read goes through `services.front_desk` /
`services.patients`, which audit it.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from revcycle.api.auth import request_uow
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.organization import Address
from revcycle.practice.patient_search import PatientQuery, PatientSort, parse_birth_date
from revcycle.practice.patients import Guarantor, Patient, Person, Relationship
from revcycle.practice.users import Permission, User
from revcycle.services import front_desk, patients
from revcycle.services.listings import page_of
from revcycle.web.rendering import form_answer, render
from revcycle.web.session import Page, check_csrf

router = APIRouter(include_in_schema=False)
Reader = Annotated[User, Depends(Page(Permission.READ_PATIENTS))]
Editor = Annotated[User, Depends(Page(Permission.EDIT_PATIENTS))]
PAGE_SIZE = 25
ON_PAGE = (ErrorCode.VALIDATION, ErrorCode.CONFLICT, ErrorCode.NOT_FOUND, ErrorCode.INVALID_AMOUNT,
           ErrorCode.INVALID_DATE, ErrorCode.IDEMPOTENCY_CONFLICT)  # fmt: skip
SORT_WORDS = {PatientSort.NAME: "name", PatientSort.BIRTH_DATE: "birth date", PatientSort.ACCOUNT: "account number",
              PatientSort.NEWEST: "newest first"}  # fmt: skip


class PatientForm(BaseModel):
    """The register / edit form, as typed (checked when it becomes a `Patient`)."""

    model_config = ConfigDict(extra="ignore")
    first_name: str = Field(default="", max_length=35)
    last_name: str = Field(default="", max_length=60)
    birth_date: str = Field(default="", max_length=10)
    sex: str = Field(default="", max_length=1)
    line1: str = Field(default="", max_length=55)
    line2: str = Field(default="", max_length=55)
    city: str = Field(default="", max_length=30)
    state: str = Field(default="", max_length=2)
    zip_code: str = Field(default="", max_length=10)
    phone: str = Field(default="", max_length=20)
    email: str = Field(default="", max_length=120)
    guarantor: str = Field(default="self", max_length=8)
    guarantor_first: str = Field(default="", max_length=35)
    guarantor_last: str = Field(default="", max_length=60)
    guarantor_birth_date: str = Field(default="", max_length=10)
    csrf_token: str = ""

    @classmethod
    def of(cls, patient: Patient) -> PatientForm:
        person = patient.guarantor.person
        return cls(
            first_name=patient.first_name, last_name=patient.last_name, birth_date=patient.birth_date.isoformat(),
            sex=patient.sex.value, line1=patient.address.line1, line2=patient.address.line2, city=patient.address.city,
            state=patient.address.state, zip_code=patient.address.zip_code, phone=patient.phone, email=patient.email,
            guarantor=patient.guarantor.relationship.value, guarantor_first=person.first_name if person else "",
            guarantor_last=person.last_name if person else "",
            guarantor_birth_date=person.birth_date.isoformat() if person and person.birth_date else "",
        )  # fmt: skip

    def patient(self) -> Patient:
        """The patient typed; VALIDATION naming the first field that is wrong."""
        for label, value in (("first name", self.first_name), ("last name", self.last_name),
                             ("birth date", self.birth_date), ("sex", self.sex), ("street", self.line1),
                             ("city", self.city), ("state", self.state), ("ZIP", self.zip_code)):  # fmt: skip
            if not value.strip():
                raise RevcycleError(ErrorCode.VALIDATION, f"{label}: required")
        address = Address(self.line1.strip(), self.city.strip(), self.state.strip().upper(), self.zip_code.strip(),
                          self.line2.strip())  # fmt: skip
        return Patient(self.first_name.strip(), self.last_name.strip(), parse_birth_date(self.birth_date),
                       self.sex.strip().upper(), address, self._guarantor(), phone=self.phone, email=self.email)  # fmt: skip

    def _guarantor(self) -> Guarantor:
        if self.guarantor in ("", "self"):
            return Guarantor()
        if not (self.guarantor_first.strip() and self.guarantor_last.strip()):
            raise RevcycleError(
                ErrorCode.VALIDATION, "guarantor: the name of the person who pays is required"
            )
        born = parse_birth_date(self.guarantor_birth_date) if self.guarantor_birth_date.strip() else None
        return Guarantor(
            self.guarantor, Person(self.guarantor_first.strip(), self.guarantor_last.strip(), born)
        )


@router.get("/front-desk")
def search_page(request: Request, user: Reader, q: Annotated[str, Query(max_length=60)] = "",
                sort: Annotated[str, Query(max_length=10)] = "name",
                page: Annotated[int, Query(ge=1, le=10_000)] = 1) -> Response:  # fmt: skip
    """Patients matching the box (all when empty), 25 a page, in the order chosen."""
    message = ""
    try:
        query = PatientQuery.from_text(q, sort)
    except RevcycleError as error:
        query, message = PatientQuery.build(), error.message
    found, total = front_desk.find_patients(request_uow(request), user, query,
                                            page_of(PAGE_SIZE, (page - 1) * PAGE_SIZE))  # fmt: skip
    return render(request, "front_desk_search.html", user, patients=found, total=total, page=page,
                  page_size=PAGE_SIZE, q=q.strip(), sort=query.sort.value, sorts=SORT_WORDS, message=message,
                  can_edit=user.can(Permission.EDIT_PATIENTS))  # fmt: skip


def form_page(request: Request, user: User, form: PatientForm, patient: Patient | None = None, message: str = "",
              status_code: int = 200) -> Response:  # fmt: skip
    return render(request, "front_desk_patient_form.html", user, status_code=status_code, form=form, patient=patient,
                  relationships=[r.value for r in Relationship], message=message)  # fmt: skip


@router.get("/front-desk/new")
def register_form(request: Request, user: Editor) -> Response:
    return form_page(request, user, PatientForm())


@router.post("/front-desk/patients")
def register(request: Request, user: Editor, form: Annotated[PatientForm, Form()]) -> Response:
    """Register; to the new patient's page (303), or the form again with what is wrong (422)."""
    check_csrf(request, form.csrf_token)
    return form_answer(lambda: patients.register_patient(request_uow(request), user, form.patient()), ON_PAGE,
                       lambda message, status_code: form_page(request, user, form, None, message, status_code),
                       lambda added: f"/front-desk/patients/{added.id}")  # fmt: skip


@router.get("/front-desk/patients/{patient_id}/edit")
def edit_form(request: Request, user: Editor, patient_id: int) -> Response:
    patient = patients.get_patient(request_uow(request), user, patient_id)
    return form_page(request, user, PatientForm.of(patient), patient)


@router.post("/front-desk/patients/{patient_id}")
def save_edit(
    request: Request, user: Editor, patient_id: int, form: Annotated[PatientForm, Form()]
) -> Response:
    check_csrf(request, form.csrf_token)

    def page(message: str, status_code: int) -> Response:
        return form_page(request, user, form, patients.get_patient(request_uow(request), user, patient_id), message,
                         status_code)  # fmt: skip

    return form_answer(lambda: patients.edit_patient(request_uow(request), user, patient_id, form.patient()),
                       ON_PAGE, page, lambda _: f"/front-desk/patients/{patient_id}")  # fmt: skip


def patient_page(request: Request, user: User, patient_id: int, message: str = "", status_code: int = 200,
                 **shown: Any) -> Response:  # fmt: skip
    """The patient's front desk page; `shown` adds what a form post answered (an eligibility answer)."""
    overview = front_desk.patient_overview(request_uow(request), user, patient_id)
    choices = front_desk.form_choices(request_uow(request), user)
    return render(
        request, "front_desk_patient.html", user, status_code=status_code, seen=overview, choices=choices,
        today=request.app.state.clock.today(), nonce=secrets.token_hex(8), message=message,
        can_edit=user.can(Permission.EDIT_PATIENTS), can_collect=user.can(Permission.POST_LEDGER),
        can_see_account=user.can(Permission.READ_LEDGER), relationships=[r.value for r in Relationship],
        can_enter_charges=user.can(Permission.EDIT_ENCOUNTERS), eligibility=shown.get("eligibility"),
    )  # fmt: skip


@router.get("/front-desk/patients/{patient_id}")
def show_patient(request: Request, user: Reader, patient_id: int) -> Response:
    return patient_page(request, user, patient_id)
