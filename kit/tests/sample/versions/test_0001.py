"""sample tables

Revision ID: test_0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "test_0001"
down_revision = None
branch_labels = ("test",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notes",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("unit", sa.String(64), nullable=False, index=True),
        sa.Column("text", sa.String(500), nullable=False),
        sa.Column("headcount", sa.Integer, nullable=False),
    )
    op.create_table(
        "applied",
        sa.Column("visit_id", sa.String(36), primary_key=True),
        sa.Column("case_id", sa.String(36), nullable=False, index=True),
        sa.Column("seq", sa.Integer, nullable=False, unique=True),
    )


def downgrade() -> None:
    op.drop_table("applied")
    op.drop_table("notes")
