"""Revenue-cycle KPIs (formulas in reports/docs.md), computed from facts passed in.

Every ratio is a percentage with one decimal (half up), or None when its denominator is zero
(no claim scrubbed yet, no remittance yet): "no data" is never shown as 0 %. The claim rates (clean
claims, first pass, denials) count every claim first scrubbed / adjudicated on or before the as-of day;
the money (charges, payments, days in AR, net collection) is that of the period ending on it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from revcycle.ledger.accounts import AccountKind
from revcycle.reports.aging import AgingReport
from revcycle.reports.facts import Adjudication, LedgerFact, ScrubOutcome, known_by, percent

DEFAULT_PERIOD_DAYS = 90


@dataclass(frozen=True, slots=True)
class PeriodTotals:
    """Money of a period [start, end], summed from journal lines by account."""

    start: date
    end: date
    charges_cents: int  # gross charges: credits to revenue (net of reversed charges)
    contractual_cents: int  # debits to contractual adjustment
    payments_cents: int  # cash received net of refunds, interest and provider-level recoupments

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def period_totals(facts: Iterable[LedgerFact], end: date, days: int = DEFAULT_PERIOD_DAYS) -> PeriodTotals:
    start = end - timedelta(days=days - 1)
    sums: Counter[str] = Counter()
    for fact in facts:
        if start <= fact.effective_date <= end:
            sums[fact.account_kind] += fact.amount_cents
    payments = (sums[AccountKind.CASH.value] + sums[AccountKind.REFUNDS.value]
                + sums[AccountKind.INTEREST_INCOME.value])
    return PeriodTotals(start, end, -sums[AccountKind.REVENUE.value],
                        sums[AccountKind.CONTRACTUAL_ADJUSTMENT.value], payments)


@dataclass(frozen=True, slots=True)
class Kpis:
    as_of: date
    period: PeriodTotals
    claims_scrubbed: int
    clean_claim_rate: Decimal | None
    claims_adjudicated: int
    first_pass_resolution_rate: Decimal | None
    denial_rate: Decimal | None
    denial_rate_by_category: dict[str, Decimal]
    ar_cents: int
    days_in_ar: Decimal | None
    net_collection_rate: Decimal | None
    percent_ar_over_90: Decimal | None

    def to_dict(self) -> dict[str, object]:
        def text(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        return {
            "as_of": self.as_of.isoformat(),
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat(),
                       "days": self.period.days, "charges_cents": self.period.charges_cents,
                       "contractual_cents": self.period.contractual_cents,
                       "payments_cents": self.period.payments_cents},
            "claims_scrubbed": self.claims_scrubbed, "clean_claim_rate": text(self.clean_claim_rate),
            "claims_adjudicated": self.claims_adjudicated,
            "first_pass_resolution_rate": text(self.first_pass_resolution_rate),
            "denial_rate": text(self.denial_rate),
            "denial_rate_by_category": {k: str(v) for k, v in sorted(self.denial_rate_by_category.items())},
            "ar_cents": self.ar_cents, "days_in_ar": text(self.days_in_ar),
            "net_collection_rate": text(self.net_collection_rate),
            "percent_ar_over_90": text(self.percent_ar_over_90),
        }


def days_in_ar(ar_cents: int, period: PeriodTotals) -> Decimal | None:
    """AR / average daily gross charges of the period; one decimal."""
    if period.charges_cents <= 0:
        return None
    return (Decimal(ar_cents) * period.days / Decimal(period.charges_cents)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP)


def compute_kpis(as_of: date, facts: Sequence[LedgerFact], scrubs: Sequence[ScrubOutcome],
                 adjudications: Sequence[Adjudication], aging: AgingReport,
                 period_days: int = DEFAULT_PERIOD_DAYS) -> Kpis:
    period = period_totals(facts, as_of, period_days)
    scrubs, adjudications = known_by(scrubs, as_of), known_by(adjudications, as_of)
    adjudicated = len(adjudications)
    by_category: Counter[str] = Counter()
    for adjudication in adjudications:
        by_category.update(adjudication.denial_categories)
    ar_cents = sum(fact.amount_cents for fact in facts if fact.effective_date <= as_of and fact.account_kind in (
        AccountKind.INSURANCE_AR.value, AccountKind.PATIENT_AR.value, AccountKind.UNAPPLIED_CASH.value))
    return Kpis(
        as_of=as_of, period=period, claims_scrubbed=len(scrubs),
        clean_claim_rate=percent(sum(1 for s in scrubs if s.first_clean), len(scrubs)),
        claims_adjudicated=adjudicated,
        first_pass_resolution_rate=percent(sum(1 for a in adjudications if a.paid_first_pass), adjudicated),
        denial_rate=percent(sum(1 for a in adjudications if a.denied), adjudicated),
        denial_rate_by_category={category: percent(count, adjudicated) or Decimal("0.0")
                                 for category, count in by_category.items()},
        ar_cents=ar_cents, days_in_ar=days_in_ar(ar_cents, period),
        net_collection_rate=percent(period.payments_cents, period.charges_cents - period.contractual_cents),
        percent_ar_over_90=aging.percent_over_90,
    )
