"""intake: no unit-only index where a plan made on an empty table would scan the unit's rows with it; citizens and
case history are read by their case (or visit, petition, ID digest), visits and petitions by unit and day through
a composite index

Revision ID: intake_0005
Revises: intake_0004
Create Date: 2026-11-27
"""

from alembic import op

from tiepdan.kit.migrate import create_unit_indexes, drop_unit_indexes

revision = "intake_0005"
down_revision = "intake_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    drop_unit_indexes(("citizens", "case_history"))
    for table in ("visits", "petitions"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_index(f"ix_{table}_unit_day", ["unit", "received_on"], unique=False)
            batch_op.drop_index(f"ix_{table}_unit")


def downgrade() -> None:
    for table in ("visits", "petitions"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_index(f"ix_{table}_unit", ["unit"], unique=False)
            batch_op.drop_index(f"ix_{table}_unit_day")
    create_unit_indexes(("citizens", "case_history"))
