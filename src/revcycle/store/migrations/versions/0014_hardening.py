"""hardening: sessions, sign-in attempts, payment identity, foreign keys on user-sent references

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 18:50:00
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _create_sign_in_tables()
    _create_payment_identities()
    _add_journal_claim_foreign_key()


def downgrade() -> None:
    _drop_journal_claim_foreign_key()
    _drop_payment_identities()
    _drop_sign_in_tables()


def _create_sign_in_tables() -> None:
    """Sign-in hardening: server-side sessions (revocable, idle and absolute timeouts) and failed-sign-in counters."""
    op.create_table(
        "user_sessions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("password_fingerprint", sa.String(length=16), nullable=False),
        sa.Column("address", sa.String(length=64), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_user_sessions_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_sessions")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_user_sessions_token_digest")),
    )
    op.create_index("ix_user_sessions_user_id", "user_sessions", ["user_id"])
    op.create_table(
        "sign_in_throttle",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scope", sa.String(length=8), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_throttle")),
        sa.UniqueConstraint("scope", "key", name="uq_sign_in_throttle_scope_key"),
    )


def _drop_sign_in_tables() -> None:
    op.drop_table("sign_in_throttle")
    op.drop_index("ix_user_sessions_user_id", table_name="user_sessions")
    op.drop_table("user_sessions")


def _create_payment_identities() -> None:
    """One row per payment posted (payer + TRN02 + TRN03 + amount), unique: the database refuses a second post
    of the same payment in another envelope, even when two posts overlap. Payments posted before 0014 are
    claimed here (their TRN03 was not kept: ''), one row per identity."""
    op.create_table(
        "payment_identities",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("payer_code", sa.String(length=80), nullable=False),
        sa.Column("trace_number", sa.String(length=50), nullable=False),
        sa.Column("trace_originator", sa.String(length=50), nullable=False),
        sa.Column("paid_cents", sa.BigInteger(), nullable=False),
        sa.Column("remittance_id", sa.Integer(), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["remittance_id"],
            ["remittances.id"],
            name=op.f("fk_payment_identities_remittance_id_remittances"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_identities")),
        sa.UniqueConstraint(
            "payer_code",
            "trace_number",
            "trace_originator",
            "paid_cents",
            name="uq_payment_identities_payment",
        ),
    )
    op.create_index("ix_payment_identities_remittance_id", "payment_identities", ["remittance_id"])
    op.execute(
        "INSERT INTO payment_identities (payer_code, trace_number, trace_originator, paid_cents, remittance_id,"
        " claimed_at) SELECT payer_code, trace_number, '', total_paid_cents, MIN(id), MIN(received_at)"
        " FROM remittances WHERE status = 'posted' AND trace_number <> ''"
        " GROUP BY payer_code, trace_number, total_paid_cents"
    )


def _drop_payment_identities() -> None:
    op.drop_index("ix_payment_identities_remittance_id", table_name="payment_identities")
    op.drop_table("payment_identities")


JOURNAL_LINES_TRIGGERS = {  # SQLite: rebuilding journal_lines (batch mode) drops its append-only triggers
    "UPDATE": "CREATE TRIGGER journal_lines_no_update BEFORE UPDATE ON journal_lines BEGIN SELECT"
    " RAISE(ABORT, 'revcycle: table journal_lines is append-only (UPDATE refused)'); END",
    "DELETE": "CREATE TRIGGER journal_lines_no_delete BEFORE DELETE ON journal_lines BEGIN SELECT"
    " RAISE(ABORT, 'revcycle: table journal_lines is append-only (DELETE refused)'); END",
}
JOURNAL_CLAIM_FK = "fk_journal_lines_claim_id_claims"


def _add_journal_claim_foreign_key() -> None:
    """journal_lines.claim_id names a row of claims (a payment toward a claim that does not exist is refused)."""
    if op.get_bind().dialect.name == "postgresql":
        op.create_foreign_key(JOURNAL_CLAIM_FK, "journal_lines", "claims", ["claim_id"], ["id"])
        return
    with op.batch_alter_table("journal_lines") as batch_op:
        batch_op.create_foreign_key(JOURNAL_CLAIM_FK, "claims", ["claim_id"], ["id"])
    for statement in JOURNAL_LINES_TRIGGERS.values():
        op.execute(statement)


def _drop_journal_claim_foreign_key() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(JOURNAL_CLAIM_FK, "journal_lines", type_="foreignkey")
        return
    with op.batch_alter_table("journal_lines") as batch_op:
        batch_op.drop_constraint(JOURNAL_CLAIM_FK, type_="foreignkey")
    for statement in JOURNAL_LINES_TRIGGERS.values():
        op.execute(statement)
