"""reports: no unit-only index where a composite index leading with unit serves every read by unit (petition facts
by unit and day, case deadlines by unit and due day): a plan made on an empty table would scan the unit with it

Revision ID: reports_0004
Revises: reports_0003
Create Date: 2026-11-27
"""

from alembic import op

revision = "reports_0004"
down_revision = "reports_0003"
branch_labels = None
depends_on = None

TABLES = ("petition_facts", "case_deadlines")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(f"ix_{table}_unit")


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_index(f"ix_{table}_unit", ["unit"], unique=False)
