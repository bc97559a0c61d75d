"""The coder's decisions on an encounter's suggestions, through services/coding.py (audited there):
the worklist, one decision at a time (append-only), and finalizing the codes onto the encounter."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from revcycle.api.auth import Requires, request_uow
from revcycle.api.schemas import DecisionIn, FinalizeIn
from revcycle.coding.workflow import Worklist, latest_decisions
from revcycle.practice.users import Permission, User
from revcycle.services import coding

router = APIRouter(prefix="/api/encounters/{encounter_id}/coding", tags=["coding"])

Coder = Annotated[User, Depends(Requires(Permission.EDIT_ENCOUNTERS))]


def decision_json(stored: coding.StoredDecision) -> dict[str, Any]:
    decision = stored.decision
    return {"id": stored.id, "encounter_id": stored.encounter_id, "code_system": stored.code_system,
            "action": decision.action.value, "coder": decision.coder_id, "decided_at": decision.decided_at.isoformat(),
            "suggested_code": decision.suggested_code, "final_code": decision.final_code, "reason": decision.reason}  # fmt: skip


def _codes(worklist: Worklist, final: list[str]) -> dict[str, Any]:
    decided = latest_decisions(worklist)
    return {"suggested": list(worklist.suggested), "final": final,
            "decided": {code: decision.action.value for code, decision in decided.items()}}  # fmt: skip


@router.get("")
def worklist(request: Request, user: Coder, encounter_id: int) -> dict[str, Any]:
    """The note's suggestions (with evidence spans), the decisions so far, the final and pending codes."""
    found = coding.coding_worklist(request_uow(request), user, encounter_id)
    return {"encounter_id": found.encounter_id, "date_of_service": found.date_of_service.isoformat(),
            "suggestions": found.suggestions.to_dict(),
            "diagnoses": _codes(found.diagnoses, found.final_diagnoses),
            "procedures": _codes(found.procedures, found.final_procedures),
            "pending": found.pending, "decisions": [decision_json(d) for d in found.decisions]}  # fmt: skip


@router.post("/decisions", status_code=201)
def record_decision(request: Request, user: Coder, encounter_id: int, body: DecisionIn) -> dict[str, Any]:
    """Accept, reject or edit a suggested code, or add one (ICD-10-CM dotted, e.g. E11.65)."""
    return decision_json(coding.record_decision(request_uow(request), user, encounter_id, body.domain()))


@router.post("/finalize")
def finalize(
    request: Request, user: Coder, encounter_id: int, body: FinalizeIn | None = None
) -> dict[str, Any]:
    """Write the final codes onto the encounter (refused on check errors unless a manager forces it)."""
    body = body or FinalizeIn()
    diagnoses = coding.finalize_coding(
        request_uow(request), user, encounter_id, body.force, body.fee_schedule()
    )
    return {"encounter_id": encounter_id, "diagnoses": diagnoses, "forced": body.force}
