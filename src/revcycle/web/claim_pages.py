"""Claims: the list with status and the latest scrub findings; one claim with its lines, its findings\ninline, the CMS-1500 PDF and a one-claim 837P preview. The fix forms post to `claim_fix_pages`."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy import select

from revcycle.api.auth import request_uow
from revcycle.claims.lifecycle import ADJUDICATED
from revcycle.claims.model import ClaimStatus
from revcycle.edi.claim_to_837 import Receiver, Submitter, write_837p
from revcycle.practice.users import Permission, User
from revcycle.services import claims, listings
from revcycle.services.claim_revisions import REVISABLE
from revcycle.store.tables_claims import claim_batch_claims, claim_batches
from revcycle.web.rendering import render
from revcycle.web.session import Page

router = APIRouter(include_in_schema=False)
Reader = Annotated[User, Depends(Page(Permission.READ_PATIENTS))]
PAGE_SIZE = 50
POINTER_LETTERS = "ABCDEFGHIJKL"
PREVIEW_PHONE = "0000000000"  # the preview's PER contact; a real export takes the practice's


def latest_scrubs(request: Request, claim_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The latest scrub of each claim: batch id, clean, findings (dicts), the 837 file name if exported."""
    if not claim_ids:
        return {}
    query = (
        select(
            claim_batch_claims.c.claim_id,
            claim_batch_claims.c.batch_id,
            claim_batch_claims.c.clean,
            claim_batch_claims.c.findings,
            claim_batches.c.file_name,
        )
        .join(claim_batches, claim_batches.c.id == claim_batch_claims.c.batch_id)
        .where(claim_batch_claims.c.claim_id.in_(claim_ids))
        .order_by(claim_batch_claims.c.id)
    )
    with request_uow(request) as uow:
        rows = uow.connection.execute(query).all()
    return {
        row.claim_id: {
            "batch_id": row.batch_id,
            "clean": row.clean,
            "findings": json.loads(row.findings or "[]"),
            "file_name": row.file_name,
        }
        for row in rows
    }


@router.get("/claims")
def claim_list(
    request: Request,
    user: Reader,
    status: Annotated[str | None, Query(max_length=16)] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    chosen = status if status in {s.value for s in ClaimStatus} else None
    found, total = listings.list_claims(
        request_uow(request), user, listings.page_of(PAGE_SIZE, (page - 1) * PAGE_SIZE), status=chosen
    )
    with request_uow(request) as uow:  # payer names (no patient data)
        payers = {c.payer_id: uow.practice.payer(c.payer_id).name for c in found if c.payer_id is not None}
    return render(
        request,
        "claims.html",
        user,
        claims=found,
        total=total,
        page=page,
        page_size=PAGE_SIZE,
        status=chosen or "",
        statuses=[s.value for s in ClaimStatus],
        payers=payers,
        can_see_account=user.can(Permission.READ_LEDGER),
        scrubs=latest_scrubs(request, [claim.id for claim in found]),
    )


def claim_page(
    request: Request, user: User, claim_id: int, message: str = "", status_code: int = 200
) -> Response:
    """One claim: lines (with edit forms while it is unsent), diagnoses, scrub findings inline, files."""
    claim = claims.get_claim(request_uow(request), user, claim_id)
    scrub = latest_scrubs(request, [claim_id]).get(claim_id)
    with request_uow(request) as uow:
        patient_id, _payer_id = uow.claims.ids_of(claim_id)
    findings = scrub["findings"] if scrub else []
    by_line = {line.line_number: [f for f in findings if f.get("location") == f"line {line.line_number}"]
               for line in claim.lines}  # fmt: skip
    on_lines = {id(f) for listed in by_line.values() for f in listed}
    return render(
        request,
        "claim.html",
        user,
        status_code=status_code,
        claim=claim,
        claim_row_id=claim_id,
        patient_id=patient_id,
        scrub=scrub,
        line_findings=by_line,
        claim_findings=[f for f in findings if id(f) not in on_lines],
        stale=bool(scrub) and claim.history[-1].note.startswith("revised"),
        editable=claim.status in REVISABLE and user.can(Permission.EDIT_ENCOUNTERS),
        correctable=claim.status in ADJUDICATED and user.can(Permission.EDIT_ENCOUNTERS),
        can_void=claim.status in ADJUDICATED and user.can(Permission.POST_LEDGER),
        can_submit=claim.status is ClaimStatus.READY and user.can(Permission.POST_LEDGER),
        message=message,
        letters=POINTER_LETTERS,
        total_cents=sum(line.charge_cents for line in claim.lines),
        can_see_account=user.can(Permission.READ_LEDGER),
    )


@router.get("/claims/{claim_id}")
def claim_detail(request: Request, user: Reader, claim_id: int) -> Response:
    return claim_page(request, user, claim_id)


@router.get("/claims/{claim_id}/837")
def claim_837(request: Request, user: Reader, claim_id: int) -> Response:
    """The claim as a one-claim 837P (X222A1, usage T): what the payer would read. Nothing is sent or posted."""
    claim = claims.get_claim(request_uow(request), user, claim_id)
    submitter = Submitter(
        claim.billing.last_name_or_org[:60], claim.billing.npi, "Billing office", PREVIEW_PHONE
    )
    receiver = Receiver(claim.payer.name[:60], claim.payer.payer_code)
    text = write_837p([claim], submitter, receiver, claim_id, request.app.state.clock.now(), usage="T")
    return render(request, "claim_837.html", user, claim=claim, claim_row_id=claim_id,
                  segments=[segment.strip() for segment in text.split("~") if segment.strip()])  # fmt: skip
