"""Reports: AR aging (by payer and by patient responsibility) and revenue-cycle KPIs."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from revcycle.api.auth import Requires, request_uow
from revcycle.practice.users import Permission, User
from revcycle.services import reports

router = APIRouter(prefix="/api/reports", tags=["reports"])

LedgerReader = Annotated[User, Depends(Requires(Permission.READ_LEDGER))]
AsOf = Annotated[date | None, Query(description="report date (default: today)")]


@router.get("/aging")
def ar_aging(request: Request, user: LedgerReader, as_of: AsOf = None) -> dict[str, Any]:
    """Balances by payer and by patient in 0-30 / 31-60 / 61-90 / 91-120 / 120+ days from the date of service."""
    return reports.ar_aging(request_uow(request), user, as_of).to_dict()


@router.get("/kpis")
def kpis(request: Request, user: LedgerReader, as_of: AsOf = None,
         period_days: Annotated[int, Query(ge=1, le=366)] = 90) -> dict[str, Any]:
    """Clean-claim rate, first-pass resolution, denial rate by category, days in AR, net collection rate, % AR > 90."""
    return reports.kpis(request_uow(request), user, as_of, period_days).to_dict()
