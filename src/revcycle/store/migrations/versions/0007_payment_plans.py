"""payment plans and their installments

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 22:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payment_plans",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("total_cents", sa.BigInteger(), nullable=False),
        sa.Column("frequency", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("status_changed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("total_cents > 0", name=op.f("ck_payment_plans_positive_total")),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_payment_plans_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_payment_plans_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_plans")),
    )
    op.create_index(op.f("ix_payment_plans_patient_id"), "payment_plans", ["patient_id"], unique=False)
    op.create_table(
        "payment_plan_installments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("missed_on", sa.Date(), nullable=True),
        sa.CheckConstraint("amount_cents > 0", name=op.f("ck_payment_plan_installments_positive_amount")),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["payment_plans.id"], name=op.f("fk_payment_plan_installments_plan_id_payment_plans")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_plan_installments")),
        sa.UniqueConstraint("plan_id", "number", name=op.f("uq_payment_plan_installments_plan_id")),
    )
    op.create_table(
        "payment_plan_payments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("reference", sa.String(length=80), server_default="", nullable=False),
        sa.Column("journal_entry_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("amount_cents > 0", name=op.f("ck_payment_plan_payments_positive_amount")),
        sa.ForeignKeyConstraint(
            ["journal_entry_id"],
            ["journal_entries.id"],
            name=op.f("fk_payment_plan_payments_journal_entry_id_journal_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["payment_plans.id"], name=op.f("fk_payment_plan_payments_plan_id_payment_plans")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_payment_plan_payments_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_plan_payments")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_payment_plan_payments_idempotency_key")),
    )
    op.create_index(
        op.f("ix_payment_plan_payments_plan_id"), "payment_plan_payments", ["plan_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_payment_plan_payments_plan_id"), table_name="payment_plan_payments")
    op.drop_table("payment_plan_payments")
    op.drop_table("payment_plan_installments")
    op.drop_index(op.f("ix_payment_plans_patient_id"), table_name="payment_plans")
    op.drop_table("payment_plans")
