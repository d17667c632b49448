"""reports: units' full names as the forms print them (an administrator's names over the shipped defaults)

Revision ID: reports_0007
Revises: reports_0006
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from tiepdan.kit.db import UTCDateTime

revision = "reports_0007"
down_revision = "reports_0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unit_names",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_unit_names")),
    )


def downgrade() -> None:
    op.drop_table("unit_names")
