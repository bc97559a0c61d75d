"""The coder's desk: suggestions for an encounter's note, E/M level, code-combination checks."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request

from revcycle.api.auth import Requires, request_uow
from revcycle.api.schemas import CheckIn, SuggestIn
from revcycle.kernel.findings import has_errors
from revcycle.practice.users import Permission, User
from revcycle.services import coding

router = APIRouter(prefix="/api", tags=["coding"])

Coder = Annotated[User, Depends(Requires(Permission.EDIT_ENCOUNTERS))]


@router.post("/encounters/{encounter_id}/suggestions")
def suggest_codes(request: Request, user: Coder, encounter_id: int, body: SuggestIn | None = None) -> Any:
    """ICD-10-CM and CPT/HCPCS suggestions with evidence spans (character offsets into the note)."""
    setting = body.setting if body else "outpatient"
    return coding.suggest_for_encounter(request_uow(request), user, encounter_id, setting).to_dict()


@router.post("/coding/em")
def level_em(user: Coder, visit: Annotated[dict[str, Any], Body()]) -> Any:
    """E/M level from the MDM elements (problems, data, risks) or total time, with the explanation."""
    return coding.level_em(user, visit).to_dict()


@router.post("/coding/check")
def check_codes(user: Coder, body: CheckIn) -> Any:
    findings = coding.check_codes(user, body.codes, body.date_of_service, body.age, body.sex)
    return {"findings": [finding.to_dict() for finding in findings],
            "has_errors": has_errors(findings)}
