"""Read models over ledger and claims facts: AR aging and revenue-cycle KPIs."""

from revcycle.reports.aging import BUCKETS, AgingReport, AgingRow, age_receivables, bucket_of
from revcycle.reports.facts import Adjudication, LedgerFact, ScrubOutcome, facts_from_entries, percent
from revcycle.reports.kpis import Kpis, PeriodTotals, compute_kpis, period_totals

__all__ = [
    "BUCKETS", "Adjudication", "AgingReport", "AgingRow", "Kpis", "LedgerFact", "PeriodTotals", "ScrubOutcome",
    "age_receivables", "bucket_of", "compute_kpis", "facts_from_entries", "percent", "period_totals",
]
