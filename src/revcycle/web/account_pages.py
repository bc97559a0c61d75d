"""A patient's account: ledger lines (insurance, patient, unapplied) with a running balance, the statement,
the open payment plan and the payment form (`payment_pages`)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from revcycle.api.auth import request_uow
from revcycle.ledger.accounts import AccountKind
from revcycle.ledger.entries import PostedEntry
from revcycle.practice.users import Permission, User
from revcycle.services import account_view, adjustments, ledger, listings, patients, payment_plans, views
from revcycle.services.payment_plans import PAYMENT_METHODS
from revcycle.statements.plans import OPEN, plan_due
from revcycle.web.rendering import render
from revcycle.web.session import Page

router = APIRouter(include_in_schema=False)
LedgerReader = Annotated[User, Depends(Page(Permission.READ_LEDGER))]
PAGE_SIZE = 50
KIND_WORDS = {
    "charge": "charge billed", "insurance_payment": "insurance paid", "contractual_adjustment": "contractual adjustment",
    "transfer": "balance moved", "patient_payment": "patient paid", "apply_unapplied": "credit applied",
    "refund": "refund paid out", "write_off": "write-off", "interest": "interest from the payer",
    "provider_adjustment": "payer adjustment", "reversal": "reversal (a correction)",
}  # fmt: skip


@dataclass(frozen=True)
class LedgerRow:
    """One journal entry as it moves this patient's receivables (cents; positive = owed more)."""

    entry_id: int
    effective_date: date
    kind: str
    memo: str
    claim_ids: tuple[int, ...]
    insurance_cents: int
    patient_cents: int
    unapplied_cents: int
    balance_cents: int


def ledger_rows(entries: list[PostedEntry], patient_id: int) -> list[LedgerRow]:
    """The entries touching the patient's receivables, oldest first, with the running total balance."""
    rows: list[LedgerRow] = []
    balance = 0
    for posted in sorted(entries, key=lambda p: (p.entry.effective_date, p.id)):
        moved = dict.fromkeys(
            (AccountKind.INSURANCE_AR, AccountKind.PATIENT_AR, AccountKind.UNAPPLIED_CASH), 0
        )
        for line in posted.lines:
            if line.account.kind in moved and patient_id in (line.patient_id, line.account.patient_id):
                moved[AccountKind(line.account.kind)] += line.amount_cents
        if not any(moved.values()):
            continue
        balance += sum(moved.values())
        claim_ids = tuple(sorted({line.claim_id for line in posted.lines if line.claim_id is not None}))
        rows.append(
            LedgerRow(
                posted.id,
                posted.entry.effective_date,
                posted.kind.value,
                posted.entry.memo,
                claim_ids,
                moved[AccountKind.INSURANCE_AR],
                moved[AccountKind.PATIENT_AR],
                moved[AccountKind.UNAPPLIED_CASH],
                balance,
            )
        )
    return rows


def account_page(
    request: Request, user: User, patient_id: int, message: str = "", status_code: int = 200
) -> Response:
    """The account: balance, coverage, open payment plan, ledger, the payment form (for who may post)."""
    patient = patients.get_patient(request_uow(request), user, patient_id)
    balance = ledger.patient_balance(request_uow(request), user, patient_id)
    entries = ledger.patient_journal(request_uow(request), user, patient_id)
    coverages = patients.patient_coverages(request_uow(request), user, patient_id)
    plans = payment_plans.list_plans(request_uow(request), user, patient_id, OPEN)
    today = request.app.state.clock.today()
    payers = views.payers_by_id(request_uow(request), user, (c.payer_id for c in coverages))
    rows = ledger_rows(entries, patient_id)
    claim_ids = sorted({claim_id for row in rows for claim_id in row.claim_ids})
    extras = account_view.account_extras(request_uow(request), user, patient_id, claim_ids)
    return render(
        request,
        "account.html",
        user,
        status_code=status_code,
        patient=patient,
        patient_id=patient_id,
        balance=balance,
        rows=rows,
        coverages=coverages,
        payers=payers,
        plan=plans[-1] if plans else None,
        plan_due=plan_due(plans[-1], today) if plans else None,
        claim_ids=claim_ids,
        extras=extras,
        kind_words=KIND_WORDS,
        receipt_methods=adjustments.RECEIPT_METHODS,
        can_refund=user.can(Permission.ADJUST_LEDGER),
        methods=PAYMENT_METHODS,
        nonce=secrets.token_hex(8),
        can_post=user.can(Permission.POST_LEDGER),
        message=message,
        today=today,
    )


@router.get("/patients")
def patient_search(
    request: Request,
    user: LedgerReader,
    last_name: Annotated[str, Query(max_length=40)] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    """Patients by last name (prefix), 50 a page, each linking to the account (one audited read per patient)."""
    prefix = last_name.strip() or None
    found, total = listings.list_patients(request_uow(request), user, listings.page_of(PAGE_SIZE, (page - 1) * PAGE_SIZE),
                                          prefix)  # fmt: skip
    return render(request, "patients.html", user, patients=found, total=total, page=page, page_size=PAGE_SIZE,
                  last_name=last_name.strip())  # fmt: skip


@router.get("/patients/{patient_id}")
def patient_account(request: Request, user: LedgerReader, patient_id: int) -> Response:
    return account_page(request, user, patient_id)
