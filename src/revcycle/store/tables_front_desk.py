"""Front desk tables (migration 0011): the check-in of a visit.

- `check_ins`: one row per visit checked in; `idempotency_key` makes a form or a command sent twice
  check the patient in once (the same encounter); the copay collected (cents) and how, and the journal
  entry it was posted as (a patient payment kept as the patient's credit until the visit is charged).
The patients' contact, account number, search keys and merged-into columns, and the coverages'
merged-into link and open-order index, are on `tables.patients` / `tables.coverages`.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, Column, Date, DateTime, ForeignKey, Integer, String, Table

from revcycle.store.tables import id_column, metadata

check_ins = Table(
    "check_ins",
    metadata,
    id_column(),
    Column("idempotency_key", String(120), nullable=False, unique=True),
    Column("encounter_id", Integer, ForeignKey("encounters.id"), nullable=False, unique=True),
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False, index=True),
    Column("date_of_service", Date, nullable=False),
    Column("copay_cents", BigInteger, nullable=False, server_default="0"),
    Column("copay_method", String(8), nullable=False, server_default=""),
    Column("copay_reference", String(80), nullable=False, server_default=""),
    Column("journal_entry_id", Integer, ForeignKey("journal_entries.id"), nullable=True),
    Column("checked_in_at", DateTime(timezone=True), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=True),
    CheckConstraint("copay_cents >= 0", name="copay_not_negative"),
)
