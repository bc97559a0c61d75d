"""clearinghouse files once each: collected_files (unique by partner + digest) and outbound_files (the 837 text
of each interchange, kept until and after its delivery)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "collected_files",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("partner", sa.String(length=80), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("collected_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collected_files")),
        sa.UniqueConstraint("partner", "digest", name="uq_collected_files_partner_digest"),
    )
    op.create_table(
        "outbound_files",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("partner", sa.String(length=80), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_to", sa.String(length=500), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["clearinghouse_batches.id"],
            name=op.f("fk_outbound_files_batch_id_clearinghouse_batches"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbound_files")),
        sa.UniqueConstraint("batch_id", name=op.f("uq_outbound_files_batch_id")),
    )


def downgrade() -> None:
    op.drop_table("outbound_files")
    op.drop_table("collected_files")
