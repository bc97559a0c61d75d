"""The FHIR R4 endpoint (`/fhir`): reads of patients, coverages, claims and what payers answered, as
`application/fhir+json`, with the roles of the matching /api routes; every error an OperationOutcome.

    GET  /fhir/metadata                                  CapabilityStatement (no sign-in: no patient data)
    GET  /fhir/Patient/{id}                              read_patients
    GET  /fhir/Coverage?patient={id}                     read_patients   searchset
    GET  /fhir/Claim/{id or number}                      read_patients
    GET  /fhir/ClaimResponse?request={claim}             read_ledger     searchset
    GET  /fhir/ExplanationOfBenefit?claim=|patient=      read_ledger     searchset
    POST /fhir                                           manage_interfaces  a Bundle from the EHR, applied once

Errors (sign-in, role, unknown record, a bad parameter) are answered by the route class `FhirRoute`, which
turns revcycle's error into an OperationOutcome with the HTTP status `api.errors` gives it (404, 403, 422...).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from revcycle import __version__
from revcycle.api.auth import Requires, public, request_uow
from revcycle.api.errors import http_status
from revcycle.interfaces.fhir_capability import capability_statement, operation_outcome
from revcycle.interfaces.fhir_codes import MEDIA_TYPE
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.services import fhir_export, fhir_intake

Reader = Annotated[User, Depends(Requires(Permission.READ_PATIENTS))]
LedgerReader = Annotated[User, Depends(Requires(Permission.READ_LEDGER))]
Importer = Annotated[User, Depends(Requires(Permission.MANAGE_INTERFACES))]
Reference = Annotated[str, Query(max_length=60, description="Type/<id>, <id> or (a claim) its number")]


class FhirResponse(Response):
    media_type = MEDIA_TYPE

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def outcome_response(code: str, message: str, status: int, problems: list[str] | None = None) -> FhirResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return FhirResponse(operation_outcome(code, message, problems), status_code=status, headers=headers)


class FhirRoute(APIRoute):
    """A route whose refusals are OperationOutcomes: sign-in, role, not found, bad input."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handler(request)
            except RevcycleError as error:
                return outcome_response(error.code.value, error.message, http_status(error.code))
            except RequestValidationError as error:
                problems = [
                    f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}"
                    for e in error.errors()
                ]
                return outcome_response(ErrorCode.VALIDATION.value, problems[0] if problems else "malformed request",
                                        422, problems)  # fmt: skip

        return answer


router = APIRouter(prefix="/fhir", tags=["fhir"], route_class=FhirRoute)


def fhir_base(request: Request) -> str:
    return f"{str(request.base_url).rstrip('/')}/fhir"


def record_id(value: str, resource_type: str, parameter: str) -> int:
    """`Patient/12` or `12` -> 12; VALIDATION naming the parameter otherwise."""
    text = value.strip().removeprefix(f"{resource_type}/")
    if not text.isdecimal() or not 0 < int(text) <= 2**31 - 1:
        raise RevcycleError(
            ErrorCode.VALIDATION, f"{parameter}: {resource_type}/<id> or <id>, not {value[:40]!r}"
        )
    return int(text)


def claim_ref(value: str) -> str:
    return value.strip().removeprefix("Claim/")


@router.get("/metadata", dependencies=[Depends(public)], response_class=FhirResponse)
def metadata(request: Request) -> FhirResponse:
    """The CapabilityStatement: what this server reads, searches and accepts."""
    now = request.app.state.clock.now()
    return FhirResponse(capability_statement(fhir_base(request), now, __version__))


@router.get("/Patient/{patient_id}", response_class=FhirResponse)
def read_patient(request: Request, user: Reader, patient_id: int) -> FhirResponse:
    return FhirResponse(fhir_export.patient_resource(request_uow(request), user, patient_id))


@router.get("/Coverage", response_class=FhirResponse)
def search_coverage(request: Request, user: Reader, patient: Reference) -> FhirResponse:
    """The patient's coverages, primary first."""
    found = fhir_export.coverage_search(request_uow(request), user, record_id(patient, "Patient", "patient"),
                                        fhir_base(request))  # fmt: skip
    return FhirResponse(found)


@router.get("/Claim/{claim_id}", response_class=FhirResponse)
def read_claim(request: Request, user: Reader, claim_id: Annotated[str, Path(max_length=38)]) -> FhirResponse:
    """A claim by its id or its number (E12-1)."""
    return FhirResponse(fhir_export.claim_resource(request_uow(request), user, claim_ref(claim_id)))


@router.get("/ClaimResponse", response_class=FhirResponse)
def search_claim_response(request: Request, user: LedgerReader, request_: Annotated[str, Query(
        alias="request", max_length=60, description="the claim: Claim/<id>, <id> or its number")]) -> FhirResponse:  # fmt: skip
    """What the payers answered to the claim: one ClaimResponse per remitted claim posted."""
    return FhirResponse(fhir_export.claim_response_search(request_uow(request), user, claim_ref(request_),
                                                          fhir_base(request)))  # fmt: skip


@router.get("/ExplanationOfBenefit", response_class=FhirResponse)
def search_eob(request: Request, user: LedgerReader, claim: Annotated[str | None, Query(max_length=60)] = None,
               patient: Annotated[str | None, Query(max_length=60)] = None) -> FhirResponse:  # fmt: skip
    """The explanations of benefit of one claim (`claim`) or of every claim of a patient (`patient`)."""
    patient_id = record_id(patient, "Patient", "patient") if patient is not None else None
    found = fhir_export.eob_search(request_uow(request), user, fhir_base(request),
                                   claim_ref(claim) if claim is not None else None, patient_id)  # fmt: skip
    return FhirResponse(found)


@router.post("", response_class=FhirResponse)
async def import_bundle(request: Request, user: Importer) -> FhirResponse:
    """A transaction or collection Bundle from the EHR (patients, coverages, visits and charges), applied once:
    a transaction-response Bundle naming what was written; an OperationOutcome with every problem by path (the
    Bundle kept in the interface error queue) or, for a Bundle received before, saying so."""
    try:
        raw = (await request.body()).decode("utf-8")
    except UnicodeDecodeError as error:
        raise RevcycleError(ErrorCode.VALIDATION, "Bundle: the body is not UTF-8 text") from error
    receipt = await run_in_threadpool(fhir_intake.import_bundle, request_uow(request), user, raw)
    status, body = fhir_intake.answer(receipt, request.app.state.clock.now())
    return FhirResponse(body, status_code=status)
