"""Fix and rescrub an unsent claim: edit a line (code, modifiers, units, pointers) or the diagnoses
(`services.claim_revisions.revise_draft_claim`), then scrub it again (`services.claims.scrub_claims`);
the findings come back inline on the claim page. A refused value is shown on the page (422)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from revcycle.api.auth import request_uow
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.services import claims
from revcycle.services.claim_revisions import LineRevision, revise_draft_claim
from revcycle.web.claim_pages import POINTER_LETTERS, claim_page
from revcycle.web.rendering import form_answer
from revcycle.web.session import Page, check_csrf

router = APIRouter(include_in_schema=False)
Reviser = Annotated[User, Depends(Page(Permission.EDIT_ENCOUNTERS))]
ON_PAGE = (ErrorCode.VALIDATION, ErrorCode.ILLEGAL_TRANSITION)
SEPARATORS = re.compile(r"[\s,;]+")


def parse_pointers(text: str) -> tuple[int, ...]:
    """`AB`, `A B`, `1,2` -> (1, 2): diagnosis letters as the page shows them, or numbers."""
    cleaned = text.strip().upper()
    if cleaned.isalpha():
        found = [POINTER_LETTERS.find(letter) + 1 for letter in cleaned]
    else:
        parts = [part for part in SEPARATORS.split(cleaned) if part]
        found = [int(part) if part.isdecimal() else POINTER_LETTERS.find(part) + 1 if len(part) == 1 else 0
                 for part in parts]  # fmt: skip
    if not found or 0 in found:
        raise RevcycleError(
            ErrorCode.VALIDATION, f"diagnosis pointers {text!r}: use letters A-L (e.g. AB) or numbers"
        )
    return tuple(found)


def parse_units(text: str) -> int:
    if not text.strip().isdecimal():
        raise RevcycleError(ErrorCode.VALIDATION, f"units {text!r}: a whole number")
    return int(text.strip())


def _answer(
    request: Request, user: User, claim_id: int, anchor: str, action: Callable[[], object]
) -> Response:
    return form_answer(action, ON_PAGE, partial(claim_page, request, user, claim_id),
                       lambda _done: f"/claims/{claim_id}#{anchor}")  # fmt: skip


@router.post("/claims/{claim_id}/lines/{line_number}")
def revise_line(
    request: Request,
    user: Reviser,
    claim_id: int,
    line_number: int,
    procedure_code: Annotated[str, Form(max_length=10)] = "",
    modifiers: Annotated[str, Form(max_length=20)] = "",
    units: Annotated[str, Form(max_length=6)] = "1",
    pointers: Annotated[str, Form(max_length=12)] = "A",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf_token)

    def revise() -> None:
        revision = LineRevision(procedure_code, tuple(SEPARATORS.split(modifiers.strip())) if modifiers.strip() else (),
                                parse_units(units), parse_pointers(pointers))  # fmt: skip
        revise_draft_claim(request_uow(request), user, claim_id, lines={line_number: revision})

    return _answer(request, user, claim_id, f"line-{line_number}", revise)


@router.post("/claims/{claim_id}/diagnoses")
def revise_diagnoses(request: Request, user: Reviser, claim_id: int,
                     diagnoses: Annotated[str, Form(max_length=200)] = "",
                     csrf_token: Annotated[str, Form()] = "") -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    codes = [code for code in SEPARATORS.split(diagnoses.strip()) if code]
    return _answer(request, user, claim_id, "diagnoses",
                   lambda: revise_draft_claim(request_uow(request), user, claim_id, diagnoses=codes))  # fmt: skip


@router.post("/claims/{claim_id}/scrub")
def rescrub(
    request: Request, user: Reviser, claim_id: int, csrf_token: Annotated[str, Form()] = ""
) -> Response:
    """Scrub this claim again as a batch of one; clean -> ready, else the findings show on the page."""
    check_csrf(request, csrf_token)
    return _answer(
        request, user, claim_id, "scrub", lambda: claims.scrub_claims(request_uow(request), user, [claim_id])
    )
