"""intake: the legal rules of issue 16 on cases — filing limit, voter list, election hold, congress personnel,
false name, complainants of a group and how many withdrew

Revision ID: intake_0007
Revises: intake_0006
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "intake_0007"
down_revision = "intake_0006"
branch_labels = None
depends_on = None


# Literal defaults: SQLite then adds the columns in place; an expression default makes batch mode rebuild the
# table, which the foreign keys to cases forbid once it holds rows.
def _columns() -> list[sa.Column]:
    return [
        sa.Column("filing", sa.JSON(), nullable=True),
        sa.Column("filing_late", sa.Boolean(), nullable=False, server_default="0"),
        sa.Column("voter_list", sa.Boolean(), nullable=False, server_default="0"),
        sa.Column("about_candidate", sa.Boolean(), nullable=False, server_default="0"),
        sa.Column("election_hold", sa.JSON(), nullable=True),
        sa.Column("forward_after", sa.Date(), nullable=True),
        sa.Column("congress_personnel", sa.Boolean(), nullable=False, server_default="0"),
        sa.Column("false_name_reason", sa.Text(), nullable=True),
        sa.Column("complainants", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("withdrawn_persons", sa.Integer(), nullable=False, server_default="0"),
    ]


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch_op:
        for column in _columns():
            batch_op.add_column(column)


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch_op:
        for column in reversed(_columns()):
            batch_op.drop_column(column.name)
