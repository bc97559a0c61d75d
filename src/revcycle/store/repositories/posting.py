"""Manual posting's rows (`uow.posting`): patient receipts (how a payment was made), bank deposits, the
adjustments of remitted claims, and the reads the claim page and the deposit reconciliation need.

A bank deposit is recorded once per (date, reference): `add_deposit` inserts with ON CONFLICT DO NOTHING and
says whether it wrote (the database decides, never a read before the write).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from revcycle.store.repositories.rows import Repository
from revcycle.store.tables import journal_entries, patients, payers, users
from revcycle.store.tables_appeals import claim_acknowledgments
from revcycle.store.tables_claims import claim_status_changes, claims
from revcycle.store.tables_posting import bank_deposits, patient_receipts, remitted_adjustments
from revcycle.store.tables_remit import clearinghouse_batches, remittance_claims, remittances
from revcycle.store.tables_underpayments import remitted_lines


class PostingRepository(Repository):
    # --- patient receipts -------------------------------------------------------------------
    def add_receipt(self, entry_id: int, patient_id: int, method: str, reference: str, amount_cents: int,
                    received_on: date) -> bool:  # fmt: skip
        """One receipt per journal entry: False when the entry has its receipt already (a replay)."""
        values = {"entry_id": entry_id, "patient_id": patient_id, "method": method, "reference": reference,
                  "amount_cents": amount_cents, "received_on": received_on}  # fmt: skip
        statement = (
            self._dialect_insert(patient_receipts)
            .values(values)
            .on_conflict_do_nothing(index_elements=["entry_id"])
            .returning(patient_receipts.c.id)
        )
        return self._connection.scalar(statement) is not None

    def receipts_on(self, day: date) -> list[Any]:
        query = (
            select(patient_receipts, patients.c.first_name, patients.c.last_name)
            .join(patients, patients.c.id == patient_receipts.c.patient_id)
            .where(patient_receipts.c.received_on == day)
            .order_by(patient_receipts.c.id)
        )
        return list(self._connection.execute(query))

    def receipts_of(self, patient_id: int) -> dict[int, Any]:
        """Entry id -> its receipt row, for a patient's account page."""
        query = select(patient_receipts).where(patient_receipts.c.patient_id == patient_id)
        return {row.entry_id: row for row in self._connection.execute(query)}

    # --- bank deposits ------------------------------------------------------------------------
    def add_deposit(self, values: dict[str, Any]) -> bool:
        statement = (
            self._dialect_insert(bank_deposits)
            .values(values)
            .on_conflict_do_nothing(index_elements=["deposit_date", "reference"])
            .returning(bank_deposits.c.id)
        )
        return self._connection.scalar(statement) is not None

    def deposits_on(self, day: date) -> list[Any]:
        query = select(bank_deposits).where(bank_deposits.c.deposit_date == day).order_by(bank_deposits.c.id)
        return list(self._connection.execute(query))

    def remittances_paid_on(self, day: date) -> list[Any]:
        """Posted remittances (835s and paper EOBs) whose payment date is `day`, with the payer's name."""
        query = (
            select(remittances, payers.c.name.label("payer_name"))
            .outerjoin(payers, payers.c.payer_code == remittances.c.payer_code)
            .where(remittances.c.payment_date == day, remittances.c.status == "posted")
            .order_by(remittances.c.id)
        )
        return list(self._connection.execute(query))

    # --- remitted adjustments and what touched a claim ---------------------------------------------
    def add_remitted_adjustments(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self._connection.execute(remitted_adjustments.insert(), rows)

    def remitted_of_claim(self, claim_id: int) -> list[Any]:
        """The claim's remitted claims (posted or not), oldest first, with each remittance's trace and source."""
        query = (
            select(remittance_claims, remittances.c.trace_number, remittances.c.source, remittances.c.payment_date,
                   remittances.c.received_at, remittances.c.id.label("remittance_row_id"))
            .join(remittances, remittances.c.id == remittance_claims.c.remittance_id)
            .where(remittance_claims.c.claim_id == claim_id)
            .order_by(remittance_claims.c.id)
        )  # fmt: skip
        return list(self._connection.execute(query))

    def remitted_lines_of(self, remittance_claim_ids: list[int]) -> list[Any]:
        rows = [
            row
            for chunk in self._rows_in(remitted_lines.c.remittance_claim_id, remittance_claim_ids)
            for row in chunk
        ]
        return sorted(rows, key=lambda row: (row.remittance_claim_id, row.line_number))

    def adjustments_of(self, remittance_claim_ids: list[int]) -> list[Any]:
        key = remitted_adjustments.c.remittance_claim_id
        rows = [row for chunk in self._rows_in(key, remittance_claim_ids) for row in chunk]
        return sorted(rows, key=lambda row: (row.remittance_claim_id, row.line_number, row.id))

    def entry_kinds(self, entry_ids: list[int]) -> dict[int, str]:
        chunks = self._rows_in(journal_entries.c.id, entry_ids, journal_entries.c.id, journal_entries.c.kind)
        return {row.id: row.kind for chunk in chunks for row in chunk}

    def claim_numbers(self, claim_ids: list[int]) -> dict[int, str]:
        chunks = self._rows_in(claims.c.id, claim_ids, claims.c.id, claims.c.claim_number)
        return {row.id: row.claim_number for chunk in chunks for row in chunk}

    def sent_in(self, claim_id: int) -> Any:
        """The clearinghouse interchange the claim last went out in (file, 999 status), or None."""
        query = (
            select(claims.c.submitted_at, clearinghouse_batches)
            .join(clearinghouse_batches, clearinghouse_batches.c.id == claims.c.submission_batch_id)
            .where(claims.c.id == claim_id)
        )
        return self._connection.execute(query).first()

    def acknowledgments_of(self, claim_id: int) -> list[Any]:
        query = (
            select(claim_acknowledgments)
            .where(claim_acknowledgments.c.claim_id == claim_id)
            .order_by(claim_acknowledgments.c.id)
        )
        return list(self._connection.execute(query))

    def status_history(self, claim_id: int) -> list[Any]:
        """Every state change of the claim, oldest first, with the user who made it (None: the system)."""
        query = (
            select(claim_status_changes, users.c.username)
            .outerjoin(users, users.c.id == claim_status_changes.c.user_id)
            .where(claim_status_changes.c.claim_id == claim_id)
            .order_by(claim_status_changes.c.id)
        )
        return list(self._connection.execute(query))

    def _dialect_insert(self, table):  # noqa: ANN001, ANN202 - a dialect Insert
        return (postgresql.insert if self._connection.dialect.name == "postgresql" else sqlite.insert)(table)


__all__ = ["PostingRepository"]
