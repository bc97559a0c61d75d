"""payment plans and their installments

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 22:40:00
"""

from __future__ import annotations

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # tables are added with store/tables_payment_plans.py


def downgrade() -> None:
    pass
