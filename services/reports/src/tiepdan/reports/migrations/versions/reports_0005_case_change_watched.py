"""reports: the deadlines intake watched after each case change (`watched` in `intake.case.opened|changed`), so
reports count overdue deadlines as intake does instead of deriving them from the status. Rows projected before
keep NULL and are read by status, as before.

Revision ID: reports_0005
Revises: reports_0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "reports_0005"
down_revision = "reports_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_changes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("watched", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_changes", schema=None) as batch_op:
        batch_op.drop_column("watched")
