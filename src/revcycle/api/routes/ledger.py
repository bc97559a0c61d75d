"""A patient's account: balance, journal, patient payments, statement (through the services, audited)."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from revcycle.api.auth import Requires, request_uow
from revcycle.api.responses import pdf_response
from revcycle.api.schemas import PatientPaymentIn, to_json
from revcycle.ledger.balances import Receivable
from revcycle.ledger.entries import PostedEntry
from revcycle.ledger.postings import ChargeRef
from revcycle.practice.users import Permission, User
from revcycle.services import ledger, statements
from revcycle.statements.pdf import render_statement

router = APIRouter(prefix="/api", tags=["ledger"])

LedgerReader = Annotated[User, Depends(Requires(Permission.READ_LEDGER))]
Poster = Annotated[User, Depends(Requires(Permission.POST_LEDGER))]


def balance_json(balance: Receivable) -> dict[str, int]:
    return {"insurance_cents": balance.insurance_cents, "patient_cents": balance.patient_cents,
            "unapplied_cents": balance.unapplied_cents, "total_cents": balance.total_cents}


def entry_json(posted: PostedEntry) -> dict[str, Any]:
    entry = posted.entry
    return {
        "id": posted.id, "posted_at": posted.posted_at.isoformat() if posted.posted_at else None,
        "posted_by_user_id": posted.posted_by_user_id,
        "idempotency_key": entry.idempotency_key, "kind": entry.kind.value,
        "effective_date": entry.effective_date.isoformat(), "memo": entry.memo,
        "reverses_entry_id": entry.reverses_entry_id,
        "lines": [{"account": line.account.code, **to_json({
            "amount_cents": line.amount_cents, "patient_id": line.patient_id, "payer_id": line.payer_id,
            "claim_id": line.claim_id, "service_line_id": line.service_line_id})} for line in entry.lines],
    }


@router.get("/patients/{patient_id}/balance")
def patient_balance(request: Request, user: LedgerReader, patient_id: int) -> dict[str, int]:
    return balance_json(ledger.patient_balance(request_uow(request), user, patient_id))


@router.get("/patients/{patient_id}/journal")
def patient_journal(request: Request, user: LedgerReader, patient_id: int) -> list[dict[str, Any]]:
    return [entry_json(posted) for posted in ledger.patient_journal(request_uow(request), user, patient_id)]


@router.post("/patients/{patient_id}/payments", status_code=201)
def post_patient_payment(request: Request, user: Poster, patient_id: int, body: PatientPaymentIn) -> Any:
    """A payment from the patient; `unapplied_cents` of it kept as a credit. Replaying the key posts nothing."""
    ref = ChargeRef(patient_id, claim_id=body.claim_id, service_line_id=body.service_line_id)
    posted = ledger.post_patient_payment(request_uow(request), user, body.idempotency_key, ref,
                                         body.amount_cents, body.unapplied_cents, body.on)
    return entry_json(posted)


@router.get("/patients/{patient_id}/statement.pdf", response_class=Response)
def patient_statement(request: Request, user: LedgerReader, patient_id: int,
                      as_of: Annotated[date | None, Query()] = None) -> Response:
    """The current statement of the patient's guarantor account as a PDF (nothing is marked sent)."""
    statement = statements.patient_statement(request_uow(request), user, patient_id, on=as_of)
    buffer = BytesIO()
    render_statement(statement, buffer)
    return pdf_response(buffer.getvalue(), f"statement-{statement.account_number}.pdf")
