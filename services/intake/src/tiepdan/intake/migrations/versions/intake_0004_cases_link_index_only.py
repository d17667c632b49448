"""intake: cases lose their unit-only index; the link index (unit, field, subject_key) leads with unit and serves
every query by unit, and the planner can no longer pick the unit-only one for linking (a scan of the unit's cases)
when statistics are missing or a cached generic plan predates them

Revision ID: intake_0004
Revises: intake_0003
Create Date: 2026-11-27
"""

from alembic import op

revision = "intake_0004"
down_revision = "intake_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch_op:
        batch_op.drop_index("ix_cases_unit")


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch_op:
        batch_op.create_index("ix_cases_unit", ["unit"], unique=False)
