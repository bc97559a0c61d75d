"""Real-time questions to the payer through the trading partner (see routes/clearinghouse.py):
eligibility (270/271, services/eligibility.py) and claim status (276/277, services/claim_status.py).
Both store the answers and audit them; the real-time desk is the partner's (`payer_desk()`): only a
`"kind": "simulator"` partner has one."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from revcycle.api.auth import Requires, request_uow
from revcycle.api.routes.clearinghouse import clearinghouse_partner
from revcycle.api.schemas import ClaimStatusIn, EligibilityDayIn, EligibilityIn, to_json
from revcycle.clearinghouse.protocol import Clearinghouse, PayerDesk
from revcycle.practice.users import Permission, User
from revcycle.services import claim_status, eligibility
from revcycle.services.claim_status import ClaimStatusAnswer

router = APIRouter(prefix="/api", tags=["eligibility and claim status"])

FrontDesk = Annotated[User, Depends(Requires(Permission.EDIT_PATIENTS))]
Poster = Annotated[User, Depends(Requires(Permission.POST_LEDGER))]


def _desk(request: Request) -> tuple[Clearinghouse, PayerDesk]:
    partner = clearinghouse_partner(request)
    return partner, partner.payer_desk()


def check_json(found: eligibility.EligibilityCheck) -> dict[str, Any]:
    return {"check_id": found.check_id, "patient_id": found.patient_id, "encounter_id": found.encounter_id,
            "benefits": to_json(asdict(found.benefits))}  # fmt: skip


def answer_json(answer: ClaimStatusAnswer) -> dict[str, Any]:
    """The 277 answer with its first status category (F1, P1, A3, ...) and the plain words."""
    return {**to_json(asdict(answer)), "category": answer.category, "words": answer.words}


@router.post("/patients/{patient_id}/eligibility", status_code=201)
def check_eligibility(request: Request, user: FrontDesk, patient_id: int,
                      body: EligibilityIn | None = None) -> dict[str, Any]:  # fmt: skip
    """Ask the payer (270/271) whether the patient's coverage is active on `on` (default: today);
    the answer is stored with that day's encounter (the scrubber reads it)."""
    body = body or EligibilityIn()
    partner, desk = _desk(request)
    day = body.on or request.app.state.clock.today()
    found = eligibility.check_eligibility(request_uow(request), user, desk, partner.settings, patient_id, day,
                                          body.encounter_id)  # fmt: skip
    return check_json(found)


@router.post("/eligibility/day")
def check_day(request: Request, user: FrontDesk, body: EligibilityDayIn) -> dict[str, Any]:
    """Check every encounter on one day (e.g. tomorrow's schedule); those not checked say why."""
    partner, desk = _desk(request)
    checks, skipped = eligibility.check_encounters_on(
        request_uow(request), user, desk, partner.settings, body.on
    )
    return {"date": body.on.isoformat(), "checks": [check_json(found) for found in checks],
            "skipped": [{"encounter_id": encounter_id, "reason": why} for encounter_id, why in skipped]}  # fmt: skip


@router.post("/claims/status-checks")
def check_claim_status(request: Request, user: Poster, body: ClaimStatusIn | None = None) -> dict[str, Any]:
    """Ask the payers (276/277) about claims still awaiting an answer `stale_days` after submission
    (default: the payer's setting, else 30); answers are stored and move the claims."""
    partner, desk = _desk(request)
    report = claim_status.check_claim_status(request_uow(request), user, desk, partner.settings,
                                             body.stale_days if body else None)  # fmt: skip
    return {"asked": report.asked, "moved": report.moved, "unanswered": report.unanswered,
            "answers": {claim: answer_json(answer) for claim, answer in report.answers.items()}}  # fmt: skip
