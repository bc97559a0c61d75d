"""Claims: the list with status and the latest scrub findings; one claim with its lines, its findings
inline, the CMS-1500 PDF and a one-claim 837P preview (`services.claim_views`). The fix forms post to
`claim_fix_pages`."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from revcycle.api.auth import request_uow
from revcycle.claims.lifecycle import ADJUDICATED
from revcycle.claims.model import ClaimStatus
from revcycle.practice.users import Permission, User
from revcycle.services import claim_money, claim_views, claim_worklist, listings
from revcycle.services.claim_revisions import REVISABLE
from revcycle.services.claim_worklist import SORTS, ClaimFilters
from revcycle.web.rendering import render
from revcycle.web.session import Page, check_csrf

router = APIRouter(include_in_schema=False)
Reader = Annotated[User, Depends(Page(Permission.READ_PATIENTS))]
Rebiller = Annotated[User, Depends(Page(Permission.EDIT_ENCOUNTERS))]
PAGE_SIZE = 50
POINTER_LETTERS = "ABCDEFGHIJKL"


@router.get("/claims")
def claim_list(
    request: Request,
    user: Reader,
    status: Annotated[str | None, Query(max_length=16)] = None,
    payer: Annotated[str, Query(max_length=12)] = "",
    dos_from: Annotated[date | None, Query()] = None,
    dos_to: Annotated[date | None, Query()] = None,
    age: Annotated[str, Query(max_length=8)] = "",
    q: Annotated[str, Query(max_length=60)] = "",
    sort: Annotated[str, Query(max_length=8)] = "number",
    order: Annotated[str, Query(max_length=4)] = "asc",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    message: str = "",
) -> Response:
    """The claims worklist: filters (status, payer, dates of service, age), search, sort, 50 a page, and the
    bulk rebill of the claims ticked."""
    chosen = status if status in {s.value for s in ClaimStatus} else None
    filters = ClaimFilters(chosen, int(payer) if payer.isdecimal() else None, dos_from, dos_to, search=q.strip(),
                           sort=sort if sort in SORTS else "number", descending=order == "desc")  # fmt: skip
    filters = claim_worklist.with_age(filters, age if age in claim_worklist.AGE_BUCKETS else "")
    rows, total = claim_worklist.claim_worklist(request_uow(request), user, filters,
                                                listings.page_of(PAGE_SIZE, (page - 1) * PAGE_SIZE))  # fmt: skip
    scrubs = claim_views.scrub_of(request_uow(request), user, [row.id for row in rows])
    kept = {"status": chosen or "", "payer": payer, "dos_from": dos_from.isoformat() if dos_from else "",
            "dos_to": dos_to.isoformat() if dos_to else "", "age": age, "q": q.strip(), "sort": filters.sort,
            "order": "desc" if filters.descending else "asc"}  # fmt: skip
    return render(request, "claims.html", user, claims=rows, total=total, page=page, page_size=PAGE_SIZE,
                  status=chosen or "", statuses=[s.value for s in ClaimStatus], kept=kept, query=urlencode(kept),
                  payers=claim_views.payer_choices(request_uow(request), user), ages=list(claim_worklist.AGE_BUCKETS),
                  sorts=list(SORTS), can_see_account=user.can(Permission.READ_LEDGER), scrubs=scrubs,
                  can_rebill=user.can(Permission.EDIT_ENCOUNTERS), message=message)  # fmt: skip


@router.post("/claims/rebill")
async def rebill(request: Request, user: Rebiller) -> Response:
    """Scrub the ticked claims into one new batch; back to the list saying what became of each."""
    form = await request.form()
    check_csrf(request, str(form.get("csrf_token", "")))
    ids = [int(value) for value in form.getlist("claim_id") if str(value).isdecimal()]
    if not ids:
        return claim_list(request, user, message="Tick the claims to rebill first.")
    result = claim_worklist.rebill_claims(request_uow(request), user, ids)
    said = []
    if result.batch_id is not None:
        said.append(
            f"{'batches' if len(result.batch_ids) > 1 else 'batch'} {', '.join(map(str, result.batch_ids))}: "
            f"{len(result.ready)} ready ({', '.join(result.ready) or 'none'})"
        )
    if result.held:
        said.append(f"to fix: {', '.join(result.held)}")
    if result.skipped:
        said.append(f"not rebilled (only draft or scrubbed claims are): {', '.join(result.skipped)}")
    return claim_list(request, user, message="; ".join(said))


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
