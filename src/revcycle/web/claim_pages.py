"""Claims: the list with status and the latest scrub findings; one claim with its lines, its findings
inline, the CMS-1500 PDF and a one-claim 837P preview (`services.claim_views`). The fix forms post to
`claim_fix_pages`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from revcycle.api.auth import request_uow
from revcycle.claims.lifecycle import ADJUDICATED
from revcycle.claims.model import ClaimStatus
from revcycle.practice.users import Permission, User
from revcycle.services import claim_money, claim_views, listings
from revcycle.services.claim_revisions import REVISABLE
from revcycle.web.rendering import render
from revcycle.web.session import Page

router = APIRouter(include_in_schema=False)
Reader = Annotated[User, Depends(Page(Permission.READ_PATIENTS))]
PAGE_SIZE = 50
POINTER_LETTERS = "ABCDEFGHIJKL"


@router.get("/claims")
def claim_list(
    request: Request,
    user: Reader,
    status: Annotated[str | None, Query(max_length=16)] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    chosen = status if status in {s.value for s in ClaimStatus} else None
    listing = claim_views.claim_listing(
        request_uow(request), user, listings.page_of(PAGE_SIZE, (page - 1) * PAGE_SIZE), status=chosen
    )
    return render(
        request,
        "claims.html",
        user,
        claims=listing.claims,
        total=listing.total,
        page=page,
        page_size=PAGE_SIZE,
        status=chosen or "",
        statuses=[s.value for s in ClaimStatus],
        payers=listing.payer_names,
        can_see_account=user.can(Permission.READ_LEDGER),
        scrubs=listing.scrubs,
    )


def claim_page(
    request: Request, user: User, claim_id: int, message: str = "", status_code: int = 200
) -> Response:
    """One claim: lines (with edit forms while it is unsent), diagnoses, scrub findings inline, files."""
    view = claim_views.claim_view(request_uow(request), user, claim_id)
    claim, scrub = view.claim, view.scrub
    findings = scrub.findings if scrub else []
    by_line = {line.line_number: [f for f in findings if f.get("location") == f"line {line.line_number}"]
               for line in claim.lines}  # fmt: skip
    on_lines = {id(f) for listed in by_line.values() for f in listed}
    sees_money = user.can(Permission.READ_LEDGER)
    money = claim_money.claim_money(request_uow(request), user, claim, claim_id) if sees_money else None
    return render(
        request,
        "claim.html",
        user,
        status_code=status_code,
        claim=claim,
        claim_row_id=claim_id,
        patient_id=view.patient_id,
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
        can_see_account=sees_money,
        money=money,
        money_by_line={line.line_number: line for line in money.lines} if money else {},
    )


@router.get("/claims/{claim_id}")
def claim_detail(request: Request, user: Reader, claim_id: int) -> Response:
    return claim_page(request, user, claim_id)


@router.get("/claims/{claim_id}/837")
def claim_837(request: Request, user: Reader, claim_id: int) -> Response:
    """The claim as a one-claim 837P (X222A1, usage T): what the payer would read. Nothing is sent or posted."""
    preview = claim_views.claim_837_preview(request_uow(request), user, claim_id)
    return render(request, "claim_837.html", user, claim_number=preview.claim_number, claim_row_id=claim_id,
                  segments=preview.segments)  # fmt: skip
