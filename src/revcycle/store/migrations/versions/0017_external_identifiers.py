"""the sender's identifiers of patients (MRN) and visits (visit number), unique per assigning authority

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "external_identifiers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("assigner", sa.String(length=120), nullable=False),
        sa.Column("identifier", sa.String(length=80), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("encounter_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('patient', 'visit')", name=op.f("ck_external_identifiers_kind_known")),
        sa.CheckConstraint(
            "(kind = 'visit') = (encounter_id IS NOT NULL)",
            name=op.f("ck_external_identifiers_visit_has_encounter"),
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_external_identifiers_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["encounter_id"], ["encounters.id"], name=op.f("fk_external_identifiers_encounter_id_encounters")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_identifiers")),
        sa.UniqueConstraint(
            "kind", "assigner", "identifier", name="uq_external_identifiers_kind_assigner_identifier"
        ),
    )
    op.create_index(op.f("ix_external_identifiers_patient_id"), "external_identifiers", ["patient_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_external_identifiers_patient_id"), table_name="external_identifiers")
    op.drop_table("external_identifiers")
