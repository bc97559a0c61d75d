"""The claims list as a biller works it (`uow.claim_worklist`): filters (status, payer, dates of service,
age), a search (claim number, payer's claim number or patient name), a sort, and one page, with the patient's
and the payer's names read in the same statement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, or_, select

from revcycle.store.repositories.listing import Page, paged_rows
from revcycle.store.repositories.rows import Repository
from revcycle.store.tables import patients, payers
from revcycle.store.tables_claims import claims

SORTS = {
    "number": claims.c.claim_number,
    "dos": claims.c.first_service_date,
    "charge": claims.c.total_charge_cents,
    "status": claims.c.status,
    "patient": patients.c.last_name,
    "payer": payers.c.name,
}


@dataclass(frozen=True, slots=True)
class ClaimFilters:
    status: str | None = None
    payer_id: int | None = None
    dos_from: date | None = None
    dos_to: date | None = None
    older_than_days: int | None = None  # first date of service at least this many days before `today`
    younger_than_days: int | None = None  # ... and fewer than this many
    search: str = ""  # claim number or payer's claim number (prefix), or the patient's last name (prefix)
    sort: str = "number"
    descending: bool = False
    patient_id: int | None = None


@dataclass(frozen=True, slots=True)
class ClaimRow:
    id: int
    claim_number: str
    status: str
    version: int
    first_service_date: date
    total_charge_cents: int
    patient_id: int
    patient_name: str
    payer_id: int | None
    payer_name: str
    payer_claim_number: str
    encounter_id: int | None = None


class ClaimWorklistRepository(Repository):
    def page(self, filters: ClaimFilters, today: date, page: Page) -> tuple[list[ClaimRow], int]:
        rows, total = paged_rows(self._connection, self._query(filters, today), page)
        return [ClaimRow(row.id, row.claim_number, row.status, row.version, row.first_service_date,
                         row.total_charge_cents, row.patient_id, f"{row.last_name}, {row.first_name}", row.payer_id,
                         row.payer_name or "self-pay", row.payer_claim_control_number, row.encounter_id)
                for row in rows], total  # fmt: skip

    def _query(self, filters: ClaimFilters, today: date) -> Select:
        query = (
            select(claims.c.id, claims.c.claim_number, claims.c.status, claims.c.version, claims.c.first_service_date,
                   claims.c.total_charge_cents, claims.c.patient_id, claims.c.payer_id,
                   claims.c.payer_claim_control_number, claims.c.encounter_id, patients.c.last_name, patients.c.first_name,
                   payers.c.name.label("payer_name"))
            .join(patients, patients.c.id == claims.c.patient_id)
            .outerjoin(payers, payers.c.id == claims.c.payer_id)
        )  # fmt: skip
        for condition in _conditions(filters, today):
            query = query.where(condition)
        column = SORTS.get(filters.sort, claims.c.claim_number)
        return query.order_by(column.desc() if filters.descending else column.asc(), claims.c.id)


def _conditions(filters: ClaimFilters, today: date) -> list:  # noqa: ANN401 - SQL expressions
    found = []
    if filters.status:
        found.append(claims.c.status == filters.status)
    if filters.payer_id is not None:
        found.append(claims.c.payer_id == filters.payer_id)
    if filters.patient_id is not None:
        found.append(claims.c.patient_id == filters.patient_id)
    if filters.dos_from is not None:
        found.append(claims.c.first_service_date >= filters.dos_from)
    if filters.dos_to is not None:
        found.append(claims.c.first_service_date <= filters.dos_to)
    if filters.older_than_days is not None:
        found.append(
            claims.c.first_service_date <= date.fromordinal(today.toordinal() - filters.older_than_days)
        )
    if filters.younger_than_days is not None:
        found.append(
            claims.c.first_service_date > date.fromordinal(today.toordinal() - filters.younger_than_days)
        )
    if text := filters.search.strip():
        lowered = text.lower()
        found.append(or_(func.lower(claims.c.claim_number).startswith(lowered, autoescape=True),
                         func.lower(claims.c.payer_claim_control_number).startswith(lowered, autoescape=True),
                         func.lower(patients.c.last_name).startswith(lowered, autoescape=True)))  # fmt: skip
    return found
