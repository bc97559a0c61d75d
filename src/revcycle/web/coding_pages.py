"""The coder queue and the coding page of one encounter: the note with its evidence, accept / reject /
edit / add (stored by `services.coding.record_decision`), E/M level, inline checks, finalize, build
the claim.

The queue (`services.views.coder_queue`) is every encounter with no claim and no coding finalization,
oldest date of service first; an encounter leaves it when `finalize_coding` writes its final codes.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from revcycle.api.auth import request_uow
from revcycle.coding.em.mdm import PROBLEM_LEVEL, RISK_LEVEL
from revcycle.coding.sequence import pointers_from_text, pointers_text
from revcycle.coding.workflow import Action, latest_decisions
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, Role, User
from revcycle.services import claims, coding, patients, views
from revcycle.web import coding_desk
from revcycle.web.coding_desk import DATA_COUNTS, DATA_FLAGS
from revcycle.web.rendering import form_answer, render
from revcycle.web.session import Page, check_csrf

router = APIRouter(include_in_schema=False)
Coder = Annotated[User, Depends(Page(Permission.EDIT_ENCOUNTERS))]
QUEUE_SIZE = 50
FORM_ERRORS = (ErrorCode.VALIDATION, ErrorCode.CONFLICT)  # shown on the page; others are error pages


@router.get("/coding")
def coder_queue(request: Request, user: Coder, message: str = "", status_code: int = 200) -> Response:
    """The queue a page at a time, with the filters, sort and search of the query string (`coding_desk.queue_query`)."""
    asked = coding_desk.queue_form(request.query_params)
    try:
        query, page = coding_desk.queue_query(asked)
        query = replace(query, assigned=user.username) if query.assigned == "me" else query
        queue = views.coder_queue(request_uow(request), user, QUEUE_SIZE, page, query)
    except RevcycleError as error:
        if error.code not in (ErrorCode.VALIDATION, ErrorCode.INVALID_DATE):
            raise
        return render(request, "queue.html", user, status_code=422, rows=[], queue=None, asked=asked,
                      message=error.message, sorts=coding_desk.QUEUE_SORTS, may_assign_others=False)  # fmt: skip
    payers = views.payers_by_id(request_uow(request), user, [i.payer_id for i in queue.items if i.payer_id])
    rows = [{"encounter": item.encounter, "patient": item.patient, "decisions": item.decisions,
             "charge_cents": item.encounter.total_charge_cents, "confidence": item.confidence_permille,
             "assigned_to": item.assigned_to, "payer": payers.get(item.payer_id) if item.payer_id else None}
            for item in queue.items]  # fmt: skip
    return render(request, "queue.html", user, status_code=status_code, rows=rows, queue=queue, asked=asked,
                  message=message, sorts=coding_desk.QUEUE_SORTS, page_link=partial(coding_desk.page_link, asked),
                  may_assign_others=user.role in (Role.MANAGER, Role.ADMIN))  # fmt: skip


@router.post("/coding/assign")
async def assign(request: Request, user: Coder) -> Response:
    """Assign the ticked encounters to me (or, for a manager, to the coder named), then back to the same page."""
    form = await request.form()
    check_csrf(request, str(form.get("csrf_token", "")))
    chosen = [int(value) for value in form.getlist("encounter_ids") if str(value).isdecimal()]
    back = str(form.get("back", ""))[:500]
    back = back if back.startswith("/coding") else "/coding"
    to = str(form.get("to", "")).strip() or None
    return form_answer(lambda: views.assign_encounters(request_uow(request), user, chosen, to),
                       (ErrorCode.VALIDATION, ErrorCode.CONFLICT, ErrorCode.NOT_FOUND),
                       partial(coder_queue, request, user), lambda _: back)  # fmt: skip


def _em_result(user: User, visit: dict[str, Any] | None) -> tuple[Any, str]:
    if visit is None:
        return None, ""
    try:
        return coding.level_em(user, visit), ""
    except RevcycleError as error:
        return None, error.message


def _em_context(request: Request, user: User, note: str) -> dict[str, Any]:
    """The E/M form's answers, its result (or why not) and the form's choices."""
    visit = coding_desk.em_visit(request.query_params, note)
    em, em_error = _em_result(user, visit)
    return {"em": em, "em_error": em_error, "visit": visit or {}, "problem_kinds": list(PROBLEM_LEVEL),
            "risk_kinds": list(RISK_LEVEL), "data_counts": DATA_COUNTS, "data_flags": DATA_FLAGS}  # fmt: skip


def encounter_page(
    request: Request, user: User, encounter_id: int, message: str = "", status_code: int = 200
) -> Response:
    """The coding page; `message` is a refused form's reason, shown at the top."""
    work = coding.coding_worklist(request_uow(request), user, encounter_id)
    encounter = patients.get_encounter(request_uow(request), user, encounter_id)
    patient = patients.get_patient(request_uow(request), user, encounter.patient_id)
    check_codes = work.final_diagnoses or list(encounter.diagnosis_codes)
    dos = encounter.date_of_service
    age = coding.age_on(patient.birth_date, dos)
    state = views.coding_state(request_uow(request), user, encounter_id)
    return render(request, "encounter.html", user, status_code=status_code, encounter=encounter, patient=patient,
                  suggestions=work.suggestions, work=work, pending=work.pending, badge=coding_desk.badge,
                  decisions=latest_decisions(work.diagnoses) | latest_decisions(work.procedures),
                  added=[d for d in work.diagnoses.decisions + work.procedures.decisions if d.action is Action.ADD],
                  note=coding_desk.highlighted_note(encounter.note_text, coding_desk.evidence_spans(work.suggestions)),
                  findings=coding.check_codes(user, check_codes, dos, age, patient.sex.value), checked=check_codes,
                  message=message, finalization=state.finalization, finalized_by=state.finalized_by, built=state.claims,
                  order=state.order, order_pointers=pointers_text(state.order.pointers) if state.order else "",
                  may_force=user.role in (Role.MANAGER, Role.ADMIN),
                  **_em_context(request, user, encounter.note_text))  # fmt: skip


@router.get("/coding/{encounter_id}")
def encounter_coding(request: Request, user: Coder, encounter_id: int) -> Response:
    return encounter_page(request, user, encounter_id)


def _decision(action: str, code: str, final_code: str, reason: str) -> coding.CoderDecision:
    if action not in {a.value for a in Action}:
        raise RevcycleError(
            ErrorCode.VALIDATION, f"unknown action {action!r}; use accept, reject, edit or add"
        )
    chosen = Action(action)
    if chosen is Action.ADD:
        return coding.CoderDecision(chosen, None, final_code.strip() or None, reason)
    final = final_code.strip() or None if chosen is Action.EDIT else None
    return coding.CoderDecision(chosen, code.strip() or None, final, reason)


@router.post("/coding/{encounter_id}/decisions")
def decide_code(
    request: Request,
    user: Coder,
    encounter_id: int,
    action: Annotated[str, Form(max_length=8)],
    code: Annotated[str, Form(max_length=10)] = "",
    final_code: Annotated[str, Form(max_length=10)] = "",
    reason: Annotated[str, Form(max_length=400)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf_token)

    def decide() -> coding.StoredDecision:
        decision = _decision(action, code, final_code, reason)
        return coding.record_decision(request_uow(request), user, encounter_id, decision)

    def decided_row(made: coding.StoredDecision) -> str:
        return f"/coding/{encounter_id}#code-{made.decision.suggested_code or made.decision.final_code or ''}"

    return form_answer(
        decide, (ErrorCode.VALIDATION,), partial(encounter_page, request, user, encounter_id), decided_row
    )


@router.post("/coding/{encounter_id}/order")
def set_order(
    request: Request,
    user: Coder,
    encounter_id: int,
    diagnoses: Annotated[str, Form(max_length=200)] = "",
    pointers: Annotated[str, Form(max_length=200)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """The final diagnoses in claim order and, per coded line, its pointers (`1=2,1; 2=1`); finalizing keeps them."""
    check_csrf(request, csrf_token)
    codes = [code for code in diagnoses.replace(";", ",").replace(" ", ",").split(",") if code.strip()]

    def order() -> object:
        return coding.set_coding_order(
            request_uow(request), user, encounter_id, codes, pointers_from_text(pointers)
        )

    return form_answer(order, FORM_ERRORS, partial(encounter_page, request, user, encounter_id),
                       lambda _: f"/coding/{encounter_id}#claim-order")  # fmt: skip


@router.post("/coding/{encounter_id}/finalize")
def finalize(
    request: Request,
    user: Coder,
    encounter_id: int,
    force: Annotated[str, Form(max_length=3)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf_token)
    return form_answer(lambda: coding.finalize_coding(request_uow(request), user, encounter_id, force=force == "on"),
                       FORM_ERRORS, partial(encounter_page, request, user, encounter_id),
                       lambda _: f"/coding/{encounter_id}#finalized")  # fmt: skip


@router.post("/coding/{encounter_id}/claims")
def build_claim(
    request: Request, user: Coder, encounter_id: int, csrf_token: Annotated[str, Form()] = ""
) -> Response:
    """The finalized encounter's claim(s), built as drafts; the page of the first one opens."""
    check_csrf(request, csrf_token)
    if views.coding_state(request_uow(request), user, encounter_id).finalization is None:
        return encounter_page(
            request, user, encounter_id, "finalize the coding before building the claim", 422
        )
    return form_answer(lambda: claims.build_encounter_claims(request_uow(request), user, encounter_id),
                       (ErrorCode.VALIDATION,), partial(encounter_page, request, user, encounter_id),
                       lambda built: f"/claims/{built[0].id}")  # fmt: skip
