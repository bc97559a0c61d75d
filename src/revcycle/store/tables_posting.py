"""Tables of manual posting and adjustments. On the shared `metadata`; migration 0013. Money is BigInteger cents.

- `patient_receipts`: one row per patient payment taken at the desk or by mail, with how it was paid (cash,
  check with its number, card with its reference) and the journal entry that posted it (unique: one receipt
  per entry, so a replayed payment adds nothing).
- `bank_deposits`: what the bank says was deposited on a day (a slip, an EFT credit); `(deposit_date,
  reference)` is unique, so the same deposit is recorded once. `services.deposits` reconciles the day's
  receipts against them.
- `remitted_adjustments`: every adjustment (group, CARC, amount, RARCs) of a posted remitted claim, per line
  (`line_number` as in `remitted_lines`; 0 for claim-level), so the claim page can say each in words.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    UniqueConstraint,
)

from revcycle.store.tables import id_column, metadata

patient_receipts = Table(
    "patient_receipts",
    metadata,
    id_column(),
    Column("entry_id", Integer, ForeignKey("journal_entries.id"), nullable=False, unique=True),
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False, index=True),
    Column("method", String(8), nullable=False),  # cash | check | card
    Column("reference", String(80), nullable=False, server_default=""),  # check number, card reference
    Column("amount_cents", BigInteger, nullable=False),
    Column("received_on", Date, nullable=False, index=True),
)

bank_deposits = Table(
    "bank_deposits",
    metadata,
    id_column(),
    Column("deposit_date", Date, nullable=False, index=True),
    Column("reference", String(50), nullable=False),
    Column("amount_cents", BigInteger, nullable=False),
    Column("note", String(200), nullable=False, server_default=""),
    Column("recorded_by_user_id", Integer, ForeignKey("users.id"), nullable=True),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("deposit_date", "reference", name="uq_bank_deposits_date_reference"),
)

remitted_adjustments = Table(
    "remitted_adjustments",
    metadata,
    id_column(),
    Column("remittance_claim_id", Integer, ForeignKey("remittance_claims.id"), nullable=False, index=True),
    Column("line_number", Integer, nullable=False),  # 0: claim level
    Column("group_code", String(2), nullable=False),
    Column("carc", String(5), nullable=False),
    Column("amount_cents", BigInteger, nullable=False),
    Column("rarcs", String(60), nullable=False, server_default=""),
)
