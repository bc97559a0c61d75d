"""the interface inbox: HL7 v2 and FHIR messages from EHRs, once each, with the error queue

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 02:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "interface_messages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("sender", sa.String(length=120), nullable=False),
        sa.Column("control_id", sa.String(length=64), nullable=False),
        sa.Column("message_type", sa.String(length=24), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("error", sa.Text(), server_default="", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="1", nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('applied', 'failed', 'dismissed')", name=op.f("ck_interface_messages_status_known")),
        sa.CheckConstraint("channel IN ('hl7', 'fhir')", name=op.f("ck_interface_messages_channel_known")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_interface_messages_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interface_messages")),
        sa.UniqueConstraint(
            "channel", "sender", "control_id", name="uq_interface_messages_channel_sender_control_id"
        ),
    )
    op.create_index(op.f("ix_interface_messages_status"), "interface_messages", ["status"])


def downgrade() -> None:
    op.drop_index(op.f("ix_interface_messages_status"), table_name="interface_messages")
    op.drop_table("interface_messages")
