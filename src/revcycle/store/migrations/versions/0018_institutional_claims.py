"""institutional claims: the claim's kind (professional | institutional), revenue code and non-covered charge per line

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 09:00:00

The institutional header (type of bill, admission, patient status, POA, PCS procedures, NUBC codes, DRG,
attending/operating providers) is part of the claim's JSON document; only what is listed or summed by
column is a column: `claims.kind`, `claim_lines.revenue_code` and `claim_lines.non_covered_cents`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=13), server_default="professional", nullable=False)
        )
    with op.batch_alter_table("claim_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revenue_code", sa.String(length=4), server_default="", nullable=False))
        batch_op.add_column(
            sa.Column("non_covered_cents", sa.BigInteger(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("claim_lines", schema=None) as batch_op:
        batch_op.drop_column("non_covered_cents")
        batch_op.drop_column("revenue_code")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_column("kind")
