"""reports: projections (visits, petitions, case changes, deadlines, alerts, register days, calendars) and
report snapshots with their files, scheduled runs and webhook deliveries.

Revision ID: reports_0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

import tiepdan.kit.db

revision = "reports_0001"
down_revision = None
branch_labels = ("reports",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_facts",
        sa.Column("alert_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("raised_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_event_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("alert_id", name=op.f("pk_alert_facts")),
    )
    with op.batch_alter_table("alert_facts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_facts_unit"), ["unit"], unique=False)

    op.create_table(
        "calendars",
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("changed_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("unit", name=op.f("pk_calendars")),
    )
    op.create_table(
        "case_changes",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("previous_status", sa.String(length=20), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.Column("competent", sa.Boolean(), nullable=True),
        sa.Column("complaint_round", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=True),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_case_changes")),
    )
    with op.batch_alter_table("case_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_changes_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_changes_unit"), ["unit"], unique=False)

    op.create_table(
        "case_deadlines",
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("set_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "name", name=op.f("pk_case_deadlines")),
    )
    with op.batch_alter_table("case_deadlines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_deadlines_unit"), ["unit"], unique=False)
        batch_op.create_index("ix_case_deadlines_unit_due", ["unit", "due"], unique=False)

    op.create_table(
        "petition_facts",
        sa.Column("petition_id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("signers", sa.Integer(), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.Column("eligible", sa.Boolean(), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("petition_id", name=op.f("pk_petition_facts")),
    )
    with op.batch_alter_table("petition_facts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_petition_facts_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_petition_facts_unit"), ["unit"], unique=False)
        batch_op.create_index("ix_petition_facts_unit_received_on", ["unit", "received_on"], unique=False)

    op.create_table(
        "register_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("closed_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("day", "unit", name=op.f("pk_register_days")),
    )
    op.create_table(
        "report_deliveries",
        sa.Column("report_id", sa.String(length=36), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("delivered_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_report_deliveries")),
    )
    with op.batch_alter_table("report_deliveries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_deliveries_status"), ["status"], unique=False)

    op.create_table(
        "report_files",
        sa.Column("report_id", sa.String(length=36), nullable=False),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("report_id", "format", name=op.f("pk_report_files")),
    )
    op.create_table(
        "report_snapshots",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("template", sa.String(length=10), nullable=False),
        sa.Column("period", sa.JSON(), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("units", sa.JSON(), nullable=True),
        sa.Column("cut_off", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("generated_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("generator", sa.String(length=80), nullable=False),
        sa.Column("trigger", sa.String(length=16), nullable=False),
        sa.Column("requested_by", sa.String(length=120), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_snapshots")),
    )
    with op.batch_alter_table("report_snapshots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_snapshots_generated_at"), ["generated_at"], unique=False)

    op.create_table(
        "scheduled_runs",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("report_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_scheduled_runs")),
    )
    op.create_table(
        "visit_facts",
        sa.Column("visit_id", sa.String(length=64), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("received_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("reception", sa.String(length=16), nullable=False),
        sa.Column("report_column", sa.String(length=16), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("case_first_on", sa.Date(), nullable=False),
        sa.Column("is_case_first_visit", sa.Boolean(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("visit_id", name=op.f("pk_visit_facts")),
    )
    with op.batch_alter_table("visit_facts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_visit_facts_unit_received_on",
            ["unit", "received_on"],
            unique=False,
            postgresql_include=["report_column", "case_id", "headcount", "case_first_on", "is_case_first_visit"],
        )


def downgrade() -> None:
    with op.batch_alter_table("visit_facts", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_visit_facts_unit_received_on",
            postgresql_include=["report_column", "case_id", "headcount", "case_first_on", "is_case_first_visit"],
        )

    op.drop_table("visit_facts")
    op.drop_table("scheduled_runs")
    with op.batch_alter_table("report_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_snapshots_generated_at"))

    op.drop_table("report_snapshots")
    op.drop_table("report_files")
    with op.batch_alter_table("report_deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_deliveries_status"))

    op.drop_table("report_deliveries")
    op.drop_table("register_days")
    with op.batch_alter_table("petition_facts", schema=None) as batch_op:
        batch_op.drop_index("ix_petition_facts_unit_received_on")
        batch_op.drop_index(batch_op.f("ix_petition_facts_unit"))
        batch_op.drop_index(batch_op.f("ix_petition_facts_case_id"))

    op.drop_table("petition_facts")
    with op.batch_alter_table("case_deadlines", schema=None) as batch_op:
        batch_op.drop_index("ix_case_deadlines_unit_due")
        batch_op.drop_index(batch_op.f("ix_case_deadlines_unit"))

    op.drop_table("case_deadlines")
    with op.batch_alter_table("case_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_changes_unit"))
        batch_op.drop_index(batch_op.f("ix_case_changes_case_id"))

    op.drop_table("case_changes")
    op.drop_table("calendars")
    with op.batch_alter_table("alert_facts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_facts_unit"))

    op.drop_table("alert_facts")
