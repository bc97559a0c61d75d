"""Tables for payment plans and their installments. On the shared `metadata`; migration 0007. Money is BigInteger cents.

- `payment_plans`: one row per plan agreed with a patient; `status` follows the plan's transition
  table (`statements.plans.TRANSITIONS`); `total_cents` equals the sum of its installments.
- `payment_plan_installments`: the schedule (number 1..n, due date, amount); `missed_on` is set
  once, when the installment is flagged missed. What an installment has been paid is not stored:
  it is the plan's payments applied in order.
- `payment_plan_payments`: one row per payment recorded on a plan, with the journal entry that
  posted it; `idempotency_key` (the journal entry's key) is unique, so a replay adds nothing.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
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

payment_plans = Table(
    "payment_plans",
    metadata,
    id_column(),
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False, index=True),
    Column("total_cents", BigInteger, nullable=False),
    Column("frequency", String(10), nullable=False),
    Column("status", String(12), nullable=False),
    Column("created_on", Date, nullable=False),
    Column("status_changed_on", Date, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=True),
    CheckConstraint("total_cents > 0", name="positive_total"),
)

payment_plan_installments = Table(
    "payment_plan_installments",
    metadata,
    id_column(),
    Column("plan_id", Integer, ForeignKey("payment_plans.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("due_date", Date, nullable=False),
    Column("amount_cents", BigInteger, nullable=False),
    Column("missed_on", Date, nullable=True),
    UniqueConstraint("plan_id", "number"),
    CheckConstraint("amount_cents > 0", name="positive_amount"),
)

payment_plan_payments = Table(
    "payment_plan_payments",
    metadata,
    id_column(),
    Column("plan_id", Integer, ForeignKey("payment_plans.id"), nullable=False, index=True),
    Column("idempotency_key", String(200), nullable=False, unique=True),
    Column("paid_on", Date, nullable=False),
    Column("amount_cents", BigInteger, nullable=False),
    Column("method", String(20), nullable=False),
    Column("reference", String(80), nullable=False, server_default=""),
    Column("journal_entry_id", Integer, ForeignKey("journal_entries.id"), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=True),
    CheckConstraint("amount_cents > 0", name="positive_amount"),
)
