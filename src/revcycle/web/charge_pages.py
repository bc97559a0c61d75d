"""Charge entry (the superbill) of one encounter, made for the keyboard: the diagnoses in order (searched on the
date of service), then one line at a time — code, modifiers, units, pointers, fee (the schedule's unless
overridden with a reason), NDC — where Enter adds the line and the cursor comes back to the next line's code.
As the biller types, HTMX asks `/charges/{id}/preview` for the line's fee, what is wrong with it and the
scrubber's findings on the claim with it (`services.charges.preview_charge`, nothing stored).

Shortcuts (the browser's access keys, Alt+key in Chromium): D the diagnoses, N a new line's code, C the coding page.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

from revcycle.api.auth import request_uow
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.charges import NDC_UNITS, DrugIdentification, parse_pointers
from revcycle.practice.users import Permission, User
from revcycle.services import charges
from revcycle.web.rendering import form_answer, parse_dollars, render
from revcycle.web.session import Page, check_csrf

router = APIRouter(include_in_schema=False)
Biller = Annotated[User, Depends(Page(Permission.EDIT_ENCOUNTERS))]
FORM_ERRORS = (ErrorCode.VALIDATION, ErrorCode.CONFLICT, ErrorCode.INVALID_AMOUNT, ErrorCode.NOT_FOUND)
Field = Annotated[str, Form(max_length=40)]
Asked = Annotated[str, Query(max_length=40)]


def charge_page(request: Request, user: User, encounter_id: int, message: str = "", status_code: int = 200,
                typed: dict[str, str] | None = None) -> Response:  # fmt: skip
    """The superbill; `message` is a refused form's reason and `typed` what the biller had typed (kept)."""
    bill = charges.superbill(request_uow(request), user, encounter_id)
    return render(request, "charges.html", user, status_code=status_code, bill=bill, encounter=bill.encounter,
                  patient=bill.patient, message=message, typed=typed or {}, units=NDC_UNITS)  # fmt: skip


@router.get("/charges/{encounter_id}")
def superbill_page(request: Request, user: Biller, encounter_id: int) -> Response:
    return charge_page(request, user, encounter_id)


@router.post("/charges/{encounter_id}/diagnoses")
def set_diagnoses(request: Request, user: Biller, encounter_id: int, codes: Annotated[str, Form(max_length=200)] = "",
                  csrf_token: Annotated[str, Form()] = "") -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    listed = [code for code in codes.replace(";", ",").replace(" ", ",").split(",") if code.strip()]
    return form_answer(lambda: charges.set_diagnoses(request_uow(request), user, encounter_id, listed), FORM_ERRORS,
                       partial(charge_page, request, user, encounter_id, typed={"codes": codes}),
                       lambda _: f"/charges/{encounter_id}")  # fmt: skip


def _entry(code: str, modifiers: str, units: str, pointers: str, fee: str, reason: str, ndc: str, ndc_unit: str,
           ndc_quantity: str) -> charges.ChargeEntry:  # fmt: skip
    """The line form as `services.charges` takes it; what cannot be read is VALIDATION, saying what."""
    if not units.strip().isdecimal():
        raise RevcycleError(ErrorCode.VALIDATION, f"units {units!r}: a whole number from 1")
    drug = DrugIdentification.parse(ndc, ndc_unit or "UN", ndc_quantity or "1") if ndc.strip() else None
    modifier_list = tuple(m for m in modifiers.replace(",", " ").upper().split() if m)
    fee_cents = parse_dollars(fee) if fee.strip() else None
    return charges.ChargeEntry(code.strip().upper(), modifier_list, int(units), parse_pointers(pointers or "1"),
                               fee_cents, reason, drug)  # fmt: skip


@router.post("/charges/{encounter_id}/lines")
def add_line(request: Request, user: Biller, encounter_id: int, code: Field = "", modifiers: Field = "",
             units: Field = "1", pointers: Field = "1", fee: Field = "", reason: Annotated[str, Form(max_length=200)] = "",
             ndc: Field = "", ndc_unit: Field = "UN", ndc_quantity: Field = "1",
             csrf_token: Annotated[str, Form()] = "") -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    typed = {"code": code, "modifiers": modifiers, "units": units, "pointers": pointers, "fee": fee, "reason": reason,
             "ndc": ndc, "ndc_unit": ndc_unit, "ndc_quantity": ndc_quantity}  # fmt: skip

    def add() -> object:
        entry = _entry(code, modifiers, units, pointers, fee, reason, ndc, ndc_unit, ndc_quantity)
        return charges.add_charge(request_uow(request), user, encounter_id, entry)

    return form_answer(add, FORM_ERRORS, partial(charge_page, request, user, encounter_id, typed=typed),
                       lambda _: f"/charges/{encounter_id}")  # fmt: skip


@router.post("/charges/{encounter_id}/lines/{line_number}/remove")
def remove_line(request: Request, user: Biller, encounter_id: int, line_number: int,
                csrf_token: Annotated[str, Form()] = "") -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    return form_answer(lambda: charges.remove_charge(request_uow(request), user, encounter_id, line_number),
                       FORM_ERRORS, partial(charge_page, request, user, encounter_id),
                       lambda _: f"/charges/{encounter_id}")  # fmt: skip


@router.get("/charges/{encounter_id}/preview")
def preview(request: Request, user: Biller, encounter_id: int, code: Asked = "", modifiers: Asked = "",
            units: Asked = "1", pointers: Asked = "1", fee: Asked = "", reason: Annotated[str, Query(max_length=200)] = "",
            ndc: Asked = "", ndc_unit: Asked = "UN", ndc_quantity: Asked = "1") -> Response:  # fmt: skip
    """The line's fee, problems and the scrubber's findings, as a fragment HTMX puts under the form."""
    problems: tuple[str, ...] = ()
    found = None
    if code.strip():
        try:
            entry = _entry(code, modifiers, units, pointers, fee, reason, ndc, ndc_unit, ndc_quantity)
            found = charges.preview_charge(request_uow(request), user, encounter_id, entry)
        except RevcycleError as error:
            if error.code not in FORM_ERRORS:
                raise
            problems = (error.message,)
    return render(
        request, "charge_preview.html", user, found=found, problems=found.problems if found else problems
    )


@router.get("/charges/{encounter_id}/diagnosis-search")
def diagnosis_search(request: Request, user: Biller, encounter_id: int,
                     q: Annotated[str, Query(max_length=80)] = "") -> Response:  # fmt: skip
    """ICD-10-CM codes for the words typed, from the release in force on the encounter's date of service."""
    bill = charges.superbill(request_uow(request), user, encounter_id)
    hits = charges.search_diagnoses(user, q, bill.encounter.date_of_service, limit=8)
    return render(request, "diagnosis_hits.html", user, hits=hits, query=q)
