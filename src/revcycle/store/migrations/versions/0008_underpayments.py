"""the underpayment queue (paid below the contract)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 22:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payer_contracts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("payer_id", sa.Integer(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=200), server_default="", nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["payer_id"], ["payers.id"], name=op.f("fk_payer_contracts_payer_id_payers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payer_contracts")),
        sa.UniqueConstraint("payer_id", name=op.f("uq_payer_contracts_payer_id")),
    )
    op.create_table(
        "remitted_lines",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("remittance_claim_id", sa.Integer(), nullable=False),
        sa.Column("line_number", sa.Integer(), nullable=False),
        sa.Column("submitted_claim_line_id", sa.Integer(), nullable=True),
        sa.Column("payer_id", sa.Integer(), nullable=False),
        sa.Column("claim_control_number", sa.String(length=38), nullable=False),
        sa.Column("procedure_code", sa.String(length=48), nullable=False),
        sa.Column("modifiers", sa.String(length=11), server_default="", nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("charge_cents", sa.BigInteger(), nullable=False),
        sa.Column("paid_cents", sa.BigInteger(), nullable=False),
        sa.Column("patient_cents", sa.BigInteger(), nullable=False),
        sa.Column("contractual_cents", sa.BigInteger(), nullable=False),
        sa.Column("reported_allowed_cents", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["payer_id"], ["payers.id"], name=op.f("fk_remitted_lines_payer_id_payers")),
        sa.ForeignKeyConstraint(
            ["remittance_claim_id"],
            ["remittance_claims.id"],
            name=op.f("fk_remitted_lines_remittance_claim_id_remittance_claims"),
        ),
        sa.ForeignKeyConstraint(
            ["submitted_claim_line_id"],
            ["submitted_claim_lines.id"],
            name=op.f("fk_remitted_lines_submitted_claim_line_id_submitted_claim_lines"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remitted_lines")),
        sa.UniqueConstraint("remittance_claim_id", "line_number", name="uq_remitted_lines_claim_line"),
    )
    op.create_index(op.f("ix_remitted_lines_payer_id"), "remitted_lines", ["payer_id"], unique=False)
    op.create_index(
        op.f("ix_remitted_lines_remittance_claim_id"), "remitted_lines", ["remittance_claim_id"], unique=False
    )
    op.create_table(
        "underpayments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("remitted_line_id", sa.Integer(), nullable=False),
        sa.Column("payer_id", sa.Integer(), nullable=False),
        sa.Column("expected_cents", sa.BigInteger(), nullable=False),
        sa.Column("allowed_cents", sa.BigInteger(), nullable=False),
        sa.Column("paid_cents", sa.BigInteger(), nullable=False),
        sa.Column("difference_cents", sa.BigInteger(), nullable=False),
        sa.Column("tolerance", sa.String(length=80), server_default="", nullable=False),
        sa.Column("status", sa.String(length=16), server_default="open", nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["payer_id"], ["payers.id"], name=op.f("fk_underpayments_payer_id_payers")),
        sa.ForeignKeyConstraint(
            ["remitted_line_id"],
            ["remitted_lines.id"],
            name=op.f("fk_underpayments_remitted_line_id_remitted_lines"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_underpayments")),
        sa.UniqueConstraint("remitted_line_id", name=op.f("uq_underpayments_remitted_line_id")),
    )
    op.create_index(op.f("ix_underpayments_payer_id"), "underpayments", ["payer_id"], unique=False)
    op.create_index(op.f("ix_underpayments_status"), "underpayments", ["status"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_underpayments_status"), table_name="underpayments")
    op.drop_index(op.f("ix_underpayments_payer_id"), table_name="underpayments")
    op.drop_table("underpayments")
    op.drop_index(op.f("ix_remitted_lines_remittance_claim_id"), table_name="remitted_lines")
    op.drop_index(op.f("ix_remitted_lines_payer_id"), table_name="remitted_lines")
    op.drop_table("remitted_lines")
    op.drop_table("payer_contracts")
