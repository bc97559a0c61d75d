"""Underpayments: lines paid below the practice's contract by payer (`services.underpayments`), each
resolved by a biller as appealed or accepted with a note; "Check posted lines" runs the comparison
again (new lines enter the queue once)."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from revcycle.api.auth import request_uow
from revcycle.kernel.errors import ErrorCode
from revcycle.practice.users import Permission, User
from revcycle.reports.underpayments import by_payer
from revcycle.services import underpayments
from revcycle.web.rendering import form_answer, render
from revcycle.web.session import Page, check_csrf

router = APIRouter(include_in_schema=False)
Reader = Annotated[User, Depends(Page(Permission.READ_LEDGER))]
Poster = Annotated[User, Depends(Page(Permission.POST_LEDGER))]


def underpayments_page(request: Request, user: User, message: str = "", status_code: int = 200) -> Response:
    items = underpayments.underpayment_queue(request_uow(request), user)
    return render(request, "underpayments.html", user, status_code=status_code, items=items,
                  payers=by_payer(items), outcomes=underpayments.OUTCOMES, message=message,
                  can_post=user.can(Permission.POST_LEDGER))  # fmt: skip


@router.get("/underpayments")
def underpayment_desk(request: Request, user: Reader) -> Response:
    return underpayments_page(request, user)


@router.post("/underpayments/find")
def find(request: Request, user: Poster, csrf_token: Annotated[str, Form()] = "") -> Response:
    """Compare every posted line with the stored contracts (default tolerance $1.00)."""
    check_csrf(request, csrf_token)
    report = underpayments.find_underpayments(request_uow(request), user)
    found = f"checked {report.lines_checked} paid lines: {len(report.found)} new underpayments"
    return underpayments_page(request, user, found)


@router.post("/underpayments/{underpayment_id}/resolve")
def resolve(request: Request, user: Poster, underpayment_id: int, outcome: Annotated[str, Form()],
            note: Annotated[str, Form(max_length=400)] = "", csrf_token: Annotated[str, Form()] = "") -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    return form_answer(lambda: underpayments.resolve_underpayment(request_uow(request), user, underpayment_id, outcome, note),
                       (ErrorCode.VALIDATION, ErrorCode.CONFLICT, ErrorCode.NOT_FOUND),
                       partial(underpayments_page, request, user), lambda _: "/underpayments")  # fmt: skip
