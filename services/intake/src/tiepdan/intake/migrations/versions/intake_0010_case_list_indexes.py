"""intake: indexes for the case lists and counts of the console's pages: cases by the day received, the complex
ones, by how many brought them (groups), and a case's latest history entry (the officer a case is with). None
leads with the unit: a plan made on an empty table would take such an index for every read by unit (intake_0005).

Revision ID: intake_0010
Revises: intake_0009
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "intake_0010"
down_revision = "intake_0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch_op:
        batch_op.create_index("ix_cases_received_on", ["received_on"], unique=False)
        batch_op.create_index("ix_cases_complainants", ["complainants"], unique=False)
        batch_op.create_index(
            "ix_cases_complex",
            ["seq"],
            unique=False,
            postgresql_where=sa.text("complex"),
            sqlite_where=sa.text("complex"),
        )
    with op.batch_alter_table("case_history") as batch_op:
        batch_op.create_index("ix_case_history_case_seq", ["case_id", "seq"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("case_history") as batch_op:
        batch_op.drop_index("ix_case_history_case_seq")
    with op.batch_alter_table("cases") as batch_op:
        for name in ("ix_cases_complex", "ix_cases_complainants", "ix_cases_received_on"):
            batch_op.drop_index(name)
