"""alerts: initial schema

Revision ID: alerts_0001
Revises:
Create Date: 2026-11-26
"""

revision = "alerts_0001"
down_revision = None
branch_labels = ("alerts",)
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
