"""Paged lists for the API and the web pages: patients, a patient's encounters, claims, users.

Each list returns `(ids or summary rows, total)`; the caller (a service) loads and audits what it
shows. Pages are `limit`/`offset` over a stable order (id ascending).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, Select, func, select

from revcycle.practice.users import User
from revcycle.store.repositories.rows import Repository, where_given
from revcycle.store.tables import encounters, patients, users
from revcycle.store.tables_claims import claims


@dataclass(frozen=True, slots=True)
class Page:
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class ClaimSummary:
    id: int
    claim_number: str
    patient_id: int
    payer_id: int | None
    encounter_id: int | None
    status: str
    version: int
    first_service_date: date
    total_charge_cents: int


def paged_rows(connection: Connection, query: Select, page: Page) -> tuple[list, int]:
    """One page of the query's rows, and how many rows it has in all."""
    total = int(connection.scalar(select(func.count()).select_from(query.subquery())) or 0)
    return list(connection.execute(query.limit(page.limit).offset(page.offset))), total


class ListingRepository(Repository):
    def _paged_ids(self, query: Select, page: Page) -> tuple[list[int], int]:
        rows, total = paged_rows(self._connection, query, page)
        return [row[0] for row in rows], total

    def patient_ids(self, page: Page, last_name_prefix: str | None = None) -> tuple[list[int], int]:
        query = select(patients.c.id).order_by(patients.c.id)
        if last_name_prefix:
            query = query.where(func.lower(patients.c.last_name).startswith(last_name_prefix.lower(), autoescape=True))
        return self._paged_ids(query, page)

    def encounter_ids(self, page: Page, patient_id: int | None = None) -> tuple[list[int], int]:
        query = select(encounters.c.id).order_by(encounters.c.id)
        query = where_given(query, (encounters.c.patient_id, patient_id))
        return self._paged_ids(query, page)

    def claims(
        self, page: Page, status: str | None = None, patient_id: int | None = None, payer_id: int | None = None
    ) -> tuple[list[ClaimSummary], int]:
        query = where_given(
            select(claims.c.id).order_by(claims.c.id),
            (claims.c.status, status), (claims.c.patient_id, patient_id), (claims.c.payer_id, payer_id),
        )  # fmt: skip
        ids, total = self._paged_ids(query, page)
        if not ids:
            return [], total
        rows = self._connection.execute(select(claims).where(claims.c.id.in_(ids)).order_by(claims.c.id))
        return [
            ClaimSummary(row.id, row.claim_number, row.patient_id, row.payer_id, row.encounter_id, row.status,
                         row.version, row.first_service_date, row.total_charge_cents)
            for row in rows
        ], total

    def users(self) -> list[User]:
        rows = self._connection.execute(select(users).order_by(users.c.username))
        return [User(row.username, row.role, row.active, row.id) for row in rows]
