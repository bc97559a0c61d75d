"""Rows of the claim's way back (`tables_remit`): submitted claims and lines, remittances, their
claims, exceptions, denials, X12 control numbers, clearinghouse batches.

Bound to the unit of work's connection: `RemittanceRepository(uow.connection)`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, insert, select, update

from revcycle.store.tables import payers
from revcycle.store.tables_remit import (
    clearinghouse_batches,
    denials,
    remit_exceptions,
    remittance_claims,
    remittances,
    submitted_claim_lines,
    submitted_claims,
    x12_control_numbers,
)


@dataclass(frozen=True, slots=True)
class SubmittedLineRow:
    id: int
    line_number: int
    control_number: str
    service_line_id: int | None
    procedure_code: str
    modifiers: tuple[str, ...]
    service_date: date
    units: int
    charge_cents: int


@dataclass(frozen=True, slots=True)
class SubmittedClaimRow:
    id: int
    claim_control_number: str
    patient_id: int
    payer_id: int
    next_payer_id: int | None
    charge_cents: int
    lines: tuple[SubmittedLineRow, ...]
    claim_reference: str = ""

    @property
    def ledger_claim_id(self) -> int:
        """The claim id journal lines carry: the claims package's claim row when known, else ours."""
        return int(self.claim_reference) if self.claim_reference.isdigit() else self.id


class RemittanceRepository:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    # --- submitted claims ------------------------------------------------------------------
    def add_submitted_claim(self, values: dict, lines: list[dict]) -> int:
        claim_id = self._connection.scalar(
            insert(submitted_claims).values(values).returning(submitted_claims.c.id)
        )
        if lines:
            self._connection.execute(
                insert(submitted_claim_lines), [line | {"submitted_claim_id": claim_id} for line in lines]
            )
        return claim_id  # type: ignore[return-value]

    def submitted_claims(self, control_numbers: list[str]) -> dict[str, SubmittedClaimRow]:
        found: dict[str, SubmittedClaimRow] = {}
        for start in range(0, len(control_numbers), 500):
            found |= self._submitted_chunk(control_numbers[start : start + 500])
        return found

    def _submitted_chunk(self, control_numbers: list[str]) -> dict[str, SubmittedClaimRow]:
        claim_rows = self._connection.execute(
            select(submitted_claims).where(submitted_claims.c.claim_control_number.in_(control_numbers))
        ).all()
        ids = [row.id for row in claim_rows]
        lines: dict[int, list[SubmittedLineRow]] = defaultdict(list)
        query = select(submitted_claim_lines).where(submitted_claim_lines.c.submitted_claim_id.in_(ids))
        for row in self._connection.execute(query.order_by(submitted_claim_lines.c.line_number)):
            modifiers = tuple(m for m in row.modifiers.split(",") if m)
            lines[row.submitted_claim_id].append(
                SubmittedLineRow(
                    row.id,
                    row.line_number,
                    row.control_number,
                    row.service_line_id,
                    row.procedure_code,
                    modifiers,
                    row.service_date,
                    row.units,
                    row.charge_cents,
                )  # fmt: skip
            )
        return {
            row.claim_control_number: SubmittedClaimRow(
                row.id,
                row.claim_control_number,
                row.patient_id,
                row.payer_id,
                row.next_payer_id,
                row.charge_cents,
                tuple(lines[row.id]),
                row.claim_reference,
            )  # fmt: skip
            for row in claim_rows
        }

    def set_claim_status(self, claim_ids: list[int], status: str, detail: str = "") -> None:
        if claim_ids:
            statement = update(submitted_claims).where(submitted_claims.c.id.in_(claim_ids))
            self._connection.execute(statement.values(status=status, status_detail=detail[:500]))

    def claim_statuses(self) -> dict[str, tuple[str, str]]:
        query = select(
            submitted_claims.c.claim_control_number,
            submitted_claims.c.status,
            submitted_claims.c.status_detail,
        )
        return {row[0]: (row[1], row[2]) for row in self._connection.execute(query)}

    # --- remittances -----------------------------------------------------------------------
    def remittance_by_digest(self, digest: str):  # noqa: ANN201 - a Row
        return self._connection.execute(select(remittances).where(remittances.c.digest == digest)).first()

    def posted_trace(self, payer_code: str, trace_number: str):  # noqa: ANN201 - a Row
        query = select(remittances).where(
            remittances.c.payer_code == payer_code,
            remittances.c.trace_number == trace_number,
            remittances.c.status == "posted",
        )
        return self._connection.execute(query).first()

    def add_remittance(self, values: dict) -> int:
        return self._connection.scalar(insert(remittances).values(values).returning(remittances.c.id))  # type: ignore[return-value]

    def add_remittance_claims(self, rows: list[dict]) -> list[int]:
        if not rows:
            return []
        statement = insert(remittance_claims).returning(remittance_claims.c.id, sort_by_parameter_order=True)
        return [row[0] for row in self._connection.execute(statement, rows)]

    def payment_to_reverse(self, claim_control_number: str, payer_claim_number: str):  # noqa: ANN201 - a Row
        """The latest posted, not yet reversed, non-reversal payment of the claim (same payer claim number if given)."""
        reversed_ids = select(remittance_claims.c.reverses_id).where(
            remittance_claims.c.reverses_id.is_not(None)
        )
        query = select(remittance_claims).where(
            remittance_claims.c.claim_control_number == claim_control_number,
            remittance_claims.c.outcome == "posted",
            remittance_claims.c.status_code != "22",
            remittance_claims.c.id.not_in(reversed_ids),
        )
        if payer_claim_number:
            query = query.where(remittance_claims.c.payer_claim_number == payer_claim_number)
        return self._connection.execute(query.order_by(remittance_claims.c.id.desc())).first()

    # --- exceptions and denials ------------------------------------------------------------
    def add_exceptions(self, rows: list[dict]) -> None:
        if rows:
            self._connection.execute(insert(remit_exceptions), rows)

    def add_denials(self, rows: list[dict]) -> None:
        if rows:
            self._connection.execute(insert(denials), rows)

    def open_exceptions(self) -> list:
        query = select(remit_exceptions).where(remit_exceptions.c.resolved_at.is_(None))
        return list(self._connection.execute(query.order_by(remit_exceptions.c.id)))

    def resolve_exception(self, exception_id: int, at: datetime) -> str:
        """Mark an exception resolved: "resolved", "already_resolved" or "not_found"."""
        row = self._connection.execute(select(remit_exceptions.c.resolved_at)
                                       .where(remit_exceptions.c.id == exception_id)).first()  # fmt: skip
        if row is None:
            return "not_found"
        if row.resolved_at is not None:
            return "already_resolved"
        self._connection.execute(update(remit_exceptions).where(remit_exceptions.c.id == exception_id)
                                 .values(resolved_at=at))  # fmt: skip
        return "resolved"

    def open_denials(self) -> list:
        query = select(denials).where(denials.c.status == "open").order_by(denials.c.id)
        return list(self._connection.execute(query))

    def close_denials_of(self, remittance_claim_ids: list[int], status: str) -> None:
        """The payer took its decision back (a reversal): its open denials are no longer work."""
        if remittance_claim_ids:
            statement = update(denials).where(
                denials.c.remittance_claim_id.in_(remittance_claim_ids), denials.c.status == "open"
            )
            self._connection.execute(statement.values(status=status))

    def payer_id_by_code(self, payer_code: str) -> int | None:
        return (
            self._connection.scalar(select(payers.c.id).where(payers.c.payer_code == payer_code))
            if payer_code
            else None
        )

    # --- control numbers and batches -------------------------------------------------------
    def next_interchange_number(self, partner: str) -> int:
        """The next ISA13/GS06 for `partner`, persisted (locked on PostgreSQL, BEGIN IMMEDIATE on SQLite)."""
        query = select(x12_control_numbers.c.last_interchange).where(x12_control_numbers.c.partner == partner)
        last = self._connection.scalar(query.with_for_update())
        if last is None:
            self._connection.execute(insert(x12_control_numbers).values(partner=partner, last_interchange=1))
            return 1
        statement = update(x12_control_numbers).where(x12_control_numbers.c.partner == partner)
        self._connection.execute(statement.values(last_interchange=last + 1))
        return last + 1

    def add_batch(self, values: dict) -> int:
        return self._connection.scalar(
            insert(clearinghouse_batches).values(values).returning(clearinghouse_batches.c.id)
        )  # type: ignore[return-value]

    def batch_by_interchange(self, partner: str, number: int):  # noqa: ANN201 - a Row
        query = select(clearinghouse_batches).where(
            clearinghouse_batches.c.partner == partner,
            clearinghouse_batches.c.interchange_control_number == number,
        )
        return self._connection.execute(query).first()

    def set_batch_status(self, batch_id: int, status: str, detail: str, at: datetime | None = None) -> None:
        statement = update(clearinghouse_batches).where(clearinghouse_batches.c.id == batch_id)
        self._connection.execute(statement.values(status=status, status_detail=detail[:500]))

    def claims_of_batch(self, batch_id: int) -> list[tuple[int, str]]:
        query = select(submitted_claims.c.id, submitted_claims.c.claim_control_number).where(
            submitted_claims.c.batch_id == batch_id
        )
        return [(row[0], row[1]) for row in self._connection.execute(query)]
