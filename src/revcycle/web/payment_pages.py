"""Payment entry on a patient's account: a patient payment by cash, check or card (`services.adjustments.
take_patient_payment`: to the oldest charges, toward a claim, or kept as credit), or a payment toward the open
payment plan (`services.payment_plans.record_plan_payment`); and the account's adjustments: a write-off by kind,
a transfer of a payer's balance to the patient or the next payer, the credit applied to the oldest charges or
refunded (`services.adjustments`).

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
from revcycle.services import adjustments, payment_plans
from revcycle.web.account_pages import account_page
from revcycle.web.rendering import form_answer, parse_dollars
from revcycle.web.session import Page, check_csrf

router = APIRouter(include_in_schema=False)
Poster = Annotated[User, Depends(Page(Permission.POST_LEDGER))]
Refunder = Annotated[User, Depends(Page(Permission.ADJUST_LEDGER))]
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
    apply: Annotated[str, Form(max_length=8)] = "oldest",
    nonce: Annotated[str, Form(max_length=16)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Post the payment; back to the account (303) or the form's problem on the page (422)."""
    check_csrf(request, csrf_token)

    def pay() -> None:
        if not _NONCE.match(nonce):
            raise RevcycleError(ErrorCode.VALIDATION, "the payment form expired; reload the page")
        cents = parse_dollars(amount)
        if plan_id.isdecimal():
            if payment_plans.get_plan(request_uow(request), user, int(plan_id)).patient_id != patient_id:
                raise RevcycleError(ErrorCode.VALIDATION, f"plan {plan_id} is not this patient's")
            payment_plans.record_plan_payment(request_uow(request), user, int(plan_id), cents, method=method,
                                              reference=reference.strip() or f"web-{nonce}")  # fmt: skip
        else:
            toward = {int(claim_id): cents} if claim_id.isdecimal() else {}
            how = "claim" if toward else ("credit" if apply == "credit" else "oldest")
            adjustments.take_patient_payment(request_uow(request), user, f"web:payment:{patient_id}:{nonce}", patient_id,
                                             cents, method, reference.strip(), how, toward)  # fmt: skip

    return form_answer(pay, ON_PAGE, partial(account_page, request, user, patient_id),
                       lambda _: f"/patients/{patient_id}#ledger")  # fmt: skip


def _balance_choice(choice: str) -> tuple[int, int | None, int | None]:
    """The account page's balance option `claim:line:payer` (`-` for none) as ids; VALIDATION when unreadable."""
    parts = choice.split(":")
    if len(parts) != 3 or not parts[0].isdecimal() or not all(p == "-" or p.isdecimal() for p in parts[1:]):
        raise RevcycleError(ErrorCode.VALIDATION, "choose the claim line to adjust")
    claim, line, payer = parts
    return int(claim), None if line == "-" else int(line), None if payer == "-" else int(payer)


def _nonce(nonce: str) -> None:
    if not _NONCE.match(nonce):
        raise RevcycleError(ErrorCode.VALIDATION, "the form expired; reload the page")


Text = Annotated[str, Form(max_length=200)]


@router.post("/patients/{patient_id}/write-offs")
def enter_write_off(request: Request, user: Poster, patient_id: int, balance: Annotated[str, Form(max_length=40)] = "",
                    side: Annotated[str, Form(max_length=8)] = "patient", kind: Annotated[str, Form(max_length=20)] = "",
                    amount: Annotated[str, Form(max_length=20)] = "", reason: Text = "",
                    nonce: Annotated[str, Form(max_length=16)] = "", csrf_token: Annotated[str, Form()] = "") -> Response:  # fmt: skip
    """Write off part of a claim line's balance (the patient's or its payer's); the kind's permission applies."""
    check_csrf(request, csrf_token)

    def write_off() -> None:
        _nonce(nonce)
        claim_id, line_id, payer_id = _balance_choice(balance)
        adjustments.write_off(request_uow(request), user, f"web:write-off:{patient_id}:{nonce}", kind, patient_id,
                              claim_id, parse_dollars(amount), reason, payer_id if side == "payer" else None,
                              service_line_id=line_id)  # fmt: skip

    return form_answer(write_off, ON_PAGE + (ErrorCode.FORBIDDEN,), partial(account_page, request, user, patient_id),
                       lambda _: f"/patients/{patient_id}#ledger")  # fmt: skip


@router.post("/patients/{patient_id}/transfers")
def enter_transfer(request: Request, user: Poster, patient_id: int, balance: Annotated[str, Form(max_length=40)] = "",
                   to: Annotated[str, Form(max_length=80)] = "patient", amount: Annotated[str, Form(max_length=20)] = "",
                   reason: Text = "", nonce: Annotated[str, Form(max_length=16)] = "",
                   csrf_token: Annotated[str, Form()] = "") -> Response:  # fmt: skip
    """Move a payer's balance on a claim line to the patient or to the next payer (`to`: a payer id)."""
    check_csrf(request, csrf_token)

    def transfer() -> None:
        _nonce(nonce)
        claim_id, line_id, payer_id = _balance_choice(balance)
        if payer_id is None:
            raise RevcycleError(ErrorCode.VALIDATION, "that line has no payer balance to move")
        target = None if to == "patient" else adjustments.payer_id_of(request_uow(request), user, to)
        adjustments.transfer_balance(request_uow(request), user, f"web:transfer:{patient_id}:{nonce}", patient_id,
                                     claim_id, parse_dollars(amount), payer_id, reason, target,
                                     service_line_id=line_id)  # fmt: skip

    return form_answer(transfer, ON_PAGE + (ErrorCode.NOT_FOUND,), partial(account_page, request, user, patient_id),
                       lambda _: f"/patients/{patient_id}#ledger")  # fmt: skip


@router.post("/patients/{patient_id}/refunds")
def enter_refund(request: Request, user: Refunder, patient_id: int, amount: Annotated[str, Form(max_length=20)] = "",
                 reason: Text = "", nonce: Annotated[str, Form(max_length=16)] = "",
                 csrf_token: Annotated[str, Form()] = "") -> Response:  # fmt: skip
    """Pay back the patient's unapplied credit (a manager's act)."""
    check_csrf(request, csrf_token)

    def refund() -> None:
        _nonce(nonce)
        adjustments.refund(request_uow(request), user, f"web:refund:{patient_id}:{nonce}", patient_id,
                           parse_dollars(amount), reason)  # fmt: skip

    return form_answer(refund, ON_PAGE, partial(account_page, request, user, patient_id),
                       lambda _: f"/patients/{patient_id}#ledger")  # fmt: skip


@router.post("/patients/{patient_id}/credits/apply")
def enter_credit(request: Request, user: Poster, patient_id: int, nonce: Annotated[str, Form(max_length=16)] = "",
                 csrf_token: Annotated[str, Form()] = "") -> Response:  # fmt: skip
    """Apply the patient's unapplied credit (a copay taken at check-in) to the oldest charges they owe."""
    check_csrf(request, csrf_token)

    def apply_credit() -> None:
        _nonce(nonce)
        adjustments.apply_credit(request_uow(request), user, f"web:apply-credit:{patient_id}:{nonce}", patient_id)

    return form_answer(apply_credit, ON_PAGE, partial(account_page, request, user, patient_id),
                       lambda _: f"/patients/{patient_id}#ledger")  # fmt: skip
