"""Denials: the work queue by category with each category's next action, filtered by category and claim,
50 lines a page (`services.remit_listings.denial_work_queue`), the appeals (`services.appeals`: draft,
letter PDF, mark sent) and the way to a corrected claim (the claim page's correction form,
`claim_version_pages`)."""

from __future__ import annotations

from functools import partial
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from revcycle.api.auth import request_uow
from revcycle.api.responses import written_pdf
from revcycle.denials.appeals import appeal_is_next_action
from revcycle.denials.categories import Category
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.services import appeals, listings, remit_listings, views
from revcycle.web.rendering import form_answer, render
from revcycle.web.session import Page, check_csrf

router = APIRouter(include_in_schema=False)
Reader = Annotated[User, Depends(Page(Permission.READ_LEDGER))]
Poster = Annotated[User, Depends(Page(Permission.POST_LEDGER))]


PAGE_SIZE = 50


def _whole_page(text: str) -> int:
    return int(text) if text.isdecimal() and 0 < int(text) < 1_000_000 else 1


def denials_page(request: Request, user: User, message: str = "", status_code: int = 200) -> Response:
    """`?category=&claim=&page=N`: the totals by category over the (filtered) queue, 50 lines a page."""
    query = request.query_params
    category, claim = query.get("category", "").strip() or None, query.get("claim", "").strip()[:38] or None
    page = _whole_page(query.get("page", ""))
    try:
        found = remit_listings.denial_work_queue(request_uow(request), user,
                                                 listings.page_of(PAGE_SIZE, (page - 1) * PAGE_SIZE), category, claim)  # fmt: skip
    except RevcycleError as error:
        if error.code is not ErrorCode.VALIDATION:
            raise
        message, status_code, category, claim, page = error.message, 422, None, None, 1
        found = remit_listings.denial_work_queue(request_uow(request), user, listings.page_of(PAGE_SIZE, 0))
    kept = {"category": category or "", "claim": claim or ""}
    open_appeals = appeals.list_appeals(request_uow(request), user, open_only=True)
    ids = views.claim_ids_by_number(request_uow(request), user, {item.claim_control_number for item in found.items})
    return render(request, "denials.html", user, status_code=status_code, found=found, appeals=open_appeals,
                  claim_ids=ids, message=message, appeal_first=appeal_is_next_action, filters=kept,
                  page=page, pages=max(1, -(-found.total // PAGE_SIZE)), categories=[c.value for c in Category],
                  link=lambda **changed: urlencode({k: v for k, v in (kept | changed).items() if v not in ("", None)}),
                  can_post=user.can(Permission.POST_LEDGER), can_correct=user.can(Permission.EDIT_ENCOUNTERS),
                  total_cents=sum(group.total_cents for group in found.groups))  # fmt: skip


@router.get("/denials")
def denial_desk(request: Request, user: Reader) -> Response:
    return denials_page(request, user)


@router.post("/denials/appeals")
def draft_appeal(request: Request, user: Poster, claim: Annotated[str, Form(max_length=38)],
                 note: Annotated[str, Form(max_length=2000)] = "", csrf_token: Annotated[str, Form()] = "") -> Response:  # fmt: skip
    """Draft an appeal of the claim's open denials; its letter is then one click away."""
    check_csrf(request, csrf_token)
    return form_answer(lambda: appeals.draft_appeal(request_uow(request), user, claim.strip(), note),
                       (ErrorCode.VALIDATION, ErrorCode.CONFLICT, ErrorCode.NOT_FOUND),
                       partial(denials_page, request, user), lambda drafted: f"/denials#appeal-{drafted.appeal.id}")  # fmt: skip


@router.get("/denials/appeals/{appeal_id}/letter.pdf")
def appeal_letter(request: Request, user: Reader, appeal_id: int) -> Response:
    """The appeal letter as a PDF (printed from the appeal's facts; audited by the service), as the API's."""
    return written_pdf(f"appeal-{appeal_id}.pdf",
                       lambda out: appeals.appeal_letter(request_uow(request), user, appeal_id, out))  # fmt: skip


@router.post("/denials/appeals/{appeal_id}/sent")
def appeal_sent(
    request: Request, user: Poster, appeal_id: int, csrf_token: Annotated[str, Form()] = ""
) -> Response:
    check_csrf(request, csrf_token)
    return form_answer(lambda: appeals.mark_appeal_sent(request_uow(request), user, appeal_id),
                       (ErrorCode.ILLEGAL_TRANSITION, ErrorCode.CONFLICT), partial(denials_page, request, user),
                       lambda _: f"/denials#appeal-{appeal_id}")  # fmt: skip
