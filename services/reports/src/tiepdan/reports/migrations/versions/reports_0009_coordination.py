"""reports: response plans and their tasks, projected from intake.response_plan.* and intake.response_task.*

Revision ID: reports_0009
Revises: reports_0008
Create Date: 2026-12-28
"""

import sqlalchemy as sa
from alembic import op

from tiepdan.kit.db import UTCDateTime

revision = "reports_0009"
down_revision = "reports_0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "response_plan_facts",
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("opened_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("last_event_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("plan_id", name=op.f("pk_response_plan_facts")),
    )
    op.create_index(op.f("ix_response_plan_facts_unit"), "response_plan_facts", ["unit"])
    op.create_table(
        "response_task_facts",
        sa.Column("task_id", sa.String(length=64), nullable=False),
        sa.Column("plan_id", sa.String(length=64), nullable=False),
        sa.Column("assignee_agency", sa.String(length=64), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("assigned_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("completed_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("completed_late", sa.Boolean(), nullable=False),
        sa.Column("last_event_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("task_id", name=op.f("pk_response_task_facts")),
    )
    op.create_index(op.f("ix_response_task_facts_unit"), "response_task_facts", ["unit"])


def downgrade() -> None:
    op.drop_index(op.f("ix_response_task_facts_unit"), table_name="response_task_facts")
    op.drop_table("response_task_facts")
    op.drop_index(op.f("ix_response_plan_facts_unit"), table_name="response_plan_facts")
    op.drop_table("response_plan_facts")
