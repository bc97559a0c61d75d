"""What a biller does about a denial: appeal it (services/appeals.py: draft, letter PDF, sent,
outcome) or replace the claim (services/claim_corrections.py: corrected claim, frequency 7; void,
frequency 8). Every action and read is audited by the services."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from revcycle.api.auth import Requires, request_uow
from revcycle.api.paging import Limit, Offset, sliced
from revcycle.api.responses import written_pdf
from revcycle.api.routes.claims import claim_json
from revcycle.api.schemas import AppealIn, AppealOutcomeIn, AppealSentIn, CorrectionIn, VoidIn
from revcycle.practice.users import Permission, User
from revcycle.services import appeals, claim_corrections

router = APIRouter(prefix="/api", tags=["denials"])

LedgerReader = Annotated[User, Depends(Requires(Permission.READ_LEDGER))]
Poster = Annotated[User, Depends(Requires(Permission.POST_LEDGER))]
Coder = Annotated[User, Depends(Requires(Permission.EDIT_ENCOUNTERS))]


def correction_json(correction: claim_corrections.Correction) -> dict[str, Any]:
    return {
        "original": claim_json(correction.original),
        "replacement": claim_json(correction.replacement),
        "payer_claim_control_number": correction.payer_claim_control_number,
        "source": correction.source,
    }


@router.get("/appeals")
def list_appeals(
    request: Request, user: LedgerReader, limit: Limit = 50, offset: Offset = 0, open_only: bool = False
) -> dict[str, Any]:
    """Appeals by deadline, soonest first (days to the deadline, overdue flagged); `open_only`: drafted or sent."""
    found = appeals.list_appeals(request_uow(request), user, open_only)
    return sliced(found, limit, offset, lambda view: view.to_dict())


@router.post("/claims/{claim_id}/appeals", status_code=201)
def draft_appeal(
    request: Request, user: Poster, claim_id: int, body: AppealIn | None = None
) -> dict[str, Any]:
    """Appeal the claim's open denials (they leave the work queue); the deadline comes from the payer's window."""
    return appeals.draft_appeal(request_uow(request), user, claim_id, body.note if body else "").to_dict()


@router.get("/appeals/{appeal_id}")
def get_appeal(request: Request, user: LedgerReader, appeal_id: int) -> dict[str, Any]:
    return appeals.get_appeal(request_uow(request), user, appeal_id).to_dict()


@router.get("/appeals/{appeal_id}/letter.pdf", response_class=Response)
def appeal_letter(
    request: Request, user: LedgerReader, appeal_id: int, download: Annotated[bool, Query()] = False
) -> Response:
    """The appeal letter for the denial category, as a PDF."""
    return written_pdf(f"appeal-{appeal_id}.pdf",
                       lambda out: appeals.appeal_letter(request_uow(request), user, appeal_id, out), download)  # fmt: skip


@router.post("/appeals/{appeal_id}/sent")
def mark_sent(
    request: Request, user: Poster, appeal_id: int, body: AppealSentIn | None = None
) -> dict[str, Any]:
    return appeals.mark_appeal_sent(
        request_uow(request), user, appeal_id, body.on if body else None
    ).to_dict()


@router.post("/appeals/{appeal_id}/outcome")
def record_outcome(request: Request, user: Poster, appeal_id: int, body: AppealOutcomeIn) -> dict[str, Any]:
    """The payer's answer by letter or phone (won, partially_won, upheld), or withdrawn; upheld or
    withdrawn put the denials back on the work queue."""
    view = appeals.record_appeal_outcome(
        request_uow(request), user, appeal_id, body.outcome, body.recovered_cents, body.on
    )
    return view.to_dict()


@router.post("/claims/{claim_id}/corrections", status_code=201)
def correct_claim(request: Request, user: Coder, claim_id: int, body: CorrectionIn) -> dict[str, Any]:
    """Replace an adjudicated claim by a corrected one (frequency 7, REF*F8 the payer's number); the new
    draft is scrubbed and submitted like any claim."""
    return correction_json(
        claim_corrections.correct_claim(request_uow(request), user, claim_id, body.domain())
    )


@router.post("/claims/{claim_id}/void", status_code=201)
def void_claim(request: Request, user: Poster, claim_id: int, body: VoidIn) -> dict[str, Any]:
    """Cancel an adjudicated claim with a void (frequency 8); the reason must not name the patient."""
    return correction_json(claim_corrections.void_claim(request_uow(request), user, claim_id, body.reason))
