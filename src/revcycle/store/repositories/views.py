"""Read models for the pages and lists people look at (the coder queue, a claim's latest scrub, links by
claim number): set-based queries that return plain values, so the web, the API and the CLI never write SQL.

Bound to the unit of work: `uow.views`. The caller (a service) checks the permission and audits what it
shows; these return ids, numbers, counts and codes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select

from revcycle.store.repositories.rows import Repository
from revcycle.store.tables import encounters, users
from revcycle.store.tables_claims import claim_batch_claims, claim_batches, claims
from revcycle.store.tables_coding import coding_decisions, coding_finalizations
from revcycle.store.tables_remit import remittances


@dataclass(frozen=True, slots=True)
class WaitingEncounter:
    """An encounter in the coder queue and how many coding decisions it has so far."""

    encounter_id: int
    decisions: int


@dataclass(frozen=True, slots=True)
class LatestScrub:
    """A claim's latest scrub: its batch, whether it was clean, the findings (dicts as stored) and the
    837P file the batch went out in ("" until exported)."""

    batch_id: int
    clean: bool
    findings: list[dict[str, Any]]
    file_name: str


class ViewRepository(Repository):
    # --- the coder queue ---------------------------------------------------------------------
    @staticmethod
    def _waiting() -> ColumnElement[bool]:
        """Encounters with no claim and no coding finalization."""
        billed = select(claims.c.encounter_id).where(claims.c.encounter_id.is_not(None))
        finalized = select(coding_finalizations.c.encounter_id)
        return encounters.c.id.not_in(billed) & encounters.c.id.not_in(finalized)

    def waiting_encounters(self, limit: int) -> list[WaitingEncounter]:
        """The first `limit` encounters waiting to be coded, oldest date of service first (then by id)."""
        decided = (
            select(coding_decisions.c.encounter_id, func.count().label("decisions"))
            .group_by(coding_decisions.c.encounter_id)
            .subquery()
        )
        query = (
            select(encounters.c.id, func.coalesce(decided.c.decisions, 0).label("decisions"))
            .outerjoin(decided, decided.c.encounter_id == encounters.c.id)
            .where(self._waiting())
            .order_by(encounters.c.date_of_service, encounters.c.id)
            .limit(limit)
        )
        return [WaitingEncounter(row.id, int(row.decisions)) for row in self._connection.execute(query)]

    def waiting_encounter_count(self) -> int:
        """How many encounters wait to be coded in all."""
        query = select(func.count()).select_from(encounters).where(self._waiting())
        return int(self._connection.execute(query).scalar_one())

    def user_name(self, user_id: int) -> str | None:
        """The username of a user id (who finalized, who posted); None for an unknown id."""
        return self._connection.execute(select(users.c.username).where(users.c.id == user_id)).scalar()

    # --- claims --------------------------------------------------------------------------------
    def latest_scrubs(self, claim_ids: Iterable[int]) -> dict[int, LatestScrub]:
        """Each claim's latest scrub (claims never scrubbed are left out)."""
        wanted = sorted(set(claim_ids))
        if not wanted:
            return {}
        query = (
            select(claim_batch_claims.c.claim_id, claim_batch_claims.c.batch_id, claim_batch_claims.c.clean,
                   claim_batch_claims.c.findings, claim_batches.c.file_name)
            .join(claim_batches, claim_batches.c.id == claim_batch_claims.c.batch_id)
            .where(claim_batch_claims.c.claim_id.in_(wanted))
            .order_by(claim_batch_claims.c.id)
        )  # fmt: skip
        return {  # in scrub order, so the latest scrub of a claim is the one kept
            row.claim_id: LatestScrub(row.batch_id, bool(row.clean), json.loads(row.findings or "[]"), row.file_name or "")
            for row in self._connection.execute(query)
        }  # fmt: skip

    # --- remittances ---------------------------------------------------------------------------
    def newest_remittances(self, limit: int) -> list[Any]:
        """The `limit` remittances received last (rows of `remittances`), newest first."""
        query = select(remittances).order_by(remittances.c.id.desc()).limit(limit)
        return list(self._connection.execute(query))
