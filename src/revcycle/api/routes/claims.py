"""Claims through services/claims.py: list, get, build, scrub, CMS-1500 PDF, 837P export."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from revcycle.api.auth import Requires, request_uow
from revcycle.api.paging import Limit, Offset, listed
from revcycle.api.responses import written_pdf
from revcycle.api.schemas import Export837In, ScrubIn
from revcycle.claims import Claim, ClaimStatus
from revcycle.claims.serialize import claim_to_dict
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.checks import parse_choice
from revcycle.practice.organization import Receiver, Submitter
from revcycle.practice.users import Permission, User
from revcycle.services import claim_worklist, claims
from revcycle.services.claim_worklist import SORTS, ClaimFilters

router = APIRouter(prefix="/api", tags=["claims"])

Reader = Annotated[User, Depends(Requires(Permission.READ_PATIENTS))]
Builder = Annotated[User, Depends(Requires(Permission.EDIT_ENCOUNTERS))]
Submitter837 = Annotated[User, Depends(Requires(Permission.POST_LEDGER))]


def claim_json(claim: Claim) -> dict[str, Any]:
    return {"id": claim.id, **claim_to_dict(claim)}


@router.get("/claims")
def list_claims(request: Request, user: Reader, limit: Limit = 50, offset: Offset = 0,
                status: Annotated[str | None, Query(max_length=16)] = None,
                patient_id: Annotated[int | None, Query(gt=0, le=2**31 - 1)] = None,
                payer_id: Annotated[int | None, Query(gt=0, le=2**31 - 1)] = None,
                dos_from: Annotated[date | None, Query(description="first date of service on or after")] = None,
                dos_to: Annotated[date | None, Query(description="first date of service on or before")] = None,
                age: Annotated[str, Query(max_length=8, description="0-30, 31-60, 61-90, 91-120 or 120+ days")] = "",
                q: Annotated[str, Query(max_length=60, description="claim number, payer's claim number or "
                                                                   "patient's last name (prefix)")] = "",
                sort: Annotated[str, Query(max_length=8, description=", ".join(SORTS))] = "number",
                order: Annotated[str, Query(pattern="^(asc|desc)$")] = "asc") -> dict[str, Any]:
    """The claims worklist the web's claims page shows: filters, search, sort, paged; names, not ids only."""
    chosen = parse_choice(ClaimStatus, status, "status").value if status is not None else None
    if sort not in SORTS:
        raise RevcycleError(ErrorCode.VALIDATION, f"sort must be one of {', '.join(SORTS)}")
    filters = claim_worklist.with_age(ClaimFilters(chosen, payer_id, dos_from, dos_to, search=q.strip(), sort=sort,
                                                   descending=order == "desc", patient_id=patient_id), age)  # fmt: skip
    return listed(lambda uow, reader, page: claim_worklist.claim_worklist(uow, reader, filters, page),
                  request, user, limit, offset)  # fmt: skip


@router.get("/claims/{claim_id}")
def get_claim(request: Request, user: Reader, claim_id: int) -> Any:
    return claim_json(claims.get_claim(request_uow(request), user, claim_id))


@router.post("/encounters/{encounter_id}/claims", status_code=201)
def build_claims(request: Request, user: Builder, encounter_id: int) -> Any:
    """Build the encounter's claims as drafts (an encounter already billed returns its claims)."""
    return [claim_json(claim) for claim in claims.build_encounter_claims(request_uow(request), user, encounter_id)]


@router.post("/claims/scrub")
def scrub_claims(request: Request, user: Builder, body: ScrubIn | None = None) -> Any:
    """Scrub the given claims (default: every draft or scrubbed claim) as one batch per claim kind."""
    run = claims.scrub_claims(request_uow(request), user, body.claim_ids if body else None)
    return {"batch_id": run.batch_id, **run.result.to_dict(),
            "statuses": {claim.id: claim.status.value for claim in run.claims},
            "batches": [{"kind": batch.kind.value, "batch_id": batch.batch_id, "claims": len(batch.claims),
                         "clean_claims": batch.result.clean_claims} for batch in run.batches]}  # fmt: skip


@router.get("/claims/{claim_id}/cms1500.pdf", response_class=Response)
def print_claim(request: Request, user: Reader, claim_id: int,
                background: Annotated[bool, Query()] = True) -> Response:
    """The claim on the CMS-1500 (02/12) form, as a PDF."""
    return written_pdf(f"claim-{claim_id}-cms1500.pdf",
                       lambda out: claims.print_claim(request_uow(request), user, claim_id, out, background=background))  # fmt: skip


@router.post("/claims/batches/{batch_id}/837", response_class=Response)
def export_837(request: Request, user: Submitter837, batch_id: int, body: Export837In) -> Response:
    """The batch's ready claims as one 837P (X222A1); they become submitted and their charges post."""
    with tempfile.TemporaryDirectory(prefix="revcycle-837-") as folder:
        out = Path(folder) / f"batch-{batch_id}-837P.x12"
        export = claims.export_batch_837(
            request_uow(request), user, batch_id, out,
            Submitter(body.submitter_name, body.submitter_id, body.contact_name, body.contact_phone),
            Receiver(body.receiver_name, body.receiver_id), body.interchange_control)
        content = out.read_text(encoding="ascii")
    return Response(content, media_type="application/edi-x12", headers={
        "Content-Disposition": f'attachment; filename="{out.name}"',
        "X-Revcycle-Claims": ",".join(claim.claim_id for claim in export.claims),
        "X-Revcycle-Charges-Posted": str(export.charges_posted)})
