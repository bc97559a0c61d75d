"""The dashboard: AR aging by payer and by patient responsibility, the KPIs; charts in CSS and inline SVG (no JS)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from revcycle.api.auth import request_uow
from revcycle.practice.users import Permission, User
from revcycle.reports.aging import BUCKETS, AgingRow
from revcycle.services import reports
from revcycle.web.rendering import render
from revcycle.web.session import Page

router = APIRouter(include_in_schema=False)
LedgerReader = Annotated[User, Depends(Page(Permission.READ_LEDGER))]
CHART_WIDTH = 600


def bar_percents(values: tuple[int, ...]) -> list[int]:
    """Each value as a whole percent of the largest (the bar widths); all zero when nothing is owed."""
    largest = max((value for value in values if value > 0), default=0)
    return [0 if largest == 0 or value <= 0 else max(1, value * 100 // largest) for value in values]


@dataclass(frozen=True)
class Segment:
    """One bucket's piece of a stacked SVG bar: x and width in chart units (0..CHART_WIDTH)."""

    bucket: int
    x: int
    width: int
    cents: int


def stacked_segments(buckets: tuple[int, ...], largest_total: int) -> list[Segment]:
    """A row's positive buckets laid end to end, scaled so the largest row total fills CHART_WIDTH."""
    segments, x = [], 0
    for index, cents in enumerate(buckets):
        if cents <= 0 or largest_total <= 0:
            continue
        width = max(1, cents * CHART_WIDTH // largest_total)
        segments.append(Segment(index, x, width, cents))
        x += width
    return segments


def payer_chart(rows: tuple[AgingRow, ...]) -> list[dict]:
    """The payers' aging as stacked bars (one per payer, buckets left to right, oldest darkest)."""
    largest = max((sum(c for c in row.buckets if c > 0) for row in rows), default=0)
    return [{"name": row.name, "total_cents": row.total_cents, "segments": stacked_segments(row.buckets, largest)}
            for row in rows]  # fmt: skip


def category_bars(rates: dict[str, Decimal]) -> list[dict]:
    """Denial rate per category as bars scaled to the highest rate (chart units)."""
    highest = max(rates.values(), default=Decimal(0))
    return [{"category": name, "rate": rate,
             "width": 0 if highest <= 0 else max(1, int(rate * CHART_WIDTH / highest))}
            for name, rate in sorted(rates.items(), key=lambda item: (-item[1], item[0]))]  # fmt: skip


def percent_text(value: Decimal | None) -> str:
    return "n/a" if value is None else f"{value}%"


@router.get("/dashboard")
def dashboard(request: Request, user: LedgerReader, as_of: date | None = None) -> Response:
    """`?as_of=YYYY-MM-DD` ages the receivables and measures the KPIs on that day (default: today)."""
    aging = reports.ar_aging(request_uow(request), user, as_of)
    kpis = reports.kpis(request_uow(request), user, as_of)
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
        payer_bars=payer_chart(aging.payers),
        category_bars=category_bars(kpis.denial_rate_by_category),
        chart_width=CHART_WIDTH,
    )
