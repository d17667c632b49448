"""intake: initial schema

Revision ID: intake_0001
Revises:
Create Date: 2026-11-26
"""

revision = "intake_0001"
down_revision = None
branch_labels = ("intake",)
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
