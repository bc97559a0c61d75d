"""Underpayments (services/underpayments.py, audited there): lines a payer allowed below the
practice's contract, found after posting, queued with the difference, resolved as appealed or accepted."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from revcycle.api.auth import Requires, request_uow
from revcycle.api.paging import Limit, Offset, paged
from revcycle.api.schemas import FindUnderpaymentsIn, ResolveUnderpaymentIn
from revcycle.practice.users import Permission, User
from revcycle.reports.underpayments import Tolerance
from revcycle.services import underpayments

router = APIRouter(prefix="/api/underpayments", tags=["underpayments"])

LedgerReader = Annotated[User, Depends(Requires(Permission.READ_LEDGER))]
Poster = Annotated[User, Depends(Requires(Permission.POST_LEDGER))]


@router.get("")
def queue(
    request: Request, user: LedgerReader, limit: Limit = 50, offset: Offset = 0,
    status: Annotated[str, Query(pattern=r"^(open|appealed|accepted|reversed)$")] = "open",
    payer_code: Annotated[str | None, Query(max_length=80)] = None,
) -> dict[str, Any]:  # fmt: skip
    """`by_payer`: totals (expected, allowed, paid, difference) per payer; `items`: one page of the queue."""
    shown, totals, total = underpayments.underpayment_page(
        request_uow(request), user, (status,), payer_code, slice(offset, offset + limit)
    )
    return {"by_payer": [payer.to_dict() for payer in totals],
            **paged([item.to_dict() for item in shown], total, limit, offset)}  # fmt: skip


@router.post("/find")
def find(request: Request, user: Poster, body: FindUnderpaymentsIn | None = None) -> dict[str, Any]:
    """Compare remitted lines (of one remittance, or all) with the payers' contracts; queue the new ones."""
    body = body or FindUnderpaymentsIn()
    tolerance = Tolerance(body.tolerance_cents, body.tolerance_percent)
    report = underpayments.find_underpayments(request_uow(request), user, body.remittance_id, tolerance)
    return {"lines_checked": report.lines_checked, "found": report.found,
            "difference_cents": report.difference_cents, "payers_without_contract": report.payers_without_contract}  # fmt: skip


@router.post("/{underpayment_id}/resolve")
def resolve(
    request: Request, user: Poster, underpayment_id: int, body: ResolveUnderpaymentIn
) -> dict[str, Any]:
    underpayments.resolve_underpayment(request_uow(request), user, underpayment_id, body.outcome, body.note)
    return {"id": underpayment_id, "status": body.outcome}
