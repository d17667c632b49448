"""reports: which case each merged case went into, so a visit or petition of a merged case that arrives after the
merge counts on the surviving case

Revision ID: reports_0006
Revises: reports_0005
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

from tiepdan.kit.db import UTCDateTime

revision = "reports_0006"
down_revision = "reports_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_merges",
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("into", sa.String(length=64), nullable=False),
        sa.Column("merged_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_merges")),
    )


def downgrade() -> None:
    op.drop_table("case_merges")
