"""The clearinghouse from the pages: submit a scrub batch's ready claims as one 837P
(`services.clearinghouse.submit_batch`) and collect what came back (999, 277CA, 835: `collect`, which
posts 835s through `post_remittance`, idempotently). The trading partner is the app's (`create_web_app(
partner=...)`, else $REVCYCLE_PARTNER); without one the page says what to set (409 on the page)."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from revcycle.api.auth import request_uow
from revcycle.api.routes.clearinghouse import clearinghouse_partner
from revcycle.api.schemas import SubmitBatchIn
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.organization import Submitter
from revcycle.practice.users import Permission, User
from revcycle.services import claims, clearinghouse
from revcycle.web.claim_pages import claim_page
from revcycle.web.remittance_pages import remittance_page
from revcycle.web.rendering import form_answer
from revcycle.web.session import Page, check_csrf

router = APIRouter(include_in_schema=False)
Poster = Annotated[User, Depends(Page(Permission.POST_LEDGER))]
ON_PAGE = (ErrorCode.CONFLICT, ErrorCode.VALIDATION, ErrorCode.ILLEGAL_TRANSITION)


@router.post("/claims/batches/{batch_id}/submit")
def submit_batch(request: Request, user: Poster, batch_id: int, claim_id: Annotated[int, Form(gt=0)],
                 csrf_token: Annotated[str, Form()] = "") -> Response:  # fmt: skip
    """Send the batch of the claim on the page; its ready claims become submitted and their charges post."""
    check_csrf(request, csrf_token)

    def submit() -> None:
        partner = clearinghouse_partner(request)
        billing = claims.get_claim(request_uow(request), user, claim_id).billing.last_name_or_org
        defaults = SubmitBatchIn()
        submitter = Submitter(billing.upper()[:60], partner.settings.sender_id, defaults.contact_name,
                              defaults.contact_phone)  # fmt: skip
        clearinghouse.submit_batch(request_uow(request), user, partner, batch_id, submitter)

    return form_answer(submit, ON_PAGE, partial(claim_page, request, user, claim_id), lambda _: f"/claims/{claim_id}")


@router.post("/remittances/collect")
def collect(request: Request, user: Poster, csrf_token: Annotated[str, Form()] = "") -> Response:
    """Read the partner's inbox; the remittance page then says what came back."""
    check_csrf(request, csrf_token)
    try:
        report = clearinghouse.collect(request_uow(request), user, clearinghouse_partner(request))
    except RevcycleError as error:
        if error.code not in ON_PAGE:
            raise
        return remittance_page(request, user, error.message, status_code=422)
    return remittance_page(request, user, collected=report)
