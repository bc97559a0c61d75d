"""coding decisions and finalizations (append-only)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 21:40:00

Both tables are append-only: triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL),
using the `revcycle_append_only()` function revision 0001 created on PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

APPEND_ONLY_TABLES = ("coding_decisions", "coding_finalizations")


def _create_tables() -> None:
    op.create_table(
        "coding_decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("encounter_id", sa.Integer(), nullable=False),
        sa.Column("code_system", sa.String(length=8), nullable=False),
        sa.Column("suggested_code", sa.String(length=10), server_default="", nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("final_code", sa.String(length=10), server_default="", nullable=False),
        sa.Column("coder_user_id", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=500), server_default="", nullable=False),
        sa.ForeignKeyConstraint(["coder_user_id"], ["users.id"], name=op.f("fk_coding_decisions_coder_user_id_users")),
        sa.ForeignKeyConstraint(["encounter_id"], ["encounters.id"], name=op.f("fk_coding_decisions_encounter_id_encounters")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coding_decisions")),
    )
    with op.batch_alter_table("coding_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coding_decisions_encounter_id"), ["encounter_id"], unique=False)
    op.create_table(
        "coding_finalizations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("encounter_id", sa.Integer(), nullable=False),
        sa.Column("diagnosis_codes", sa.String(length=120), nullable=False),
        sa.Column("procedure_codes", sa.String(length=200), server_default="", nullable=False),
        sa.Column("forced", sa.Boolean(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("finalized_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["encounter_id"], ["encounters.id"], name=op.f("fk_coding_finalizations_encounter_id_encounters")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_coding_finalizations_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coding_finalizations")),
    )
    with op.batch_alter_table("coding_finalizations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coding_finalizations_encounter_id"), ["encounter_id"], unique=False)


def _create_append_only_triggers() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in APPEND_ONLY_TABLES:
        if postgresql:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION revcycle_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION revcycle_append_only()"
            )
            continue
        for operation in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'revcycle: table {table} is append-only ({operation} refused)'); END"
            )


def _drop_append_only_triggers() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in APPEND_ONLY_TABLES:
        names = (f"{table}_append_only", f"{table}_no_truncate") if postgresql else (
            f"{table}_no_update", f"{table}_no_delete")
        for name in names:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}" if postgresql else f"DROP TRIGGER IF EXISTS {name}")


def upgrade() -> None:
    _create_tables()
    _create_append_only_triggers()


def downgrade() -> None:
    _drop_append_only_triggers()
    for table in ("coding_finalizations", "coding_decisions"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_encounter_id"))
        op.drop_table(table)
