"""reports: each visit knows its case's previous visit day in the same form column, so 01/TCD needs no grouping
by case; the covering index carries it instead of the case id.

Revision ID: reports_0002
Revises: reports_0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "reports_0002"
down_revision = "reports_0001"
branch_labels = None
depends_on = None

OLD_INCLUDE = ["report_column", "case_id", "headcount", "case_first_on", "is_case_first_visit"]
NEW_INCLUDE = ["report_column", "headcount", "case_first_on", "is_case_first_visit", "prev_column_visit_on"]


def upgrade() -> None:
    with op.batch_alter_table("visit_facts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prev_column_visit_on", sa.Date(), nullable=True))
        batch_op.drop_index("ix_visit_facts_unit_received_on", postgresql_include=OLD_INCLUDE)
        batch_op.create_index(
            "ix_visit_facts_unit_received_on", ["unit", "received_on"], unique=False, postgresql_include=NEW_INCLUDE
        )
        batch_op.create_index(
            "ix_visit_facts_case_column", ["case_id", "report_column", "received_at", "visit_id"], unique=False
        )
    # visits projected before this revision: their previous visit in the column, from the visits themselves
    op.execute(
        """
        UPDATE visit_facts SET prev_column_visit_on = (
            SELECT earlier.received_on FROM visit_facts AS earlier
            WHERE earlier.case_id = visit_facts.case_id AND earlier.report_column = visit_facts.report_column
              AND (earlier.received_at < visit_facts.received_at
                   OR (earlier.received_at = visit_facts.received_at AND earlier.visit_id < visit_facts.visit_id))
            ORDER BY earlier.received_at DESC, earlier.visit_id DESC LIMIT 1)
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("visit_facts", schema=None) as batch_op:
        batch_op.drop_index("ix_visit_facts_case_column")
        batch_op.drop_index("ix_visit_facts_unit_received_on", postgresql_include=NEW_INCLUDE)
        batch_op.create_index(
            "ix_visit_facts_unit_received_on", ["unit", "received_on"], unique=False, postgresql_include=OLD_INCLUDE
        )
        batch_op.drop_column("prev_column_visit_on")
