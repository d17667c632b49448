"""intake: case_history's own index on case_id dropped; ix_case_history_case_seq (case_id, seq) leads with it and
serves the same lookups, so every history row was indexed twice on the registration's path

Revision ID: intake_0013
Revises: intake_0012
Create Date: 2026-12-03
"""

from alembic import op

revision = "intake_0013"
down_revision = "intake_0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_history") as batch_op:
        batch_op.drop_index("ix_case_history_case_id")


def downgrade() -> None:
    with op.batch_alter_table("case_history") as batch_op:
        batch_op.create_index("ix_case_history_case_id", ["case_id"], unique=False)
