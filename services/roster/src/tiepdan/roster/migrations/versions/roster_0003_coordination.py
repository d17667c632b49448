"""roster: working groups (Tổ công tác tiếp công dân), unscheduled receptions with their security plan, incidents
at the reception office

Revision ID: roster_0003
Revises: roster_0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

import tiepdan.kit.db

revision = "roster_0003"
down_revision = "roster_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "working_groups",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("decision_no", sa.String(length=100), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("members", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("established_by", sa.String(length=200), nullable=False),
        sa.Column("established_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_working_groups")),
    )
    with op.batch_alter_table("working_groups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_working_groups_unit"), ["unit"], unique=False)

    op.create_table(
        "receptions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("starts_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("presiding_staff_id", sa.String(length=64), nullable=True),
        sa.Column("expected_headcount", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=64), nullable=True),
        sa.Column("subject", sa.String(length=500), nullable=True),
        sa.Column("area", sa.String(length=300), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("scheduled_by", sa.String(length=200), nullable=False),
        sa.Column("scheduled_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("security_plan", sa.JSON(), nullable=True),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receptions")),
    )
    with op.batch_alter_table("receptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_receptions_starts_at"), ["starts_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_receptions_unit"), ["unit"], unique=False)

    op.create_table(
        "incidents",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("occurred_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("what_happened", sa.Text(), nullable=False),
        sa.Column("action_taken", sa.Text(), nullable=False),
        sa.Column("case_ref", sa.String(length=100), nullable=True),
        sa.Column("reception_id", sa.String(length=36), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
    )
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incidents_occurred_at"), ["occurred_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_incidents_unit"), ["unit"], unique=False)


def downgrade() -> None:
    for table in ("incidents", "receptions", "working_groups"):
        op.drop_table(table)
