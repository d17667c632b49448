"""intake: handling plans (phương án xử lý) for crowd, hotspot, over-level and complex matters, the leader's
directives, their tasks and the tasks' reports back (issue 19)

Revision ID: intake_0012
Revises: intake_0011
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

import tiepdan.kit.db

revision = "intake_0012"
down_revision = "intake_0011"
branch_labels = None
depends_on = None

SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UNANNOUNCED = "completed_at IS NULL AND overdue_announced_at IS NULL"


def upgrade() -> None:
    op.create_table(
        "response_plans",
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("seq", SEQ, autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("field", sa.String(length=30), nullable=True),
        sa.Column("subject", sa.String(length=300), nullable=True),
        sa.Column("area", sa.String(length=200), nullable=True),
        sa.Column("alert_ids", sa.JSON(), nullable=False),
        sa.Column("case_ids", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("opened_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(length=200), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=True),
        sa.Column("closing_note", sa.Text(), nullable=True),
        sa.Column("closed_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=200), nullable=True),
        sa.Column("tasks_at_close", sa.Integer(), nullable=True),
        sa.Column("tasks_overdue_at_close", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_response_plans")),
        sa.UniqueConstraint("id", name=op.f("uq_response_plans_id")),
    )
    op.create_index("ix_response_plans_unit_seq", "response_plans", ["unit", "seq"], unique=False)
    op.create_table(
        "response_directives",
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("seq", SEQ, autoincrement=True, nullable=False),
        sa.Column("plan_id", sa.String(length=36), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("given_by", sa.String(length=120), nullable=False),
        sa.Column("given_by_name", sa.String(length=200), nullable=False),
        sa.Column("given_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["response_plans.id"], name=op.f("fk_response_directives_plan_id_response_plans")
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_response_directives")),
    )
    op.create_index(op.f("ix_response_directives_plan_id"), "response_directives", ["plan_id"], unique=False)
    op.create_table(
        "response_tasks",
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("seq", SEQ, autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("plan_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("assignee_agency", sa.String(length=32), nullable=False),
        sa.Column("assignee_staff_id", sa.String(length=64), nullable=True),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("assigned_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("assigned_by", sa.String(length=200), nullable=False),
        sa.Column("completed_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("completed_late", sa.Boolean(), nullable=False),
        sa.Column("overdue_announced_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["response_plans.id"], name=op.f("fk_response_tasks_plan_id_response_plans")
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_response_tasks")),
        sa.UniqueConstraint("id", name=op.f("uq_response_tasks_id")),
    )
    op.create_index(op.f("ix_response_tasks_plan_id"), "response_tasks", ["plan_id"], unique=False)
    op.create_index(
        "ix_response_tasks_unannounced",
        "response_tasks",
        ["due_on"],
        unique=False,
        postgresql_where=sa.text(UNANNOUNCED),
        sqlite_where=sa.text(UNANNOUNCED),
    )
    op.create_table(
        "response_task_reports",
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("seq", SEQ, autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("task_id", sa.String(length=36), nullable=False),
        sa.Column("plan_id", sa.String(length=36), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("completed", sa.Boolean(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("reported_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reported_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"], ["response_tasks.id"], name=op.f("fk_response_task_reports_task_id_response_tasks")
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_response_task_reports")),
        sa.UniqueConstraint("id", name=op.f("uq_response_task_reports_id")),
    )
    op.create_index(op.f("ix_response_task_reports_task_id"), "response_task_reports", ["task_id"], unique=False)
    op.create_index(op.f("ix_response_task_reports_plan_id"), "response_task_reports", ["plan_id"], unique=False)


def downgrade() -> None:
    for name in ("response_task_reports", "response_tasks", "response_directives", "response_plans"):
        op.drop_table(name)
