"""eligibility checks, claim status checks, per-payer claim status wait

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 21:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "eligibility_checks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("coverage_id", sa.Integer(), nullable=False),
        sa.Column("encounter_id", sa.Integer(), nullable=True),
        sa.Column("date_of_service", sa.Date(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=True),
        sa.Column("plan_name", sa.String(length=80), server_default="", nullable=False),
        sa.Column("rejections", sa.String(length=500), server_default="", nullable=False),
        sa.Column("member_id_changed_to", sa.String(length=80), server_default="", nullable=False),
        sa.Column("name_changed_to", sa.String(length=120), server_default="", nullable=False),
        sa.Column("benefits", sa.Text(), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["coverage_id"], ["coverages.id"], name=op.f("fk_eligibility_checks_coverage_id_coverages")),
        sa.ForeignKeyConstraint(["encounter_id"], ["encounters.id"], name=op.f("fk_eligibility_checks_encounter_id_encounters")),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"], name=op.f("fk_eligibility_checks_patient_id_patients")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_eligibility_checks_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eligibility_checks")),
    )
    op.create_index(op.f("ix_eligibility_checks_encounter_id"), "eligibility_checks", ["encounter_id"], unique=False)
    op.create_index(op.f("ix_eligibility_checks_patient_id"), "eligibility_checks", ["patient_id"], unique=False)
    op.create_table(
        "claim_status_checks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("submitted_claim_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=3), nullable=False),
        sa.Column("status_codes", sa.String(length=60), server_default="", nullable=False),
        sa.Column("words", sa.String(length=500), server_default="", nullable=False),
        sa.Column("payer_claim_number", sa.String(length=50), server_default="", nullable=False),
        sa.Column("adjudicated_on", sa.Date(), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("paid_cents", sa.BigInteger(), nullable=True),
        sa.Column("check_number", sa.String(length=50), server_default="", nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["submitted_claim_id"], ["submitted_claims.id"], name=op.f("fk_claim_status_checks_submitted_claim_id_submitted_claims")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_claim_status_checks_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_status_checks")),
    )
    op.create_index(op.f("ix_claim_status_checks_submitted_claim_id"), "claim_status_checks", ["submitted_claim_id"], unique=False)
    op.create_table(
        "payer_followup_settings",
        sa.Column("payer_id", sa.Integer(), nullable=False),
        sa.Column("claim_status_after_days", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["payer_id"], ["payers.id"], name=op.f("fk_payer_followup_settings_payer_id_payers")),
        sa.PrimaryKeyConstraint("payer_id", name=op.f("pk_payer_followup_settings")),
    )


def downgrade() -> None:
    op.drop_table("payer_followup_settings")
    op.drop_index(op.f("ix_claim_status_checks_submitted_claim_id"), table_name="claim_status_checks")
    op.drop_table("claim_status_checks")
    op.drop_index(op.f("ix_eligibility_checks_patient_id"), table_name="eligibility_checks")
    op.drop_index(op.f("ix_eligibility_checks_encounter_id"), table_name="eligibility_checks")
    op.drop_table("eligibility_checks")
