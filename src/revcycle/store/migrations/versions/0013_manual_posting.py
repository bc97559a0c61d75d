"""manual posting and adjustments: paper EOBs, patient payments, refunds, write-offs, deposits

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 18:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "patient_receipts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("reference", sa.String(length=80), server_default="", nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["journal_entries.id"], name=op.f("fk_patient_receipts_entry_id_journal_entries")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_patient_receipts_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patient_receipts")),
        sa.UniqueConstraint("entry_id", name=op.f("uq_patient_receipts_entry_id")),
    )
    op.create_index(op.f("ix_patient_receipts_patient_id"), "patient_receipts", ["patient_id"])
    op.create_index(op.f("ix_patient_receipts_received_on"), "patient_receipts", ["received_on"])
    op.create_table(
        "bank_deposits",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("deposit_date", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=50), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.String(length=200), server_default="", nullable=False),
        sa.Column("recorded_by_user_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by_user_id"], ["users.id"], name=op.f("fk_bank_deposits_recorded_by_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_deposits")),
        sa.UniqueConstraint("deposit_date", "reference", name="uq_bank_deposits_date_reference"),
    )
    op.create_index(op.f("ix_bank_deposits_deposit_date"), "bank_deposits", ["deposit_date"])
    op.create_table(
        "remitted_adjustments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("remittance_claim_id", sa.Integer(), nullable=False),
        sa.Column("line_number", sa.Integer(), nullable=False),
        sa.Column("group_code", sa.String(length=2), nullable=False),
        sa.Column("carc", sa.String(length=5), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("rarcs", sa.String(length=60), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["remittance_claim_id"],
            ["remittance_claims.id"],
            name=op.f("fk_remitted_adjustments_remittance_claim_id_remittance_claims"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remitted_adjustments")),
    )
    op.create_index(
        op.f("ix_remitted_adjustments_remittance_claim_id"), "remitted_adjustments", ["remittance_claim_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_remitted_adjustments_remittance_claim_id"), table_name="remitted_adjustments")
    op.drop_table("remitted_adjustments")
    op.drop_index(op.f("ix_bank_deposits_deposit_date"), table_name="bank_deposits")
    op.drop_table("bank_deposits")
    op.drop_index(op.f("ix_patient_receipts_received_on"), table_name="patient_receipts")
    op.drop_index(op.f("ix_patient_receipts_patient_id"), table_name="patient_receipts")
    op.drop_table("patient_receipts")
