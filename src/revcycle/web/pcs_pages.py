"""The ICD-10-PCS builder (`/coding/pcs`): a coder builds a code a character at a time on the date of service
(which decides the release): section, body system, root operation (each with its definition), body part,
approach, device, qualifier. Each step shows the chosen axes and the allowed next values with their labels and
how many codes each leads to (`services.inpatient_desk.pcs_desk_step`); the finished code shows its title,
validity (the reason and the releases it is valid in when it is not) and its MCE procedure flags.

Keyboard first: the code box has the focus; typing "0SR9" asks `/coding/pcs/step` (HTMX) for the body part's
approaches at once, and the choices are links (Tab, Enter). The search box asks `/coding/pcs/search` for the
FY2025 index entries and titles matching every word; a hit opens the builder at its table or code. Without
JavaScript every link and form is a plain GET of `/coding/pcs`. Anyone signed in may use it (as the API's
`/api/codes/pcs-build`); nothing is stored.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.services import drg
from revcycle.services.inpatient_desk import DESK_ERRORS, pcs_desk_step
from revcycle.web.rendering import render
from revcycle.web.session import Page

router = APIRouter(include_in_schema=False)
SignedIn = Annotated[User, Depends(Page(Permission.READ_PATIENTS))]
Code = Annotated[str, Query(max_length=40)]
Day = Annotated[str, Query(max_length=20)]
SEARCH_HITS = 15


def service_date(request: Request, text: str, what: str = "date of service") -> date:
    """`YYYY-MM-DD` (blank: the app's today); INVALID_DATE naming the field and what was typed."""
    if not text.strip():
        today: date = request.app.state.clock.today()
        return today
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise RevcycleError(
            ErrorCode.INVALID_DATE, f"{what} {text.strip()!r}: write the date as YYYY-MM-DD (2026-03-10)"
        ) from None


def builder_link(code: str, dos: date) -> str:
    return "?" + urlencode({"code": code, "dos": dos.isoformat()})


def _step_context(request: Request, code: str, dos_text: str) -> tuple[dict[str, Any], int]:
    """The builder's context and status: a located problem (bad date, no release) is a message, never a 500."""
    try:
        dos = service_date(request, dos_text)
        return {"desk": pcs_desk_step(code, dos), "dos": dos, "link": builder_link, "error": ""}, 200
    except RevcycleError as error:
        if error.code not in DESK_ERRORS:
            raise
        return {"desk": None, "dos": None, "link": builder_link, "error": error.message}, 422


@router.get("/coding/pcs")
def pcs_builder(
    request: Request,
    user: SignedIn,
    code: Code = "",
    dos: Day = "",
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """The whole page at `code` (a prefix of 0-7 characters) on `dos` (default the app's today)."""
    context, status = _step_context(request, code, dos)
    status = 422 if context["desk"] is not None and context["desk"].problem else status
    return render(request, "pcs_builder.html", user, status_code=status, asked_code=code, asked_dos=dos,
                  query=q, hits=_hits(q, context["dos"]) if q.strip() else [], **context)  # fmt: skip


@router.get("/coding/pcs/step")
def pcs_step(request: Request, user: SignedIn, code: Code = "", dos: Day = "") -> Response:
    """The builder fragment HTMX swaps in (always 200 so it is shown; a refusal is its message)."""
    context, _status = _step_context(request, code, dos)
    return render(request, "pcs_step.html", user, **context)


def _hits(text: str, dos: date | None) -> list[Any]:
    return drg.pcs_search(text, dos, SEARCH_HITS) if dos is not None else []


@router.get("/coding/pcs/search")
def pcs_search(
    request: Request, user: SignedIn, q: Annotated[str, Query(max_length=200)] = "", dos: Day = ""
) -> Response:
    """The index entries and titles matching every word of `q`, each a link into the builder."""
    try:
        day = service_date(request, dos)
    except RevcycleError as error:
        return render(request, "pcs_hits.html", user, hits=[], query=q, dos=None, error=error.message)
    return render(request, "pcs_hits.html", user, hits=_hits(q, day), query=q, dos=day, error="",
                  link=builder_link)  # fmt: skip
