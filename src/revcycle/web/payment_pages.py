"""Payment entry on a patient's account: a patient payment (`services.ledger.receive_patient_payment`),
or a payment toward the open payment plan (`services.payment_plans.record_plan_payment`).

The form carries a one-time `nonce` that makes the idempotency key (`web:payment:<patient>:<nonce>`),
so a form sent twice posts once. The part of a payment beyond what the patient owes is kept as a
credit (unapplied cash). A plan payment takes the method and a reference (kept with the plan). Amounts are read by `rendering.parse_dollars` (whole cents only).
"""

from __future__ import annotations

import re
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from revcycle.api.auth import request_uow
from revcycle.kernel.errors import ErrorCode, RevcycleError
from revcycle.practice.users import Permission, User
from revcycle.services import ledger, payment_plans
from revcycle.web.account_pages import account_page
from revcycle.web.rendering import form_answer, parse_dollars
from revcycle.web.session import Page, check_csrf

router = APIRouter(include_in_schema=False)
Poster = Annotated[User, Depends(Page(Permission.POST_LEDGER))]
ON_PAGE = (ErrorCode.VALIDATION, ErrorCode.INVALID_AMOUNT, ErrorCode.IDEMPOTENCY_CONFLICT, ErrorCode.CONFLICT,
           ErrorCode.ILLEGAL_TRANSITION)  # fmt: skip
_NONCE = re.compile(r"^[0-9a-f]{16}$")


@router.post("/patients/{patient_id}/payments")
def enter_payment(
    request: Request,
    user: Poster,
    patient_id: int,
    amount: Annotated[str, Form(max_length=20)] = "",
    method: Annotated[str, Form(max_length=8)] = "cash",
    reference: Annotated[str, Form(max_length=80)] = "",
    claim_id: Annotated[str, Form(max_length=12)] = "",
    plan_id: Annotated[str, Form(max_length=12)] = "",
    nonce: Annotated[str, Form(max_length=16)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Post the payment; back to the account (303) or the form's problem on the page (422)."""
    check_csrf(request, csrf_token)

    def pay() -> None:
        if not _NONCE.match(nonce):
            raise RevcycleError(ErrorCode.VALIDATION, "the payment form expired; reload the page")
        cents = parse_dollars(amount)
        if plan_id.isdigit():
            if payment_plans.get_plan(request_uow(request), user, int(plan_id)).patient_id != patient_id:
                raise RevcycleError(ErrorCode.VALIDATION, f"plan {plan_id} is not this patient's")
            payment_plans.record_plan_payment(request_uow(request), user, int(plan_id), cents, method=method,
                                              reference=reference.strip() or f"web-{nonce}")  # fmt: skip
        else:
            ledger.receive_patient_payment(request_uow(request), user, f"web:payment:{patient_id}:{nonce}", patient_id,
                                           cents, int(claim_id) if claim_id.isdigit() else None)  # fmt: skip

    return form_answer(pay, ON_PAGE, partial(account_page, request, user, patient_id),
                       lambda _: f"/patients/{patient_id}#ledger")  # fmt: skip
