"""Rows of the underpayment queue (`tables_underpayments`): the practice's contracts, the remitted
lines an 835 posting recorded, and the queue itself. Bound to `uow.connection`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, insert, select, update
from sqlalchemy.orm import aliased

from revcycle.store.repositories.rows import Repository
from revcycle.store.tables import payers
from revcycle.store.tables_remit import remittance_claims
from revcycle.store.tables_underpayments import payer_contracts, remitted_lines, underpayments

CHECKED_STATUSES = (
    "1",
    "2",
    "3",
)  # processed as primary, secondary, tertiary (not denied 4, not reversal 22)


@dataclass(frozen=True, slots=True)
class RemittedLineRow:
    id: int
    remittance_claim_id: int
    line_number: int
    payer_id: int
    procedure_code: str
    modifiers: tuple[str, ...]
    service_date: date
    units: int
    charge_cents: int
    paid_cents: int
    patient_cents: int
    reported_allowed_cents: int | None
    status_code: str = "1"  # the remitted claim's CLP02


class UnderpaymentRepository(Repository):
    def set_contract(self, payer_id: int, terms: str, source: str, at: datetime) -> None:
        values = {"terms": terms, "source": source[:200], "loaded_at": at}
        done = self._connection.execute(
            update(payer_contracts).where(payer_contracts.c.payer_id == payer_id).values(values)
        )
        if done.rowcount == 0:
            self._connection.execute(insert(payer_contracts).values(values | {"payer_id": payer_id}))

    def contract_terms(self) -> dict[int, str]:
        rows = self._connection.execute(select(payer_contracts.c.payer_id, payer_contracts.c.terms))
        return {row.payer_id: row.terms for row in rows}

    def add_remitted_lines(self, rows: list[dict]) -> None:
        if rows:
            self._connection.execute(insert(remitted_lines), rows)

    def lines_to_check(self, remittance_id: int | None = None) -> list[RemittedLineRow]:
        """Lines of posted paid claims (CLP02 1/2/3) that no later remitted claim reversed."""
        reversal = aliased(remittance_claims)
        query = (
            select(remitted_lines, remittance_claims.c.status_code)
            .join(remittance_claims, remittance_claims.c.id == remitted_lines.c.remittance_claim_id)
            .outerjoin(reversal, reversal.c.reverses_id == remittance_claims.c.id)
            .where(
                remittance_claims.c.status_code.in_(CHECKED_STATUSES),
                remittance_claims.c.outcome == "posted",
                reversal.c.id.is_(None),
            )
            .order_by(remitted_lines.c.id)
        )
        if remittance_id is not None:
            query = query.where(remittance_claims.c.remittance_id == remittance_id)
        return [
            RemittedLineRow(
                r.id,
                r.remittance_claim_id,
                r.line_number,
                r.payer_id,
                r.procedure_code,
                tuple(m for m in r.modifiers.split(",") if m),
                r.service_date,
                r.units,
                r.charge_cents,
                r.paid_cents,
                r.patient_cents,
                r.reported_allowed_cents,
                r.status_code,
            )  # fmt: skip
            for r in self._connection.execute(query)
        ]

    def reversed_open_items(self) -> list[int]:
        """Open underpayments whose remitted claim a later remitted claim (CLP02 22) reversed."""
        reversal = aliased(remittance_claims)
        query = (
            select(underpayments.c.id)
            .join(remitted_lines, remitted_lines.c.id == underpayments.c.remitted_line_id)
            .join(reversal, reversal.c.reverses_id == remitted_lines.c.remittance_claim_id)
            .where(underpayments.c.status == "open")
            .order_by(underpayments.c.id)
        )
        return [row.id for row in self._connection.execute(query)]

    def set_status(self, underpayment_ids: list[int], status: str, at: datetime) -> None:
        if underpayment_ids:
            self._connection.execute(
                update(underpayments)
                .where(underpayments.c.id.in_(underpayment_ids))
                .values(status=status, resolved_at=at)
            )

    def queued_line_ids(self, line_ids: list[int]) -> set[int]:
        key = underpayments.c.remitted_line_id
        return {row.remitted_line_id for rows in self._rows_in(key, line_ids, key) for row in rows}

    def add_underpayments(self, rows: list[dict]) -> list[int]:
        """Insert in one statement; returns the new ids in the order of `rows`."""
        if not rows:
            return []
        self._connection.execute(insert(underpayments), rows)
        line_ids = [row["remitted_line_id"] for row in rows]
        key = underpayments.c.remitted_line_id
        by_line = {row.remitted_line_id: row.id for rows in self._rows_in(key, line_ids, underpayments.c.id, key)
                   for row in rows}  # fmt: skip
        return [by_line[line_id] for line_id in line_ids]

    def queue(self, statuses: tuple[str, ...] = ("open",), payer_code: str | None = None) -> list:
        query = (
            select(
                underpayments,
                remitted_lines.c.claim_control_number,
                remitted_lines.c.procedure_code,
                remitted_lines.c.modifiers,
                remitted_lines.c.service_date,
                remitted_lines.c.units,
                payers.c.payer_code,
                payers.c.name.label("payer_name"),
            )
            .join(remitted_lines, remitted_lines.c.id == underpayments.c.remitted_line_id)
            .join(payers, payers.c.id == underpayments.c.payer_id)
            .where(underpayments.c.status.in_(statuses))
            .order_by(underpayments.c.id)
        )
        if payer_code is not None:
            query = query.where(payers.c.payer_code == payer_code)
        return list(self._connection.execute(query))

    def resolve(self, underpayment_id: int, status: str, at: datetime) -> str:
        """'resolved', 'not_found' or 'already_resolved' (only an open item changes)."""
        done = self._connection.execute(
            update(underpayments)
            .where(and_(underpayments.c.id == underpayment_id, underpayments.c.status == "open"))
            .values(status=status, resolved_at=at)
        )
        if done.rowcount:
            return "resolved"
        exists = self._connection.execute(
            select(underpayments.c.id).where(underpayments.c.id == underpayment_id)
        )
        return "already_resolved" if exists.first() else "not_found"
