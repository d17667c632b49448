"""roster: agencies, staff, calendars, coverage rules and rosters

Revision ID: roster_0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

import tiepdan.kit.db

revision = "roster_0001"
down_revision = None
branch_labels = ("roster",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agencies")),
        sa.UniqueConstraint("unit", "code", name=op.f("uq_agencies_unit")),
    )
    with op.batch_alter_table("agencies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agencies_unit"), ["unit"], unique=False)

    op.create_table(
        "calendars",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("updated_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendars")),
        sa.UniqueConstraint("unit", name=op.f("uq_calendars_unit")),
    )
    with op.batch_alter_table("calendars", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendars_unit"), ["unit"], unique=False)

    op.create_table(
        "coverage_rules",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("updated_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coverage_rules")),
        sa.UniqueConstraint("unit", name=op.f("uq_coverage_rules_unit")),
    )
    with op.batch_alter_table("coverage_rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coverage_rules_unit"), ["unit"], unique=False)

    op.create_table(
        "rosters",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("time_limit_s", sa.Float(), nullable=False),
        sa.Column("replaces", sa.String(length=36), nullable=True),
        sa.Column("replan_reason", sa.Text(), nullable=True),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("solved_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("published_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("published_by", sa.String(length=200), nullable=True),
        sa.Column("assignments", sa.JSON(), nullable=False),
        sa.Column("violations", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("stats", sa.JSON(), nullable=False),
        sa.Column("shifts", sa.JSON(), nullable=False),
        sa.Column("staff", sa.JSON(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rosters")),
    )
    with op.batch_alter_table("rosters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rosters_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_rosters_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_rosters_unit"), ["unit"], unique=False)

    op.create_table(
        "staff",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("staff_id", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("unavailable", sa.JSON(), nullable=False),
        sa.Column("leave", sa.JSON(), nullable=False),
        sa.Column("preferences", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
        sa.UniqueConstraint("unit", "staff_id", name=op.f("uq_staff_unit")),
    )
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_unit"), ["unit"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_unit"))

    op.drop_table("staff")
    with op.batch_alter_table("rosters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rosters_unit"))
        batch_op.drop_index(batch_op.f("ix_rosters_status"))
        batch_op.drop_index(batch_op.f("ix_rosters_created_at"))

    op.drop_table("rosters")
    with op.batch_alter_table("coverage_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coverage_rules_unit"))

    op.drop_table("coverage_rules")
    with op.batch_alter_table("calendars", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendars_unit"))

    op.drop_table("calendars")
    with op.batch_alter_table("agencies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agencies_unit"))

    op.drop_table("agencies")
