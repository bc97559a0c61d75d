"""the underpayment queue (paid below the contract)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 22:40:00
"""

from __future__ import annotations

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # tables are added with store/tables_underpayments.py


def downgrade() -> None:
    pass
