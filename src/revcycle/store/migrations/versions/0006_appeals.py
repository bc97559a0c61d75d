"""appeals (tracking an appeal from letter to outcome), 277CA claim acknowledgements (proof of submission)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 22:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payer_appeal_windows",
        sa.Column("payer_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["payer_id"], ["payers.id"], name=op.f("fk_payer_appeal_windows_payer_id_payers")
        ),
        sa.PrimaryKeyConstraint("payer_id", "category", name=op.f("pk_payer_appeal_windows")),
    )
    op.create_table(
        "appeals",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("submitted_claim_id", sa.Integer(), nullable=False),
        sa.Column("claim_control_number", sa.String(length=38), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("payer_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("denied_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("denied_cents", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("recovered_cents", sa.BigInteger(), nullable=True),
        sa.Column("decided_by_remittance_claim_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_appeals_claim_id_claims")),
        sa.ForeignKeyConstraint(
            ["decided_by_remittance_claim_id"],
            ["remittance_claims.id"],
            name=op.f("fk_appeals_decided_by_remittance_claim_id_remittance_claims"),
        ),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"], name=op.f("fk_appeals_patient_id_patients")),
        sa.ForeignKeyConstraint(["payer_id"], ["payers.id"], name=op.f("fk_appeals_payer_id_payers")),
        sa.ForeignKeyConstraint(
            ["submitted_claim_id"],
            ["submitted_claims.id"],
            name=op.f("fk_appeals_submitted_claim_id_submitted_claims"),
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_appeals_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeals")),
    )
    op.create_index(
        op.f("ix_appeals_claim_control_number"), "appeals", ["claim_control_number"], unique=False
    )
    op.create_index(op.f("ix_appeals_status"), "appeals", ["status"], unique=False)
    op.create_index(op.f("ix_appeals_submitted_claim_id"), "appeals", ["submitted_claim_id"], unique=False)
    op.create_table(
        "appeal_denials",
        sa.Column("appeal_id", sa.Integer(), nullable=False),
        sa.Column("denial_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["appeal_id"], ["appeals.id"], name=op.f("fk_appeal_denials_appeal_id_appeals")
        ),
        sa.ForeignKeyConstraint(
            ["denial_id"], ["denials.id"], name=op.f("fk_appeal_denials_denial_id_denials")
        ),
        sa.PrimaryKeyConstraint("appeal_id", "denial_id", name=op.f("pk_appeal_denials")),
    )
    op.create_table(
        "claim_acknowledgments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("submitted_claim_id", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("status_date", sa.Date(), nullable=True),
        sa.Column("words", sa.String(length=500), server_default="", nullable=False),
        sa.Column("payer_claim_number", sa.String(length=50), server_default="", nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["submitted_claim_id"],
            ["submitted_claims.id"],
            name=op.f("fk_claim_acknowledgments_submitted_claim_id_submitted_claims"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_acknowledgments")),
    )
    op.create_index(
        op.f("ix_claim_acknowledgments_submitted_claim_id"),
        "claim_acknowledgments",
        ["submitted_claim_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_claim_acknowledgments_submitted_claim_id"), table_name="claim_acknowledgments")
    op.drop_table("claim_acknowledgments")
    op.drop_table("appeal_denials")
    op.drop_index(op.f("ix_appeals_submitted_claim_id"), table_name="appeals")
    op.drop_index(op.f("ix_appeals_status"), table_name="appeals")
    op.drop_index(op.f("ix_appeals_claim_control_number"), table_name="appeals")
    op.drop_table("appeals")
    op.drop_table("payer_appeal_windows")
