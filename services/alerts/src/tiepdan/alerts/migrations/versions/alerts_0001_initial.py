"""alerts: alerts and their contributions, sightings, rule sets, calendar and roster copies, silences, deliveries

Revision ID: alerts_0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

import tiepdan.kit.db

revision = "alerts_0001"
down_revision = None
branch_labels = ("alerts",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_contributions",
        sa.Column("alert_id", sa.String(length=36), nullable=False),
        sa.Column("source_id", sa.String(length=200), nullable=False),
        sa.Column("at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("is_visit", sa.Boolean(), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("alert_id", "source_id", name=op.f("pk_alert_contributions")),
    )
    op.create_table(
        "alert_rule_sets",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("updated_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_rule_sets")),
        sa.UniqueConstraint("unit", name="uq_alert_rule_sets_unit"),
    )
    with op.batch_alter_table("alert_rule_sets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_rule_sets_unit"), ["unit"], unique=False)

    op.create_table(
        "alerts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("group_key", sa.String(length=600), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("area", sa.Text(), nullable=True),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("counted_visits", sa.Integer(), nullable=False),
        sa.Column("visit_count_floor", sa.Integer(), nullable=False),
        sa.Column("case_ids", sa.JSON(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("first_seen", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("raised_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("route_receivers", sa.JSON(), nullable=False),
        sa.Column("route_escalation", sa.JSON(), nullable=False),
        sa.Column("escalation_level", sa.Integer(), nullable=False),
        sa.Column("special_period", sa.Text(), nullable=True),
        sa.Column("level_since", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_notified_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by", sa.String(length=200), nullable=True),
        sa.Column("acknowledged_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("acknowledge_note", sa.Text(), nullable=True),
        sa.Column("resolved_by", sa.String(length=200), nullable=True),
        sa.Column("resolved_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolve_note", sa.Text(), nullable=True),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
    )
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.create_index("ix_alerts_listing", ["unit", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_alerts_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_alerts_unit"), ["unit"], unique=False)
        batch_op.create_index(
            "uq_alerts_active_key",
            ["unit", "kind", "group_key"],
            unique=True,
            postgresql_where=sa.text("status <> 'resolved'"),
            sqlite_where=sa.text("status <> 'resolved'"),
        )

    op.create_table(
        "calendar_copies",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("updated_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_copies")),
        sa.UniqueConstraint("unit", name="uq_calendar_copies_unit"),
    )
    with op.batch_alter_table("calendar_copies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_copies_unit"), ["unit"], unique=False)

    op.create_table(
        "deliveries",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("alert_id", sa.String(length=36), nullable=False),
        sa.Column("receiver", sa.String(length=40), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("created_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("log", sa.JSON(), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
    )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deliveries_alert_id"), ["alert_id"], unique=False)
        batch_op.create_index("ix_deliveries_due", ["outcome", "next_attempt_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_deliveries_unit"), ["unit"], unique=False)

    op.create_table(
        "duty_rosters",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("roster_id", sa.String(length=64), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("published_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_rosters")),
    )
    with op.batch_alter_table("duty_rosters", schema=None) as batch_op:
        batch_op.create_index("ix_duty_rosters_period", ["unit", "period_from", "period_to"], unique=False)
        batch_op.create_index(batch_op.f("ix_duty_rosters_unit"), ["unit"], unique=False)

    op.create_table(
        "sightings",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("source_id", sa.String(length=200), nullable=False),
        sa.Column("group_key", sa.String(length=600), nullable=True),
        sa.Column("at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("is_visit", sa.Boolean(), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=True),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sightings")),
        sa.UniqueConstraint("unit", "source_id", name="uq_sightings_unit_source"),
    )
    with op.batch_alter_table("sightings", schema=None) as batch_op:
        batch_op.create_index("ix_sightings_topic", ["unit", "group_key", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_sightings_unit"), ["unit"], unique=False)

    op.create_table(
        "silences",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("matchers", sa.JSON(), nullable=False),
        sa.Column("starts_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_silences")),
    )
    with op.batch_alter_table("silences", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_silences_ends_at"), ["ends_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_silences_unit"), ["unit"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("silences", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_silences_unit"))
        batch_op.drop_index(batch_op.f("ix_silences_ends_at"))

    op.drop_table("silences")
    with op.batch_alter_table("sightings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sightings_unit"))
        batch_op.drop_index("ix_sightings_topic")

    op.drop_table("sightings")
    with op.batch_alter_table("duty_rosters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duty_rosters_unit"))
        batch_op.drop_index("ix_duty_rosters_period")

    op.drop_table("duty_rosters")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deliveries_unit"))
        batch_op.drop_index("ix_deliveries_due")
        batch_op.drop_index(batch_op.f("ix_deliveries_alert_id"))

    op.drop_table("deliveries")
    with op.batch_alter_table("calendar_copies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_copies_unit"))

    op.drop_table("calendar_copies")
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_alerts_active_key",
            postgresql_where=sa.text("status <> 'resolved'"),
            sqlite_where=sa.text("status <> 'resolved'"),
        )
        batch_op.drop_index(batch_op.f("ix_alerts_unit"))
        batch_op.drop_index(batch_op.f("ix_alerts_status"))
        batch_op.drop_index("ix_alerts_listing")

    op.drop_table("alerts")
    with op.batch_alter_table("alert_rule_sets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_rule_sets_unit"))

    op.drop_table("alert_rule_sets")
    op.drop_table("alert_contributions")
