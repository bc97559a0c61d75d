"""The dashboard: AR aging by payer and by patient responsibility, the KPIs, CSS bar charts (no JS)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from revcycle.api.auth import request_uow
from revcycle.practice.users import Permission, User
from revcycle.reports.aging import BUCKETS
from revcycle.services import reports
from revcycle.web.rendering import render
from revcycle.web.session import Page

router = APIRouter(include_in_schema=False)
LedgerReader = Annotated[User, Depends(Page(Permission.READ_LEDGER))]


def bar_percents(values: tuple[int, ...]) -> list[int]:
    """Each value as a whole percent of the largest (the bar widths); all zero when nothing is owed."""
    largest = max((value for value in values if value > 0), default=0)
    return [0 if largest == 0 or value <= 0 else max(1, value * 100 // largest) for value in values]


def percent_text(value: Decimal | None) -> str:
    return "n/a" if value is None else f"{value}%"


@router.get("/dashboard")
def dashboard(request: Request, user: LedgerReader) -> Response:
    aging = reports.ar_aging(request_uow(request), user)
    kpis = reports.kpis(request_uow(request), user)
    insurance, patient = aging.insurance_buckets, aging.patient_buckets
    largest = max((*insurance, *patient, 0))
    return render(
        request,
        "dashboard.html",
        user,
        aging=aging,
        kpis=kpis,
        buckets=BUCKETS,
        chart=[
            {
                "bucket": bucket,
                "insurance": insurance[i],
                "patient": patient[i],
                "insurance_width": bar_percents((insurance[i], largest))[0],
                "patient_width": bar_percents((patient[i], largest))[0],
            }
            for i, bucket in enumerate(BUCKETS)
        ],
        percent=percent_text,
    )
