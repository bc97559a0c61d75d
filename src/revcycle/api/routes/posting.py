"""Manual posting through the services: a paper EOB (`services.paper_eobs`), write-offs, transfers, patient
receipts, refunds (`services.adjustments`) and the day's deposits (`services.deposits`).

Claims are named by their number, their lines by their line number and payers by their payer id, as on paper
(a write-off or transfer without a `line` posts on the claim as a whole). An EOB that does not balance
answers 422 with every finding located (`error.findings`); nothing is posted.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import Field

from revcycle.api.auth import Requires, request_uow
from revcycle.api.errors import error_body
from revcycle.api.routes.ledger import entry_json
from revcycle.api.schemas import Strict
from revcycle.practice.users import Permission, User
from revcycle.remittance.model import Adjustment
from revcycle.remittance.paper_eob import EobClaim, EobLine, PaperEob
from revcycle.services import adjustments, deposits, paper_eobs

router = APIRouter(prefix="/api", tags=["posting"])

Poster = Annotated[User, Depends(Requires(Permission.POST_LEDGER))]
Adjuster = Annotated[User, Depends(Requires(Permission.ADJUST_LEDGER))]
LedgerReader = Annotated[User, Depends(Requires(Permission.READ_LEDGER))]
Key = Annotated[str, Field(min_length=1, max_length=200)]
Cents = Annotated[int, Field(ge=0, le=10**11)]
Positive = Annotated[int, Field(gt=0, le=10**11)]
Reason = Annotated[str, Field(min_length=3, max_length=200)]


class AdjustmentIn(Strict):
    group: str = Field(min_length=2, max_length=2)
    carc: str = Field(min_length=1, max_length=5)
    amount_cents: int = Field(ge=-(10**11), le=10**11)


class EobLineIn(Strict):
    code: str = Field(min_length=1, max_length=48)
    modifiers: list[str] = Field(default_factory=list, max_length=4)
    date: dt.date | None = None
    billed_cents: Positive
    allowed_cents: Cents | None = None
    paid_cents: Cents
    adjustments: list[AdjustmentIn] = Field(default_factory=list, max_length=20)
    remarks: list[str] = Field(default_factory=list, max_length=10)
    patient_responsibility_cents: Cents | None = None


class EobClaimIn(Strict):
    claim: str = Field(min_length=1, max_length=38)
    payer_claim_number: str = Field(default="", max_length=50)
    status: Literal["primary", "secondary", "tertiary", "denied"] = "primary"
    remarks: list[str] = Field(default_factory=list, max_length=10)
    lines: list[EobLineIn] = Field(min_length=1, max_length=50)


class PaperEobIn(Strict):
    payer: str = Field(min_length=1, max_length=80)
    check_number: str = Field(min_length=1, max_length=50)
    check_date: dt.date
    check_total_cents: Cents
    method: Literal["check", "eft"] = "check"
    claims: list[EobClaimIn] = Field(min_length=1, max_length=500)
    dry_run: bool = False

    def to_eob(self) -> PaperEob:
        claims = tuple(EobClaim(c.claim, tuple(_line(line) for line in c.lines), c.payer_claim_number, c.status,
                                tuple(r.upper() for r in c.remarks)) for c in self.claims)  # fmt: skip
        return PaperEob(
            self.payer, self.check_number, self.check_date, self.check_total_cents, claims, self.method
        )


def _line(line: EobLineIn) -> EobLine:
    return EobLine(line.code.upper(), line.billed_cents, line.paid_cents, line.allowed_cents,
                   tuple(m.upper() for m in line.modifiers), line.date,
                   tuple(Adjustment(a.group.upper(), a.carc.upper(), a.amount_cents) for a in line.adjustments),
                   tuple(r.upper() for r in line.remarks), line.patient_responsibility_cents)  # fmt: skip


class WriteOffIn(Strict):
    idempotency_key: Key
    claim: str = Field(min_length=1, max_length=38)
    kind: Literal["small_balance", "non_covered", "timely_filing", "bad_debt", "courtesy"]
    amount_cents: Positive
    reason: Reason
    payer: str | None = Field(default=None, max_length=80)  # the payer's balance; None: the patient's
    line: int | None = Field(default=None, ge=1, le=999)  # the claim line's number; None: the whole claim
    on: dt.date | None = None


class TransferIn(Strict):
    idempotency_key: Key
    claim: str = Field(min_length=1, max_length=38)
    amount_cents: Positive
    from_payer: str = Field(min_length=1, max_length=80)
    to_payer: str | None = Field(default=None, max_length=80)  # None: the patient
    reason: Reason
    line: int | None = Field(default=None, ge=1, le=999)  # the claim line's number; None: the whole claim
    on: dt.date | None = None


class ReceiptIn(Strict):
    idempotency_key: Key
    amount_cents: Positive
    method: Literal["cash", "check", "card"]
    reference: str = Field(default="", max_length=80)
    apply: Literal["oldest", "chosen", "credit"] = "oldest"
    claims: dict[str, Positive] = Field(default_factory=dict, max_length=50)  # claim number -> cents (chosen)
    on: dt.date | None = None


class CreditIn(Strict):
    idempotency_key: Key
    apply: Literal["oldest", "claim", "chosen"] = "oldest"
    claims: dict[str, Positive] = Field(default_factory=dict, max_length=50)  # claim number -> cents (chosen)
    on: dt.date | None = None


class RefundIn(Strict):
    idempotency_key: Key
    amount_cents: Positive
    reason: Reason
    claim: str | None = Field(default=None, max_length=38)  # an overpaid claim; None: the unapplied credit
    on: dt.date | None = None


class DepositIn(Strict):
    day: dt.date
    reference: str = Field(min_length=1, max_length=50)
    amount_cents: Positive
    note: str = Field(default="", max_length=200)


@router.post("/remittances/paper-eobs", status_code=201)
def post_paper_eob(request: Request, user: Poster, body: PaperEobIn) -> Any:
    """Post a paper EOB through the 835's posting; the same payer + check number again changes nothing."""
    try:
        report = paper_eobs.post_paper_eob(request_uow(request), user, body.to_eob(), dry_run=body.dry_run)
    except paper_eobs.EobNotBalanced as refused:
        findings = [finding.to_dict() for finding in refused.findings]
        return JSONResponse(error_body("validation", refused.message, findings=findings), status_code=422)
    return report.to_dict()


def _claim(request: Request, user: User, number: str, line: int | None = None) -> adjustments.ClaimParties:
    return adjustments.claim_parties(request_uow(request), user, number, line)


def _payer(request: Request, user: User, code: str | None) -> int | None:
    return adjustments.payer_id_of(request_uow(request), user, code) if code else None


@router.post("/write-offs", status_code=201)
def write_off(request: Request, user: Poster, body: WriteOffIn) -> dict[str, Any]:
    """Write off part of a claim's (or one claim line's) balance; the kind's own permission is checked (small
    balance: billers)."""
    parties = _claim(request, user, body.claim, body.line)
    posted = adjustments.write_off(request_uow(request), user, body.idempotency_key, body.kind, parties.patient_id,
                                   parties.claim_id, body.amount_cents, body.reason, _payer(request, user, body.payer),
                                   body.on, parties.service_line_id)  # fmt: skip
    return entry_json(posted)


@router.post("/transfers", status_code=201)
def transfer(request: Request, user: Poster, body: TransferIn) -> dict[str, Any]:
    """Move a payer's balance on a claim (or one claim line) to the patient or to the next payer."""
    parties = _claim(request, user, body.claim, body.line)
    source = _payer(request, user, body.from_payer)
    posted = adjustments.transfer_balance(request_uow(request), user, body.idempotency_key, parties.patient_id,
                                          parties.claim_id, body.amount_cents, source, body.reason,  # type: ignore[arg-type]
                                          _payer(request, user, body.to_payer), body.on,
                                          parties.service_line_id)  # fmt: skip
    return entry_json(posted)


@router.post("/patients/{patient_id}/receipts", status_code=201)
def take_payment(request: Request, user: Poster, patient_id: int, body: ReceiptIn) -> dict[str, Any]:
    """A patient's payment by cash, check or card: to the oldest charges, to the claims chosen, or as credit."""
    chosen = {_claim(request, user, number).claim_id: cents for number, cents in body.claims.items()}
    posted = adjustments.take_patient_payment(request_uow(request), user, body.idempotency_key, patient_id,
                                              body.amount_cents, body.method, body.reference.strip(), body.apply,
                                              chosen, body.on)  # fmt: skip
    return entry_json(posted)


@router.post("/patients/{patient_id}/credits/apply", status_code=201)
def apply_credit(request: Request, user: Poster, patient_id: int, body: CreditIn) -> dict[str, Any]:
    """Apply the patient's unapplied credit (a copay taken at check-in, an overpayment) to what they owe: the
    oldest charges, toward the claims named (`claim`), or the cents chosen per claim (`chosen`)."""
    chosen = {_claim(request, user, number).claim_id: cents for number, cents in body.claims.items()}
    posted = adjustments.apply_credit(request_uow(request), user, body.idempotency_key, patient_id, body.apply,
                                      chosen, body.on)  # fmt: skip
    return entry_json(posted)


@router.post("/patients/{patient_id}/refunds", status_code=201)
def refund(request: Request, user: Adjuster, patient_id: int, body: RefundIn) -> dict[str, Any]:
    """Pay back the patient's unapplied credit, or an overpayment on a claim (a manager's act)."""
    claim_id = _claim(request, user, body.claim).claim_id if body.claim else None
    posted = adjustments.refund(request_uow(request), user, body.idempotency_key, patient_id, body.amount_cents,
                                body.reason, claim_id, body.on)  # fmt: skip
    return entry_json(posted)


@router.post("/deposits", status_code=201)
def record_deposit(request: Request, user: Poster, body: DepositIn) -> dict[str, Any]:
    """Record a bank deposit; the same day and reference again records nothing (`recorded: false`)."""
    created = deposits.record_deposit(
        request_uow(request), user, body.day, body.reference, body.amount_cents, body.note
    )
    return {"day": body.day.isoformat(), "reference": body.reference, "recorded": created}


@router.get("/deposits/{day}")
def reconcile(request: Request, user: LedgerReader, day: dt.date) -> dict[str, Any]:
    """The day's receipts by source against its bank deposits."""
    result = deposits.reconcile_day(request_uow(request), user, day)
    return {
        "day": day.isoformat(), "by_source": result.by_source, "receipts_cents": result.receipts_cents,
        "deposited_cents": result.deposited_cents, "difference_cents": result.difference_cents,
        "balanced": result.balanced, "unmatched_efts": [r.reference for r in result.unmatched_efts],
        "receipts": [{"source": r.source, "reference": r.reference, "from": r.party, "amount_cents": r.amount_cents}
                     for r in result.receipts],
        "deposits": [{"reference": d.reference, "amount_cents": d.amount_cents, "note": d.note} for d in result.deposits],
    }  # fmt: skip
