"""The front desk's reads and writes beyond one patient's record: patient search (paged, sorted), the
re-pointing a merge does, check-ins, and the names the forms offer (providers, facilities, payers).

Search compares the stored name keys (`patient_search.name_key`) by prefix, so it is case- and
accent-insensitive and uses the index on `last_name_key`; a member id is matched on any of the
patient's coverages (upper case, without spaces or dashes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, update

from revcycle.practice.patient_search import NameMatch, PatientQuery, PatientSort
from revcycle.store.repositories.listing import Page, paged_rows
from revcycle.store.repositories.rows import Repository
from revcycle.store.tables import coverages, encounters, facilities, payers, rendering_providers
from revcycle.store.tables import patients as patient_rows
from revcycle.store.tables_followup import eligibility_checks
from revcycle.store.tables_front_desk import check_ins

_SORTS = {
    PatientSort.NAME: (
        patient_rows.c.last_name_key,
        patient_rows.c.first_name_key,
        patient_rows.c.birth_date,
    ),
    PatientSort.BIRTH_DATE: (patient_rows.c.birth_date, patient_rows.c.last_name_key),
    PatientSort.ACCOUNT: (patient_rows.c.account_number,),
    PatientSort.NEWEST: (patient_rows.c.id.desc(),),
}


@dataclass(frozen=True, slots=True)
class Choice:
    """Something a form offers by name: a rendering provider, a facility (with its POS), a payer."""

    id: int
    name: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class CheckInRecord:
    id: int
    idempotency_key: str
    encounter_id: int
    patient_id: int
    date_of_service: date
    copay_cents: int
    copay_method: str
    copay_reference: str
    journal_entry_id: int | None
    checked_in_at: datetime


def _name_condition(match: NameMatch) -> ColumnElement[bool]:
    parts = []
    if match.last:
        parts.append(patient_rows.c.last_name_key.startswith(match.last, autoescape=True))
    if match.first:
        parts.append(patient_rows.c.first_name_key.startswith(match.first, autoescape=True))
    return and_(*parts)


def _conditions(query: PatientQuery) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if not query.include_merged:
        found.append(patient_rows.c.merged_into_id.is_(None))
    if query.names:
        found.append(or_(*(_name_condition(match) for match in query.names)))
    if query.birth_date is not None:
        found.append(patient_rows.c.birth_date == query.birth_date)
    if query.account_number:
        found.append(patient_rows.c.account_number == query.account_number)
    if query.member_id:
        member = func.upper(func.replace(func.replace(coverages.c.member_id, " ", ""), "-", ""))
        found.append(exists().where(coverages.c.patient_id == patient_rows.c.id, member == query.member_id))
    return found


class FrontDeskRepository(Repository):
    def search(self, query: PatientQuery, page: Page) -> tuple[list[int], int]:
        """One page of the ids of the patients matching every criterion, in the query's order (id breaks
        ties), and how many match in all."""
        statement = select(patient_rows.c.id).where(*_conditions(query))
        statement = statement.order_by(*_SORTS[query.sort], patient_rows.c.id)
        rows, total = paged_rows(self._connection, statement, page)
        return [row[0] for row in rows], total

    def repoint_for_merge(self, duplicate_id: int, survivor_id: int, moved: tuple[int, ...],
                          linked: dict[int, int]) -> int:  # fmt: skip
        """Move the duplicate's coverages `moved`, link `linked` (duplicate coverage -> survivor's), bill its
        visits to the linked coverages' twins, and move its encounters and eligibility answers to the
        survivor. The number of encounters moved."""
        if moved:
            self._connection.execute(
                update(coverages).where(coverages.c.id.in_(moved)).values(patient_id=survivor_id)
            )
        for duplicate_coverage, twin in linked.items():
            self._connection.execute(
                update(coverages).where(coverages.c.id == duplicate_coverage).values(merged_into_id=twin)
            )
            self._connection.execute(
                update(encounters)
                .where(encounters.c.coverage_id == duplicate_coverage)
                .values(coverage_id=twin)
            )
        self._connection.execute(
            update(eligibility_checks).where(eligibility_checks.c.patient_id == duplicate_id)
            .values(patient_id=survivor_id)
        )  # fmt: skip
        result = self._connection.execute(
            update(encounters).where(encounters.c.patient_id == duplicate_id).values(patient_id=survivor_id)
        )
        return int(result.rowcount or 0)

    def check_in_by_key(self, key: str) -> CheckInRecord | None:
        row = self._connection.execute(select(check_ins).where(check_ins.c.idempotency_key == key)).first()
        return None if row is None else _check_in_from(row)

    def add_check_in(self, values: dict[str, Any]) -> CheckInRecord:
        check_in_id = self._insert(check_ins, values)
        return _check_in_from(self._row(check_ins, check_in_id, "check-in"))

    def check_ins_of(self, patient_ids: list[int], limit: int = 20) -> list[CheckInRecord]:
        """The latest check-ins of these patients (a survivor and the records merged into it), newest first."""
        query = (
            select(check_ins).where(check_ins.c.patient_id.in_(patient_ids))
            .order_by(check_ins.c.date_of_service.desc(), check_ins.c.id.desc()).limit(limit)
        )  # fmt: skip
        return [_check_in_from(row) for row in self._connection.execute(query)]

    def rendering_providers(self) -> list[Choice]:
        table = rendering_providers
        query = select(table.c.id, table.c.first_name, table.c.last_name, table.c.npi)
        rows = self._connection.execute(query.order_by(table.c.last_name, table.c.first_name, table.c.id))
        return [Choice(row.id, f"{row.last_name}, {row.first_name}", f"NPI {row.npi}") for row in rows]

    def facilities(self) -> list[Choice]:
        query = select(facilities.c.id, facilities.c.name, facilities.c.place_of_service)
        rows = self._connection.execute(query.order_by(facilities.c.name, facilities.c.id))
        return [Choice(row.id, row.name, row.place_of_service) for row in rows]

    def payers(self) -> list[Choice]:
        query = select(payers.c.id, payers.c.name, payers.c.payer_code).order_by(payers.c.name, payers.c.id)
        return [Choice(row.id, row.name, row.payer_code) for row in self._connection.execute(query)]


def _check_in_from(row: Any) -> CheckInRecord:
    return CheckInRecord(
        row.id, row.idempotency_key, row.encounter_id, row.patient_id, row.date_of_service, row.copay_cents,
        row.copay_method, row.copay_reference, row.journal_entry_id, row.checked_in_at,
    )  # fmt: skip
