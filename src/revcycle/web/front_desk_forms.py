"""The forms of the front desk's patient page: coverages (add, edit, end, reorder), eligibility (HTMX: the
answer in plain words replaces the panel; without JavaScript the page comes back with it), check-in with
the copay collected, and merging a duplicate (by its account number).

    POST /front-desk/patients/{id}/coverages         add          POST /front-desk/coverages/{cid}/end   end
    GET  /front-desk/coverages/{cid}/edit            edit form    POST /front-desk/coverages/{cid}       save
    POST /front-desk/patients/{id}/coverages/order   reorder      POST /front-desk/coverages/{cid}/eligibility
    POST /front-desk/patients/{id}/check-in          check in     POST /front-desk/patients/{id}/merge

A check-in form carries a one-time nonce that makes its key (`web:check-in:<patient>:<nonce>`): sent twice,
it checks the patient in once.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from revcycle.api.auth import request_uow
from revcycle.api.routes.clearinghouse import clearinghouse_partner
from revcycle.kernel.clock import parse_date
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.patient_search import PatientQuery
from revcycle.practice.patients import Coverage, CoverageOrder, Person, Relationship
from revcycle.practice.users import Permission, User
from revcycle.services import front_desk, patients
from revcycle.services.front_desk import CheckInRequest
from revcycle.services.listings import page_of
from revcycle.web.patient_pages import ON_PAGE, patient_page
from revcycle.web.rendering import form_answer, parse_dollars, render
from revcycle.web.session import Page, check_csrf

router = APIRouter(include_in_schema=False)
Editor = Annotated[User, Depends(Page(Permission.EDIT_PATIENTS))]
Csrf = Annotated[str, Form()]
_NONCE = re.compile(r"^[0-9a-f]{16}$")
ORDERS = {order.name.lower(): order for order in CoverageOrder}


class CoverageForm(BaseModel):
    model_config = ConfigDict(extra="ignore")
    payer_id: str = Field(default="", max_length=12)
    member_id: str = Field(default="", max_length=80)
    group_number: str = Field(default="", max_length=80)
    order: str = Field(default="primary", max_length=9)
    effective_from: str = Field(default="", max_length=10)
    effective_to: str = Field(default="", max_length=10)
    relationship: str = Field(default="self", max_length=8)
    subscriber_first: str = Field(default="", max_length=35)
    subscriber_last: str = Field(default="", max_length=60)
    subscriber_birth_date: str = Field(default="", max_length=10)
    csrf_token: str = ""

    def coverage(self, patient_id: int) -> Coverage:
        if not self.payer_id.isdecimal():
            raise RevcycleError(ErrorCode.VALIDATION, "payer: choose one")
        if self.order not in ORDERS:
            raise RevcycleError(ErrorCode.VALIDATION, "order: primary, secondary or tertiary")
        if not self.effective_from.strip():
            raise RevcycleError(ErrorCode.VALIDATION, "effective from: required")
        subscriber = None
        if self.relationship != Relationship.SELF.value:
            born = parse_date(self.subscriber_birth_date) if self.subscriber_birth_date.strip() else None
            subscriber = Person(self.subscriber_first.strip(), self.subscriber_last.strip(), born)
        return Coverage(patient_id, int(self.payer_id), self.member_id.strip(), ORDERS[self.order],
                        parse_date(self.effective_from), parse_date(self.effective_to) if self.effective_to.strip()
                        else None, self.relationship, subscriber, self.group_number.strip())  # fmt: skip

    @classmethod
    def of(cls, coverage: Coverage) -> CoverageForm:
        person = coverage.subscriber
        return cls(
            payer_id=str(coverage.payer_id), member_id=coverage.member_id, group_number=coverage.group_number,
            order=coverage.order.name.lower(), effective_from=coverage.effective_from.isoformat(),
            effective_to=coverage.effective_to.isoformat() if coverage.effective_to else "",
            relationship=coverage.relationship_to_subscriber.value, subscriber_first=person.first_name if person else "",
            subscriber_last=person.last_name if person else "",
            subscriber_birth_date=person.birth_date.isoformat() if person and person.birth_date else "",
        )  # fmt: skip


def _back(request: Request, user: User, patient_id: int, anchor: str):  # type: ignore[no-untyped-def]
    def page(message: str, status_code: int) -> Response:
        return patient_page(request, user, patient_id, message, status_code)

    return page, (lambda _: f"/front-desk/patients/{patient_id}#{anchor}")


@router.post("/front-desk/patients/{patient_id}/coverages")
def add_coverage(
    request: Request, user: Editor, patient_id: int, form: Annotated[CoverageForm, Form()]
) -> Response:
    check_csrf(request, form.csrf_token)
    page, then = _back(request, user, patient_id, "coverages")
    return form_answer(lambda: patients.add_coverage(request_uow(request), user, form.coverage(patient_id)),
                       ON_PAGE, page, then)  # fmt: skip


def _coverage_form(request: Request, user: User, coverage: Coverage, form: CoverageForm, message: str = "",
                   status_code: int = 200) -> Response:  # fmt: skip
    patient = patients.get_patient(request_uow(request), user, coverage.patient_id)
    return render(request, "front_desk_coverage_form.html", user, status_code=status_code, form=form,
                  coverage=coverage, patient=patient, choices=front_desk.form_choices(request_uow(request), user),
                  relationships=[r.value for r in Relationship], message=message)  # fmt: skip


@router.get("/front-desk/coverages/{coverage_id}/edit")
def edit_coverage_form(request: Request, user: Editor, coverage_id: int) -> Response:
    coverage = patients.get_coverage(request_uow(request), user, coverage_id)
    return _coverage_form(request, user, coverage, CoverageForm.of(coverage))


@router.post("/front-desk/coverages/{coverage_id}")
def save_coverage(
    request: Request, user: Editor, coverage_id: int, form: Annotated[CoverageForm, Form()]
) -> Response:
    check_csrf(request, form.csrf_token)
    current = patients.get_coverage(request_uow(request), user, coverage_id)

    def page(message: str, status_code: int) -> Response:
        return _coverage_form(request, user, current, form, message, status_code)

    return form_answer(
        lambda: patients.change_coverage(request_uow(request), user, coverage_id, form.coverage(current.patient_id)),
        ON_PAGE, page, lambda _: f"/front-desk/patients/{current.patient_id}#coverages",
    )  # fmt: skip


@router.post("/front-desk/coverages/{coverage_id}/end")
def end_coverage(request: Request, user: Editor, coverage_id: int, csrf_token: Csrf = "",
                 last_day: Annotated[str, Form(max_length=10)] = "") -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    current = patients.get_coverage(request_uow(request), user, coverage_id)
    page, then = _back(request, user, current.patient_id, "coverages")
    return form_answer(lambda: patients.end_coverage(request_uow(request), user, coverage_id, parse_date(last_day)),
                       ON_PAGE, page, then)  # fmt: skip


@router.post("/front-desk/patients/{patient_id}/coverages/order")
async def reorder(request: Request, user: Editor, patient_id: int) -> Response:
    """Each coverage in force gets an order from its select (`order_<coverage id>`); the same order twice is refused."""
    form = await request.form()
    check_csrf(request, str(form.get("csrf_token", "")))
    wanted = {int(key.removeprefix("order_")): str(value) for key, value in form.items()
              if key.startswith("order_") and key.removeprefix("order_").isdecimal()}  # fmt: skip
    on = str(form.get("on", "")) or request.app.state.clock.today().isoformat()
    page, then = _back(request, user, patient_id, "coverages")

    def apply() -> list[Coverage]:
        ranks = [ORDERS.get(order) for order in wanted.values()]
        if None in ranks or len(set(ranks)) != len(ranks):
            raise RevcycleError(
                ErrorCode.VALIDATION, "give each coverage its own order: primary, secondary, tertiary"
            )
        ordered = sorted(wanted, key=lambda coverage_id: ORDERS[wanted[coverage_id]])
        return patients.reorder_coverages(request_uow(request), user, patient_id, ordered, parse_date(on))

    return form_answer(apply, ON_PAGE, page, then)


@router.post("/front-desk/coverages/{coverage_id}/eligibility")
def check_eligibility(request: Request, user: Editor, coverage_id: int, csrf_token: Csrf = "",
                      on: Annotated[str, Form(max_length=10)] = "") -> Response:  # fmt: skip
    """Ask the payer (270/271); HTMX gets the answer panel, a plain form post the whole page with it."""
    check_csrf(request, csrf_token)
    current = patients.get_coverage(request_uow(request), user, coverage_id)
    fragment = request.headers.get("hx-request") == "true"
    try:
        partner = clearinghouse_partner(request)
        day = parse_date(on) if on.strip() else request.app.state.clock.today()
        found = front_desk.check_coverage(request_uow(request), user, partner.payer_desk(), partner.settings,
                                          current.patient_id, day, coverage_id)  # fmt: skip
    except RevcycleError as error:
        if fragment:
            return render(request, "front_desk_eligibility.html", user, found=None, message=error.message)
        return patient_page(request, user, current.patient_id, error.message, 422)
    if fragment:
        return render(request, "front_desk_eligibility.html", user, found=found, message="", oob=True)
    return patient_page(request, user, current.patient_id, eligibility=found)


@router.post("/front-desk/patients/{patient_id}/check-in")
def check_in(request: Request, user: Editor, patient_id: int, csrf_token: Csrf = "",
             nonce: Annotated[str, Form(max_length=16)] = "",
             rendering_provider_id: Annotated[str, Form(max_length=12)] = "",
             facility_id: Annotated[str, Form(max_length=12)] = "",
             place_of_service: Annotated[str, Form(max_length=2)] = "",
             date_of_service: Annotated[str, Form(max_length=10)] = "",
             copay: Annotated[str, Form(max_length=20)] = "",
             copay_method: Annotated[str, Form(max_length=8)] = "cash",
             copay_reference: Annotated[str, Form(max_length=80)] = "") -> Response:  # fmt: skip
    """Check the visit in; back to the patient page (303) or the form's problem on it (422)."""
    check_csrf(request, csrf_token)
    page, then = _back(request, user, patient_id, "check-ins")

    def visit() -> object:
        if not _NONCE.match(nonce):
            raise RevcycleError(ErrorCode.VALIDATION, "the check-in form expired; reload the page")
        if not rendering_provider_id.isdecimal():
            raise RevcycleError(ErrorCode.VALIDATION, "provider: choose who sees the patient")
        facility = int(facility_id) if facility_id.isdecimal() else None
        pos = place_of_service.strip() or _facility_pos(request, user, facility) or "11"
        day = parse_date(date_of_service) if date_of_service.strip() else request.app.state.clock.today()
        cents = parse_dollars(copay) if copay.strip() else 0
        return front_desk.check_in(request_uow(request), user, CheckInRequest(
            f"web:check-in:{patient_id}:{nonce}", patient_id, day, int(rendering_provider_id), pos, facility,
            copay_cents=cents, copay_method=copay_method, copay_reference=copay_reference.strip()))  # fmt: skip

    return form_answer(visit, ON_PAGE, page, then)


def _facility_pos(request: Request, user: User, facility_id: int | None) -> str:
    facilities = front_desk.form_choices(request_uow(request), user).facilities
    return next((f.detail for f in facilities if f.id == facility_id), "")


@router.post("/front-desk/patients/{patient_id}/merge")
def merge(request: Request, user: Editor, patient_id: int, csrf_token: Csrf = "",
          duplicate_account: Annotated[str, Form(max_length=12)] = "") -> Response:  # fmt: skip
    """Merge the record with this account number into this patient."""
    check_csrf(request, csrf_token)
    page, then = _back(request, user, patient_id, "merge")

    def apply() -> object:
        query = PatientQuery(account_number=duplicate_account.strip())
        found, _total = front_desk.find_patients(request_uow(request), user, query, page_of(1, 0))
        if not found:
            raise RevcycleError(
                ErrorCode.NOT_FOUND, f"no patient has account number {duplicate_account.strip()!r}"
            )
        return front_desk.merge_patients(request_uow(request), user, patient_id, found[0].id or 0)

    return form_answer(apply, ON_PAGE, page, then)
