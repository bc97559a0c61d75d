"""Patient payment plans (services/payment_plans.py, every read and change audited there): agree a
plan on a patient's balance, record plan payments (posted to the ledger, idempotent by reference),
flag missed installments, cancel."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from revcycle.api.auth import Requires, request_uow
from revcycle.api.paging import Limit, Offset, sliced
from revcycle.api.routes.ledger import entry_json
from revcycle.api.schemas import OnDayIn, PlanIn, PlanPaymentIn
from revcycle.practice.users import Permission, User
from revcycle.services import payment_plans
from revcycle.statements.plans import Frequency, PaymentPlan, PlanStatus, paid_by_installment

router = APIRouter(prefix="/api", tags=["payment plans"])

LedgerReader = Annotated[User, Depends(Requires(Permission.READ_LEDGER))]
Poster = Annotated[User, Depends(Requires(Permission.POST_LEDGER))]


def plan_json(plan: PaymentPlan) -> dict[str, Any]:
    paid = paid_by_installment(plan)
    installments = [
        {"number": i.number, "due_date": i.due_date.isoformat(), "amount_cents": i.amount_cents, "paid_cents": p,
         "missed_on": i.missed_on.isoformat() if i.missed_on else None}
        for i, p in zip(plan.installments, paid, strict=True)
    ]  # fmt: skip
    return {"id": plan.id, "patient_id": plan.patient_id, "status": plan.status.value,
            "frequency": plan.frequency.value, "total_cents": plan.total_cents, "paid_cents": plan.paid_cents(),
            "remaining_cents": plan.remaining_cents(), "installments": installments}  # fmt: skip


def missed_json(found: payment_plans.MissedPlan) -> dict[str, Any]:
    return {"plan": plan_json(found.plan), "missed": [i.number for i in found.missed],
            "newly_flagged": list(found.newly_flagged), "defaulted_now": found.defaulted_now,
            "past_due_cents": found.past_due_cents}  # fmt: skip


@router.get("/payment-plans")
def list_plans(
    request: Request, user: LedgerReader, limit: Limit = 50, offset: Offset = 0,
    patient_id: Annotated[int | None, Query(gt=0)] = None,
    status: Annotated[str | None, Query(pattern=r"^(active|completed|defaulted|cancelled)$")] = None,
) -> dict[str, Any]:  # fmt: skip
    statuses = (PlanStatus(status),) if status else ()
    found = payment_plans.list_plans(request_uow(request), user, patient_id, statuses)
    return sliced(found, limit, offset, plan_json)


@router.post("/patients/{patient_id}/payment-plans", status_code=201)
def create_plan(request: Request, user: Poster, patient_id: int, body: PlanIn) -> dict[str, Any]:
    """Agree a plan on what the patient owes now (patient AR and credit), or on `total_cents` of it."""
    plan = payment_plans.create_plan(request_uow(request), user, patient_id, body.installments, body.first_due,
                                     Frequency(body.frequency), body.installment_cents, body.total_cents)  # fmt: skip
    return plan_json(plan)


@router.get("/payment-plans/missed")
def missed_installments(
    request: Request, user: LedgerReader, on: Annotated[date | None, Query()] = None
) -> Any:
    """Open plans with an installment missed by `on` (default today); nothing is flagged."""
    found = payment_plans.plans_with_missed_installments(request_uow(request), user, on)
    return [missed_json(plan) for plan in found]


@router.post("/payment-plans/missed")
def flag_missed(request: Request, user: Poster, body: OnDayIn | None = None) -> Any:
    """Flag installments missed by `on` (default today); plans with too many misses default."""
    found = payment_plans.flag_missed_installments(request_uow(request), user, body.on if body else None)
    return [missed_json(plan) for plan in found]


@router.get("/payment-plans/{plan_id}")
def get_plan(request: Request, user: LedgerReader, plan_id: int) -> dict[str, Any]:
    return plan_json(payment_plans.get_plan(request_uow(request), user, plan_id))


@router.post("/payment-plans/{plan_id}/payments", status_code=201)
def pay(
    request: Request, response: Response, user: Poster, plan_id: int, body: PlanPaymentIn
) -> dict[str, Any]:
    """A plan payment: posted to the ledger, applied to the installments in order. The same
    reference (or day, amount and method) again posts nothing: 200 with `replayed`."""
    result = payment_plans.record_plan_payment(request_uow(request), user, plan_id, body.amount_cents, body.on,
                                               body.method, body.reference)  # fmt: skip
    if result.replayed:
        response.status_code = 200
    return {"plan": plan_json(result.plan), "entry": entry_json(result.entry),
            "applied": [{"installment": number, "cents": cents} for number, cents in result.applied],
            "replayed": result.replayed}  # fmt: skip


@router.post("/payment-plans/{plan_id}/cancel")
def cancel_plan(request: Request, user: Poster, plan_id: int) -> dict[str, Any]:
    """End an active or defaulted plan; its payments stay posted and the balance is due as usual."""
    return plan_json(payment_plans.cancel_plan(request_uow(request), user, plan_id))
