"""Report use cases: AR aging and KPIs as of a date (default: the clock's today).

Both read balances per patient, so both need `read_ledger` and write one audit row
(entity `report`, ids only)."""

from __future__ import annotations

from datetime import date

from revcycle.practice.users import Permission, User
from revcycle.reports import AgingReport, Kpis, age_receivables, compute_kpis
from revcycle.reports.kpis import DEFAULT_PERIOD_DAYS
from revcycle.services import audit
from revcycle.store.uow import UnitOfWork


def ar_aging(uow: UnitOfWork, user: User, as_of: date | None = None) -> AgingReport:
    with uow:
        user.require(Permission.READ_LEDGER)
        day = as_of or uow.clock.today()
        repository = uow.reporting
        report = age_receivables(repository.ledger_facts(day), day, repository.payer_names())
        audit.record(uow, user, audit.Action.READ, "report", "ar_aging",
                     f"as_of={day.isoformat()} patients={len(report.patients)}")
        return report


def kpis(uow: UnitOfWork, user: User, as_of: date | None = None, period_days: int = DEFAULT_PERIOD_DAYS) -> Kpis:
    with uow:
        user.require(Permission.READ_LEDGER)
        day = as_of or uow.clock.today()
        repository = uow.reporting
        facts = repository.ledger_facts(day)
        aging = age_receivables(facts, day)
        result = compute_kpis(day, facts, repository.first_scrub_outcomes(), repository.adjudications(), aging,
                              period_days)
        audit.record(uow, user, audit.Action.READ, "report", "kpis", f"as_of={day.isoformat()}")
        return result
