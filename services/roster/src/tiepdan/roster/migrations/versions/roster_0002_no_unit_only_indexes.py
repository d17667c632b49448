"""roster: no unit-only index beside a unique key that leads with unit (agencies, staff) or is the unit itself
(calendars, coverage rules): it indexed the same thing twice

Revision ID: roster_0002
Revises: roster_0001
Create Date: 2026-11-27
"""

from alembic import op

revision = "roster_0002"
down_revision = "roster_0001"
branch_labels = None
depends_on = None

TABLES = ("agencies", "staff", "calendars", "coverage_rules")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(f"ix_{table}_unit")


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_index(f"ix_{table}_unit", ["unit"], unique=False)
