"""appeals (tracking an appeal from letter to outcome)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 22:40:00
"""

from __future__ import annotations

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # tables are added with store/tables_appeals.py


def downgrade() -> None:
    pass
