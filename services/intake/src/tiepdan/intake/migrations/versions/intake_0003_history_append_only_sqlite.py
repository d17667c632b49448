"""intake: the case history is append-only on SQLite too (embedded mode), as the PostgreSQL trigger makes it

Revision ID: intake_0003
Revises: intake_0002
Create Date: 2026-11-26
"""

from alembic import op

revision = "intake_0003"
down_revision = "intake_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER case_history_no_{event.lower()} BEFORE {event} ON case_history "
                "BEGIN SELECT RAISE(ABORT, 'case_history is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS case_history_no_update")
        op.execute("DROP TRIGGER IF EXISTS case_history_no_delete")
