"""practice set-up: providers, facilities, payers' terms, fee schedules, contracts by effective date

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 18:50:00

The practice profile, referring providers and fee schedules (fees versioned by effective date); the
billing provider's phone and pay-to address; payers' claims address, phone, clearinghouse route and
active flag (a payer's appeal window stays in `payer_appeal_windows`); rendering providers' active flag; facility names and a payer's plan names unique
(the set-up file's keys). Contracts keep their rates' effective dates in their terms (`payer_contracts`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _address(prefix: str) -> list[sa.Column]:
    return [
        sa.Column(f"{prefix}address_line1", sa.String(length=200), nullable=True),
        sa.Column(f"{prefix}address_line2", sa.String(length=200), server_default="", nullable=False),
        sa.Column(f"{prefix}city", sa.String(length=100), nullable=True),
        sa.Column(f"{prefix}state", sa.String(length=2), nullable=True),
        sa.Column(f"{prefix}zip_code", sa.String(length=9), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "practice_profile",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=10), server_default="", nullable=False),
        sa.Column("contact_name", sa.String(length=200), server_default="", nullable=False),
        sa.Column("email", sa.String(length=120), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_profile")),
    )
    op.create_table(
        "referring_providers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("npi", sa.String(length=10), nullable=False),
        sa.Column("taxonomy", sa.String(length=10), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referring_providers")),
        sa.UniqueConstraint("npi", name=op.f("uq_referring_providers_npi")),
    )
    op.create_table(
        "fee_schedules",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee_schedules")),
        sa.UniqueConstraint("name", name=op.f("uq_fee_schedules_name")),
    )
    op.create_table(
        "fees",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("fee_schedule_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.Column("modifier", sa.String(length=2), server_default="", nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.CheckConstraint("amount_cents > 0", name=op.f("ck_fees_amount_positive")),
        sa.ForeignKeyConstraint(
            ["fee_schedule_id"], ["fee_schedules.id"], name=op.f("fk_fees_fee_schedule_id_fee_schedules")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fees")),
        sa.UniqueConstraint("fee_schedule_id", "code", "modifier", "effective_from", name="uq_fees_version"),
    )
    with op.batch_alter_table("billing_providers") as batch:
        batch.add_column(sa.Column("phone", sa.String(length=10), server_default="", nullable=False))
        for column in _address("pay_to_"):
            batch.add_column(column)
    with op.batch_alter_table("rendering_providers") as batch:
        batch.add_column(sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False))
    with op.batch_alter_table("payers") as batch:
        for column in _address("claims_"):
            batch.add_column(column)
        batch.add_column(sa.Column("phone", sa.String(length=10), server_default="", nullable=False))
        batch.add_column(sa.Column("route", sa.String(length=40), server_default="", nullable=False))
        batch.add_column(sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False))
    op.create_index("uq_facilities_name", "facilities", ["name"], unique=True)
    op.create_index("uq_plans_payer_name", "plans", ["payer_id", "name"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_plans_payer_name", table_name="plans")
    op.drop_index("uq_facilities_name", table_name="facilities")
    with op.batch_alter_table("payers") as batch:
        for name in ("active", "route", "phone", "claims_zip_code", "claims_state", "claims_city",
                     "claims_address_line2", "claims_address_line1"):  # fmt: skip
            batch.drop_column(name)
    with op.batch_alter_table("rendering_providers") as batch:
        batch.drop_column("active")
    with op.batch_alter_table("billing_providers") as batch:
        for name in ("pay_to_zip_code", "pay_to_state", "pay_to_city", "pay_to_address_line2",
                     "pay_to_address_line1", "phone"):  # fmt: skip
            batch.drop_column(name)
    op.drop_table("fees")
    op.drop_table("fee_schedules")
    op.drop_table("referring_providers")
    op.drop_table("practice_profile")
