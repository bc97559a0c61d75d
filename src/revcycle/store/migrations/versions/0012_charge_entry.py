"""charge entry: diagnosis pointers, fee overrides, NDC, coder queue assignment

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 18:50:00

Service lines and claim lines gain the drug a line bills (NDC, unit, quantity); service lines the reason
for a fee other than the schedule's. The coder queue gains its assignments (one per encounter), the
coder's diagnosis order and pointers (inserted only) and the auto-coder's confidence per encounter.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

DRUG_TABLES = ("service_lines", "claim_lines")


def _drug_columns() -> list[sa.Column]:
    return [
        sa.Column("ndc", sa.String(length=11), nullable=True),
        sa.Column("ndc_unit", sa.String(length=2), nullable=True),
        sa.Column("ndc_quantity", sa.Numeric(precision=10, scale=3), nullable=True),
    ]


def upgrade() -> None:
    for table in DRUG_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in _drug_columns():
                batch_op.add_column(column)
    with op.batch_alter_table("service_lines", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("fee_override_reason", sa.String(length=200), server_default="", nullable=False)
        )
    op.create_table(
        "coding_assignments",
        sa.Column("encounter_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("assigned_by_user_id", sa.Integer(), nullable=False),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["encounter_id"], ["encounters.id"], name=op.f("fk_coding_assignments_encounter_id_encounters")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_coding_assignments_user_id_users")),
        sa.ForeignKeyConstraint(
            ["assigned_by_user_id"],
            ["users.id"],
            name=op.f("fk_coding_assignments_assigned_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("encounter_id", name=op.f("pk_coding_assignments")),
    )
    with op.batch_alter_table("coding_assignments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coding_assignments_user_id"), ["user_id"], unique=False)
    op.create_table(
        "coding_sequences",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("encounter_id", sa.Integer(), nullable=False),
        sa.Column("diagnosis_codes", sa.String(length=120), nullable=False),
        sa.Column("line_pointers", sa.String(length=400), server_default="", nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["encounter_id"], ["encounters.id"], name=op.f("fk_coding_sequences_encounter_id_encounters")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_coding_sequences_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coding_sequences")),
    )
    with op.batch_alter_table("coding_sequences", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coding_sequences_encounter_id"), ["encounter_id"], unique=False)
    op.create_table(
        "coding_confidences",
        sa.Column("encounter_id", sa.Integer(), nullable=False),
        sa.Column("top_confidence_permille", sa.Integer(), nullable=False),
        sa.Column("suggested_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "top_confidence_permille BETWEEN 0 AND 1000", name=op.f("ck_coding_confidences_permille")
        ),
        sa.ForeignKeyConstraint(
            ["encounter_id"], ["encounters.id"], name=op.f("fk_coding_confidences_encounter_id_encounters")
        ),
        sa.PrimaryKeyConstraint("encounter_id", name=op.f("pk_coding_confidences")),
    )


def downgrade() -> None:
    op.drop_table("coding_confidences")
    with op.batch_alter_table("coding_sequences", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coding_sequences_encounter_id"))
    op.drop_table("coding_sequences")
    with op.batch_alter_table("coding_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coding_assignments_user_id"))
    op.drop_table("coding_assignments")
    with op.batch_alter_table("service_lines", schema=None) as batch_op:
        batch_op.drop_column("fee_override_reason")
    for table in DRUG_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in ("ndc_quantity", "ndc_unit", "ndc"):
                batch_op.drop_column(column)
