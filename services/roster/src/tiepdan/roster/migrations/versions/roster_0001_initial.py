"""roster: initial schema

Revision ID: roster_0001
Revises:
Create Date: 2026-11-26
"""

revision = "roster_0001"
down_revision = None
branch_labels = ("roster",)
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
