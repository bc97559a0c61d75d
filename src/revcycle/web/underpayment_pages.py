"""Underpayments: lines paid below the practice's contract by payer (`services.underpayments`), each
resolved by a biller as appealed or accepted with a note — one line, or every line checked on the page at
once; "Check posted lines" runs the comparison again (new lines enter the queue once). The queue is
filtered (payer, procedure code, age from the date of service), sorted and paged 50 at a time."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Annotated
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from revcycle.api.auth import request_uow
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.reports.worklist import UNDERPAYMENT_SORTS, QueueView
from revcycle.services import underpayments
from revcycle.web.rendering import form_answer, render
from revcycle.web.session import Page, check_csrf

router = APIRouter(include_in_schema=False)
Reader = Annotated[User, Depends(Page(Permission.READ_LEDGER))]
Poster = Annotated[User, Depends(Page(Permission.POST_LEDGER))]


QUERY_FIELDS = ("payer", "code", "min_age", "max_age", "sort", "desc", "page")


def _whole(text: str, what: str) -> int | None:
    """A whole number from the query ('' = not given); VALIDATION names the field."""
    if not text.strip():
        return None
    if not text.strip().isdecimal():
        raise RevcycleError(ErrorCode.VALIDATION, f"{what}: a whole number, not {text.strip()!r}")
    return int(text)


def queue_view(query: Mapping[str, str]) -> QueueView:
    """The page's filters, sort and page from its query string."""
    return QueueView(
        payer_code=query.get("payer", "").strip(),
        procedure_code=query.get("code", "").strip(),
        min_age_days=_whole(query.get("min_age", ""), "age from"),
        max_age_days=_whole(query.get("max_age", ""), "age to"),
        sort=query.get("sort", "") or "service_date",
        descending=query.get("desc", "") in ("1", "on", "true"),
        page=_whole(query.get("page", ""), "page") or 1,
    )


def _query(query: Mapping[str, str], **changed: object) -> str:
    """This page's query string with some fields changed (the paging and sort links)."""
    kept = {name: query.get(name, "") for name in QUERY_FIELDS} | {k: str(v) for k, v in changed.items()}
    return urlencode({name: value for name, value in kept.items() if value not in ("", "None")})


def underpayments_page(request: Request, user: User, message: str = "", status_code: int = 200,
                       query: Mapping[str, str] | None = None) -> Response:  # fmt: skip
    query = dict(query if query is not None else request.query_params)
    try:
        view = queue_view(query)
        worklist = underpayments.underpayment_worklist(request_uow(request), user, view)
    except RevcycleError as error:
        if error.code is not ErrorCode.VALIDATION:
            raise
        query, message, status_code = {}, error.message, 422
        view = QueueView()
        worklist = underpayments.underpayment_worklist(request_uow(request), user, view)
    return render(request, "underpayments.html", user, status_code=status_code, worklist=worklist,
                  shown=worklist.shown, view=view, query=query, link=partial(_query, query),
                  here=_query(query), sorts=list(UNDERPAYMENT_SORTS), outcomes=underpayments.OUTCOMES,
                  message=message, can_post=user.can(Permission.POST_LEDGER))  # fmt: skip


@router.get("/underpayments")
def underpayment_desk(request: Request, user: Reader) -> Response:
    """`?payer=&code=&min_age=&max_age=&sort=service_date|short|payer|claim|code&desc=1&page=N`, 50 a page."""
    done = request.query_params
    message = ""
    if done.get("resolved", "").isdecimal():
        message = f"resolved {done['resolved']} line(s)"
        if done.get("already", "0") not in ("", "0") and done["already"].isdecimal():
            message += f"; {done['already']} had been resolved already and were left as they were"
    return underpayments_page(request, user, message)


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


@router.post("/underpayments/resolve")
def resolve_selected(request: Request, user: Poster, outcome: Annotated[str, Form()] = "",
                     note: Annotated[str, Form(max_length=400)] = "",
                     ids: Annotated[list[int] | None, Form()] = None, back: Annotated[str, Form(max_length=400)] = "",
                     csrf_token: Annotated[str, Form()] = "") -> Response:  # fmt: skip
    """Resolve every checked line of the page at once, with one outcome and one note; back to the same page."""
    check_csrf(request, csrf_token)
    query = {name: value for name, value in parse_qsl(back) if name in QUERY_FIELDS}

    def answer(done: underpayments.BulkResolution) -> str:
        return "/underpayments?" + urlencode(query | {"resolved": len(done.resolved),
                                                       "already": len(done.already_resolved)})  # fmt: skip

    return form_answer(lambda: underpayments.resolve_underpayments(request_uow(request), user, ids or [], outcome, note),
                       (ErrorCode.VALIDATION, ErrorCode.NOT_FOUND),
                       partial(underpayments_page, request, user, query=query), answer)  # fmt: skip
