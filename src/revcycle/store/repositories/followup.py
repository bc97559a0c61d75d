"""Rows of the follow-up tables (`tables_followup`): eligibility checks, claim status checks,
the per-payer claim status wait, and the reads that pick what to check.

Bound to the unit of work: `uow.followup`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Date, and_, func, insert, not_, select

from revcycle.claims.model import ClaimStatus, Frequency
from revcycle.store.repositories.rows import Repository
from revcycle.store.tables import billing_providers, encounters
from revcycle.store.tables_claims import claim_lines, claims
from revcycle.store.tables_followup import claim_status_checks, eligibility_checks, payer_followup_settings

DEFAULT_CLAIM_STATUS_DAYS = 30
AWAITING = (ClaimStatus.SUBMITTED.value, ClaimStatus.ACCEPTED.value)  # sent, no decision from the payer yet


@dataclass(frozen=True, slots=True)
class StaleClaim:
    id: int
    claim_control_number: str
    patient_id: int
    payer_id: int
    charge_cents: int
    submitted_at: datetime
    first_service_date: date
    last_service_date: date


class FollowupRepository(Repository):
    # --- eligibility -------------------------------------------------------------------------
    def add_eligibility_check(self, values: dict) -> int:
        statement = insert(eligibility_checks).values(values).returning(eligibility_checks.c.id)
        return self._connection.scalar(statement)  # type: ignore[return-value]

    def latest_eligibility(self, encounter_ids: list[int]) -> dict[int, object]:
        """encounter id -> its latest eligibility check row (encounters never checked are absent)."""
        if not encounter_ids:
            return {}
        latest = (
            select(func.max(eligibility_checks.c.id))
            .where(eligibility_checks.c.encounter_id.in_(encounter_ids))
            .group_by(eligibility_checks.c.encounter_id)
        )
        rows = self._connection.execute(select(eligibility_checks).where(eligibility_checks.c.id.in_(latest)))
        return {row.encounter_id: row for row in rows}

    def eligibility_checks_of(self, patient_id: int) -> list:
        query = select(eligibility_checks).where(eligibility_checks.c.patient_id == patient_id)
        return list(self._connection.execute(query.order_by(eligibility_checks.c.id)))

    def encounters_on(self, day: date) -> list[tuple[int, int]]:
        """(encounter id, patient id) of every encounter on `day`, in id order."""
        query = select(encounters.c.id, encounters.c.patient_id).where(encounters.c.date_of_service == day)
        return [(row[0], row[1]) for row in self._connection.execute(query.order_by(encounters.c.id))]

    def encounter_on(self, patient_id: int, day: date) -> int | None:
        query = select(encounters.c.id).where(
            encounters.c.patient_id == patient_id, encounters.c.date_of_service == day
        )
        return self._connection.scalar(query.order_by(encounters.c.id.desc()).limit(1))

    def first_billing_provider_id(self) -> int | None:
        """The practice's billing provider when no encounter names one (a practice usually has one)."""
        return self._connection.scalar(select(func.min(billing_providers.c.id)))

    # --- claim status ------------------------------------------------------------------------
    def set_claim_status_days(self, payer_id: int, days: int) -> None:
        table = payer_followup_settings
        self._connection.execute(table.delete().where(table.c.payer_id == payer_id))
        self._connection.execute(insert(table).values(payer_id=payer_id, claim_status_after_days=days))

    def claim_status_days(self) -> dict[int, int]:
        rows = self._connection.execute(select(payer_followup_settings))
        return {row.payer_id: row.claim_status_after_days for row in rows}

    def stale_claims(self, now: datetime, days: int | None = None) -> list[StaleClaim]:
        """Claims awaiting the payer (sent, not decided) for more than `days` (else the payer's setting,
        else 30 days). A void claim whose original the payer has reversed (closed) awaits nothing."""
        per_payer = self.claim_status_days()
        dates = (
            select(claim_lines.c.claim_id, func.min(claim_lines.c.service_date, type_=Date).label("first"),
                   func.max(func.coalesce(claim_lines.c.service_date_to, claim_lines.c.service_date),
                            type_=Date).label("last"))  # typed: SQLite gives an aggregate back as text
            .group_by(claim_lines.c.claim_id)
            .subquery()
        )  # fmt: skip
        original = claims.alias("original")
        answered_void = and_(claims.c.frequency == Frequency.VOID.value, original.c.status == ClaimStatus.CLOSED.value)
        query = (
            select(claims, dates.c.first, dates.c.last)
            .join(dates, dates.c.claim_id == claims.c.id)
            .outerjoin(original, original.c.claim_number == claims.c.original_claim_number)
            .where(claims.c.status.in_(AWAITING), claims.c.submitted_at.is_not(None), claims.c.payer_id.is_not(None),
                   not_(answered_void))
            .order_by(claims.c.submitted_at, claims.c.id)  # the longest waiting first
        )  # fmt: skip
        found = []
        for row in self._connection.execute(query):
            wait = days if days is not None else per_payer.get(row.payer_id, DEFAULT_CLAIM_STATUS_DAYS)
            submitted_at = row.submitted_at if row.submitted_at.tzinfo else row.submitted_at.replace(tzinfo=now.tzinfo)
            if submitted_at <= now - timedelta(days=wait):
                found.append(StaleClaim(row.id, row.claim_number, row.patient_id, row.payer_id, row.total_charge_cents,
                                        submitted_at, row.first, row.last))  # fmt: skip
        return found

    def add_claim_status_check(self, values: dict) -> int:
        statement = insert(claim_status_checks).values(values).returning(claim_status_checks.c.id)
        return self._connection.scalar(statement)  # type: ignore[return-value]

    def claim_status_checks_of(self, claim_id: int) -> list:
        query = select(claim_status_checks).where(claim_status_checks.c.claim_id == claim_id)
        return list(self._connection.execute(query.order_by(claim_status_checks.c.id)))

