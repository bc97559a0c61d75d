"""The facts reports read, fetched in a few set-based queries (reports themselves never query).

- `ledger_facts(until)`: every journal line with its account kind, entry kind and effective date.
- `first_scrub_outcomes()`: per claim, whether its first scrub (lowest batch row) was clean, and its day.
- `adjudications()`: per claim control number, its first posted remittance claim (not a
  reversal), the denial categories recorded on it and the day the remittance was received.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from revcycle.reports.facts import Adjudication, LedgerFact, ScrubOutcome
from revcycle.store.repositories.rows import Repository
from revcycle.store.tables import (
    billing_providers,
    journal_entries,
    journal_lines,
    ledger_accounts,
    patients,
    payers,
    service_lines,
)
from revcycle.store.tables_claims import claim_batch_claims, claim_batches, claims
from revcycle.store.tables_remit import denials, remittance_claims, remittances


class ReportingRepository(Repository):
    def ledger_facts(self, until: date | None = None) -> list[LedgerFact]:
        query = (
            select(ledger_accounts.c.kind, journal_lines.c.amount_cents, journal_entries.c.kind.label("entry_kind"),
                   journal_entries.c.effective_date, journal_lines.c.patient_id, journal_lines.c.payer_id,
                   journal_lines.c.claim_id, journal_lines.c.service_line_id)
            .join(journal_entries, journal_entries.c.id == journal_lines.c.entry_id)
            .join(ledger_accounts, ledger_accounts.c.id == journal_lines.c.account_id)
            .order_by(journal_lines.c.id)
        )
        if until is not None:
            query = query.where(journal_entries.c.effective_date <= until)
        return [LedgerFact(row.kind, int(row.amount_cents), row.entry_kind, row.effective_date, row.patient_id,
                           row.payer_id, row.claim_id, row.service_line_id)
                for row in self._connection.execute(query)]

    def payer_names(self) -> dict[int, str]:
        return {row.id: row.name for row in self._connection.execute(select(payers.c.id, payers.c.name))}

    def first_scrub_outcomes(self) -> list[ScrubOutcome]:
        first = (select(func.min(claim_batch_claims.c.id).label("id"))
                 .group_by(claim_batch_claims.c.claim_id).subquery())
        query = (select(claim_batch_claims.c.claim_id, claim_batch_claims.c.clean, claim_batches.c.created_at)
                 .join(claim_batches, claim_batches.c.id == claim_batch_claims.c.batch_id)
                 .where(claim_batch_claims.c.id.in_(select(first.c.id))).order_by(claim_batch_claims.c.claim_id))
        return [ScrubOutcome(row.claim_id, bool(row.clean), _utc_day(row.created_at))
                for row in self._connection.execute(query)]

    def adjudications(self) -> list[Adjudication]:
        posted = remittance_claims.c.outcome == "posted"
        first = (select(func.min(remittance_claims.c.id).label("id"))
                 .where(posted, remittance_claims.c.reverses_id.is_(None))
                 .group_by(remittance_claims.c.claim_control_number).subquery())
        rows = self._connection.execute(
            select(remittance_claims, remittances.c.received_at)
            .join(remittances, remittances.c.id == remittance_claims.c.remittance_id)
            .where(remittance_claims.c.id.in_(select(first.c.id)))
            .order_by(remittance_claims.c.id)).all()
        categories: dict[int, set[str]] = defaultdict(set)
        for denial in self._connection.execute(select(denials.c.remittance_claim_id, denials.c.category)):
            categories[denial.remittance_claim_id].add(denial.category)
        return [Adjudication(row.claim_control_number, row.status_code, int(row.paid_cents),
                             frozenset(categories.get(row.id, ())), _utc_day(row.received_at)) for row in rows]

    def patients_owing_or_holding_credit(self) -> list[int]:
        """Patients whose patient AR or unapplied cash is not zero (statement candidates)."""
        kinds = ("patient_ar", "unapplied_cash")
        query = (select(journal_lines.c.patient_id)
                 .join(ledger_accounts, ledger_accounts.c.id == journal_lines.c.account_id)
                 .where(ledger_accounts.c.kind.in_(kinds), journal_lines.c.patient_id.is_not(None))
                 .group_by(journal_lines.c.patient_id)
                 .having(func.sum(journal_lines.c.amount_cents) != 0)
                 .order_by(journal_lines.c.patient_id))
        return [row.patient_id for row in self._connection.execute(query)]

    def service_descriptions(self, keys: Iterable[tuple[int | None, int | None]]) -> dict[tuple, str]:
        """(claim id, service line id) -> what a statement prints: the procedure code, else the claim number."""
        wanted = list(keys)
        line_ids = sorted({line for _, line in wanted if line is not None})
        claim_ids = sorted({claim for claim, _ in wanted if claim is not None})
        codes = {row.id: " ".join(filter(None, (row.procedure_code, row.modifiers.replace(",", " "))))
                 for row in self._connection.execute(
                     select(service_lines.c.id, service_lines.c.procedure_code, service_lines.c.modifiers)
                     .where(service_lines.c.id.in_(line_ids)))} if line_ids else {}
        numbers = {row.id: row.claim_number for row in self._connection.execute(
            select(claims.c.id, claims.c.claim_number).where(claims.c.id.in_(claim_ids)))} if claim_ids else {}
        described = {}
        for claim, line in wanted:
            text = codes.get(line) if line is not None else None
            text = text or (f"claim {numbers[claim]}" if claim in numbers else None)
            if text:
                described[(claim, line)] = text
        return described

    def first_billing_provider_id(self) -> int | None:
        return self._connection.scalar(select(func.min(billing_providers.c.id)))

    def patients_with_guarantor(self, first_name: str, last_name: str, birth_date: date | None) -> list[int]:
        """Patients whose (non-self) guarantor has this name and birth date (callers compare addresses)."""
        query = (select(patients.c.id)
                 .where(func.lower(patients.c.guarantor_first_name) == first_name.lower(),
                        func.lower(patients.c.guarantor_last_name) == last_name.lower(),
                        patients.c.guarantor_birth_date.is_(None) if birth_date is None
                        else patients.c.guarantor_birth_date == birth_date)
                 .order_by(patients.c.id))
        return [row.id for row in self._connection.execute(query)]


def _utc_day(moment: datetime) -> date:
    """The UTC day of a stored timestamp (SQLite gives it back naive, in UTC)."""
    return (moment.astimezone(UTC) if moment.tzinfo else moment).date()
