"""The coder queue and the coding page of one encounter (note, evidence, accept/reject, E/M, checks)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from revcycle.api.auth import request_uow
from revcycle.coding.em.mdm import PROBLEM_LEVEL, RISK_LEVEL
from revcycle.kernel.errors import RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.services import coding, patients
from revcycle.store.tables import encounters
from revcycle.store.tables_claims import claims
from revcycle.web import coding_desk
from revcycle.web.rendering import render
from revcycle.web.session import Page, check_csrf

router = APIRouter(include_in_schema=False)
Coder = Annotated[User, Depends(Page(Permission.EDIT_ENCOUNTERS))]
QUEUE_SIZE = 50
DATA_COUNTS = ("tests_ordered", "tests_reviewed", "external_note_sources")
DATA_FLAGS = ("independent_historian", "independent_interpretation", "discussion_with_external")


def waiting_encounter_ids(request: Request) -> tuple[list[int], int]:
    """Encounters with no claim whose coding is not complete, oldest date of service first."""
    done = coding_desk.completed_encounter_ids(request_uow(request))
    billed = select(claims.c.encounter_id).where(claims.c.encounter_id.is_not(None))
    query = (select(encounters.c.id).where(encounters.c.id.not_in(billed))
             .order_by(encounters.c.date_of_service, encounters.c.id))
    with request_uow(request) as uow:
        ids = [row.id for row in uow.connection.execute(query) if row.id not in done]
    return ids[:QUEUE_SIZE], len(ids)


@router.get("/coding")
def coder_queue(request: Request, user: Coder) -> Response:
    ids, total = waiting_encounter_ids(request)
    rows = []
    for encounter_id in ids:
        encounter = patients.get_encounter(request_uow(request), user, encounter_id)
        patient = patients.get_patient(request_uow(request), user, encounter.patient_id)
        rows.append({"encounter": encounter, "patient": patient,
                     "charge_cents": encounter.total_charge_cents})
    return render(request, "queue.html", user, rows=rows, total=total, shown=len(rows))


def _em_visit(params: dict[str, Any], note: str) -> dict[str, Any] | None:
    """The E/M form's answers as `coding.level_em` input; None until the form was sent."""
    if "em" not in params:
        return None
    data: dict[str, Any] = {name: int(params.get(name) or 0) for name in DATA_COUNTS}
    data.update({name: params.get(name) == "on" for name in DATA_FLAGS})
    problems = [kind for kind in params.getlist("problems") if kind in PROBLEM_LEVEL]
    risks = [kind for kind in params.getlist("risks") if kind in RISK_LEVEL]
    return {"patient": params.get("patient", "established"), "problems": problems, "risks": risks,
            "data": data, "note": note}


def _em_result(user: User, visit: dict[str, Any] | None) -> tuple[Any, str]:
    if visit is None:
        return None, ""
    try:
        return coding.level_em(user, visit), ""
    except RevcycleError as error:
        return None, error.message


@router.get("/coding/{encounter_id}")
def encounter_coding(request: Request, user: Coder, encounter_id: int) -> Response:
    encounter = patients.get_encounter(request_uow(request), user, encounter_id)
    patient = patients.get_patient(request_uow(request), user, encounter.patient_id)
    suggestions = coding.suggest_for_encounter(request_uow(request), user, encounter_id)
    suggested = coding_desk.suggested_codes(suggestions)
    work = coding_desk.worklist(request_uow(request), encounter_id, suggested)
    decisions = coding_desk.latest_decisions(work)
    accepted = [code for code in suggested if code in decisions and decisions[code].final_code]
    check_codes = [c for c in accepted if c in {d.code for d in suggestions.diagnoses}] or list(encounter.diagnosis_codes)
    dos = encounter.date_of_service
    findings = coding.check_codes(user, check_codes, dos, coding.age_on(patient.birth_date, dos), patient.sex.value)
    visit = _em_visit(request.query_params, encounter.note_text)
    em, em_error = _em_result(user, visit)
    return render(request, "encounter.html", user, encounter=encounter, patient=patient, suggestions=suggestions,
                  note=coding_desk.highlighted_note(encounter.note_text, coding_desk.evidence_spans(suggestions)),
                  decisions=decisions, pending=coding_desk.pending(work), findings=findings, checked=check_codes,
                  em=em, em_error=em_error, visit=visit or {}, problem_kinds=list(PROBLEM_LEVEL),
                  risk_kinds=list(RISK_LEVEL), data_counts=DATA_COUNTS, data_flags=DATA_FLAGS)


@router.post("/coding/{encounter_id}/decisions")
def decide_code(request: Request, user: Coder, encounter_id: int, action: Annotated[str, Form()],
                code: Annotated[str, Form(max_length=10)], csrf_token: Annotated[str, Form()] = "") -> Response:
    check_csrf(request, csrf_token)
    encounter = patients.get_encounter(request_uow(request), user, encounter_id)
    suggestions = coding.suggest_for_encounter(request_uow(request), user, encounter.id or encounter_id)
    suggested = coding_desk.suggested_codes(suggestions)
    work = coding_desk.worklist(request_uow(request), encounter_id, suggested)
    coding_desk.decide_checked(work, action, code, user.username, request.app.state.clock.now())
    coding_desk.record_decision(request_uow(request), user, encounter_id, action, code)
    if not coding_desk.pending(coding_desk.worklist(request_uow(request), encounter_id, suggested)):
        coding_desk.mark_complete(request_uow(request), user, encounter_id)
    return RedirectResponse(f"/coding/{encounter_id}#code-{code}", status_code=303)
