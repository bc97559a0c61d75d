"""Rows of the claim's way back (`tables_remit`): remittances, their claims, exceptions, denials, X12
control numbers, clearinghouse batches.

Bound to the unit of work: `uow.remittances`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from revcycle.store.repositories.rows import Repository
from revcycle.store.tables import payers
from revcycle.store.tables_remit import (
    clearinghouse_batches,
    denials,
    payment_identities,
    remit_exceptions,
    remittance_claims,
    remittances,
    x12_control_numbers,
)


class RemittanceRepository(Repository):
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

    def claim_payment(self, identity: dict) -> bool:
        """Claim a payment's identity (payer_code, trace_number, trace_originator, paid_cents, claimed_at) for
        the posting under way: False when it is claimed already. The unique constraint decides: a concurrent
        poster's claim waits for the other transaction and fails once that one commits (PostgreSQL), or
        never overlaps (SQLite's BEGIN IMMEDIATE). A savepoint keeps the transaction usable after a refusal."""
        savepoint = self._connection.begin_nested()
        try:
            self._connection.execute(insert(payment_identities).values(identity))
        except IntegrityError:
            savepoint.rollback()
            return False
        savepoint.commit()
        return True

    def link_payment(self, identity: dict, remittance_id: int) -> None:
        """The remittance that posted a claimed payment."""
        keys = ("payer_code", "trace_number", "trace_originator", "paid_cents")
        where = [payment_identities.c[key] == identity[key] for key in keys]
        self._connection.execute(update(payment_identities).where(*where).values(remittance_id=remittance_id))

    def add_remittance(self, values: dict) -> int:
        return self._connection.scalar(insert(remittances).values(values).returning(remittances.c.id))  # type: ignore[return-value]

    def add_remittance_claims(self, rows: list[dict]) -> list[int]:
        if not rows:
            return []
        statement = insert(remittance_claims).returning(remittance_claims.c.id, sort_by_parameter_order=True)
        return [row[0] for row in self._connection.execute(statement, rows)]

    def payment_to_reverse(self, claim_id: int, payer_claim_number: str):  # noqa: ANN201 - a Row
        """The latest posted, not yet reversed, non-reversal payment of the claim (same payer claim number if given)."""
        reversed_ids = select(remittance_claims.c.reverses_id).where(
            remittance_claims.c.reverses_id.is_not(None)
        )
        query = select(remittance_claims).where(
            remittance_claims.c.claim_id == claim_id,
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

    def set_batch_claim_count(self, batch_id: int, claim_count: int) -> None:
        statement = update(clearinghouse_batches).where(clearinghouse_batches.c.id == batch_id)
        self._connection.execute(statement.values(claim_count=claim_count))

    def set_batch_status(self, batch_id: int, status: str, detail: str, at: datetime | None = None) -> None:
        statement = update(clearinghouse_batches).where(clearinghouse_batches.c.id == batch_id)
        self._connection.execute(statement.values(status=status, status_detail=detail[:500]))
