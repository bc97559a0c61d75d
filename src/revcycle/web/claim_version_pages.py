"""New versions of an adjudicated claim from its page: a corrected claim (frequency 7) with the lines and
diagnoses as edited on the form, or the encounter's recoding (`services.claim_corrections.correct_claim`),
and a void (frequency 8, `void_claim`). The new draft opens; it is fixed and scrubbed like any draft."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from revcycle.api.auth import request_uow
from revcycle.claims.corrections import ClaimChanges, LineEdit
from revcycle.claims.model import Claim
from revcycle.kernel.errors import ErrorCode
from revcycle.practice.users import Permission, User
from revcycle.services import claim_corrections, claims
from revcycle.web.claim_fix_pages import SEPARATORS, parse_pointers, parse_units
from revcycle.web.claim_pages import claim_page
from revcycle.web.rendering import form_answer
from revcycle.web.session import Page, check_csrf

router = APIRouter(include_in_schema=False)
Corrector = Annotated[User, Depends(Page(Permission.EDIT_ENCOUNTERS))]
Voider = Annotated[User, Depends(Page(Permission.POST_LEDGER))]
ON_PAGE = (ErrorCode.VALIDATION, ErrorCode.ILLEGAL_TRANSITION, ErrorCode.CONFLICT)


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.upper() for word in SEPARATORS.split(text.strip()) if word)


def line_edit(line_number: int, claim: Claim, form: dict[str, str]) -> LineEdit | None:
    """The form's changes to one line (None when the line is unchanged)."""
    line = next(line for line in claim.lines if line.line_number == line_number)
    code = form.get(f"code_{line_number}", line.procedure_code).strip().upper()
    modifiers = _words(form.get(f"mods_{line_number}", " ".join(line.modifiers)))
    units = parse_units(form.get(f"units_{line_number}", str(line.units)))
    pointers = parse_pointers(
        form.get(f"ptr_{line_number}", "") or ",".join(map(str, line.diagnosis_pointers))
    )
    edit = LineEdit(line_number, code if code != line.procedure_code else None,
                    modifiers if modifiers != line.modifiers else None, units if units != line.units else None,
                    diagnosis_pointers=pointers if pointers != line.diagnosis_pointers else None)  # fmt: skip
    return None if edit == LineEdit(line_number) else edit


def changes_from_form(claim: Claim, form: dict[str, str]) -> ClaimChanges:
    """ClaimChanges from the correction form: edited diagnoses and lines, or the encounter's recoding."""
    if form.get("recode") == "on":
        return ClaimChanges(recode=True)
    diagnoses = _words(form.get("diagnoses", " ".join(claim.diagnoses)))
    edits = tuple(e for line in claim.lines if (e := line_edit(line.line_number, claim, form)) is not None)
    return ClaimChanges(diagnoses=diagnoses if diagnoses != claim.diagnoses else None, line_edits=edits)


def _replacement_page(done: claim_corrections.Correction) -> str:
    return f"/claims/{done.replacement.id}"


async def form_fields(request: Request) -> dict[str, str]:
    """Every field of the posted form (the correction form has fields per line: code_1, mods_1, ...)."""
    return {key: str(value)[:200] for key, value in (await request.form()).items()}


@router.post("/claims/{claim_id}/correct")
def correct(request: Request, user: Corrector, claim_id: int,
            form: Annotated[dict[str, str], Depends(form_fields)]) -> Response:  # fmt: skip
    """A corrected claim from the form's edits (or the recoding); the new draft's page opens."""
    check_csrf(request, form.get("csrf_token", ""))

    def correct_it() -> claim_corrections.Correction:
        original = claims.get_claim(request_uow(request), user, claim_id)
        return claim_corrections.correct_claim(request_uow(request), user, claim_id, changes_from_form(original, form))

    return form_answer(correct_it, ON_PAGE, partial(claim_page, request, user, claim_id), _replacement_page)


@router.post("/claims/{claim_id}/void")
def void(request: Request, user: Voider, claim_id: int, reason: Annotated[str, Form(max_length=200)] = "",
         csrf_token: Annotated[str, Form()] = "") -> Response:  # fmt: skip
    check_csrf(request, csrf_token)
    return form_answer(lambda: claim_corrections.void_claim(request_uow(request), user, claim_id, reason), ON_PAGE,
                       partial(claim_page, request, user, claim_id), _replacement_page)  # fmt: skip
