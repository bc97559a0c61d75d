"""The denials work queue: open denials grouped by category, each category with its next action
(services/remit_listings.py, audited per denial shown)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from revcycle.api.auth import Requires, request_uow
from revcycle.api.paging import Limit, Offset
from revcycle.denials.queue import DenialItem
from revcycle.practice.users import Permission, User
from revcycle.services import listings, remit_listings

router = APIRouter(prefix="/api/denials", tags=["denials"])

LedgerReader = Annotated[User, Depends(Requires(Permission.READ_LEDGER))]


def denial_json(item: DenialItem) -> dict[str, Any]:
    return {"id": item.id, "claim": item.claim_control_number, "procedure_code": item.procedure_code,
            "group": item.group, "carc": item.carc, "remarks": list(item.remarks), "amount_cents": item.amount_cents,
            "denied_on": item.denied_on.isoformat(), "category": item.category.value, "next_action": item.next_action}  # fmt: skip


@router.get("")
def work_queue(request: Request, user: LedgerReader, limit: Limit = 50, offset: Offset = 0,
               category: Annotated[str | None, Query(max_length=24)] = None,
               claim: Annotated[str | None, Query(max_length=38, description="claim control number")] = None,
               ) -> dict[str, Any]:  # fmt: skip
    """`groups`: every open denial by category (count, cents, next action); `items`: one page, oldest
    and largest first."""
    found = remit_listings.denial_work_queue(request_uow(request), user, listings.page_of(limit, offset),
                                             category, claim)  # fmt: skip
    return {"groups": [{"category": g.category.value, "next_action": g.next_action, "count": g.count,
                        "total_cents": g.total_cents} for g in found.groups],
            "items": [denial_json(item) for item in found.items],
            "total": found.total, "limit": limit, "offset": offset}  # fmt: skip
