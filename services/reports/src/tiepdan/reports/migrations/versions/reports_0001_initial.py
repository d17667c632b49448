"""reports: initial schema

Revision ID: reports_0001
Revises:
Create Date: 2026-11-26
"""

revision = "reports_0001"
down_revision = None
branch_labels = ("reports",)
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
