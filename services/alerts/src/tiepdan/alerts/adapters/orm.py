"""The alerts service's tables (its own database; the kit adds outbox, inbox and idempotency tables)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Index, Integer, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from tiepdan.kit.db import BigId, UnitOwned, UTCDateTime, service_metadata, unit_without_own_index


class Base(DeclarativeBase):
    metadata = service_metadata()


class AlertRow(UnitOwned, Base):
    __tablename__ = "alerts"
    __table_args__ = (
        # The database itself refuses a second active alert for one (kind, group key): dedup cannot be raced.
        Index(
            "uq_alerts_active_key",
            "unit",
            "kind",
            "group_key",
            unique=True,
            postgresql_where=text("status <> 'resolved'"),
            sqlite_where=text("status <> 'resolved'"),
        ),
        Index("ix_alerts_listing", "unit", "id"),
    )
    unit: Mapped[str] = unit_without_own_index()  # both indexes above lead with it (alerts_0003)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    group_key: Mapped[str] = mapped_column(String(600))
    severity: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    title: Mapped[str] = mapped_column(Text)
    field: Mapped[str | None] = mapped_column(String(64))
    subject: Mapped[str | None] = mapped_column(Text)
    area: Mapped[str | None] = mapped_column(Text)
    headcount: Mapped[int] = mapped_column(Integer)
    counted_visits: Mapped[int] = mapped_column(Integer)
    visit_count_floor: Mapped[int] = mapped_column(Integer)
    case_ids: Mapped[list[str]] = mapped_column(JSON)
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    route_receivers: Mapped[list[str]] = mapped_column(JSON)
    route_escalation: Mapped[list[str]] = mapped_column(JSON)
    escalation_level: Mapped[int] = mapped_column(Integer)
    special_period: Mapped[str | None] = mapped_column(Text)
    level_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pending_update: Mapped[bool] = mapped_column(Boolean, server_default=false())
    acknowledged_by: Mapped[str | None] = mapped_column(String(200))
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledge_note: Mapped[str | None] = mapped_column(Text)
    resolved_by: Mapped[str | None] = mapped_column(String(200))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolve_note: Mapped[str | None] = mapped_column(Text)


class ContributionRow(Base):
    """Which sources an alert counted: the primary key makes counting a source twice impossible."""

    __tablename__ = "alert_contributions"

    alert_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    source_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    headcount: Mapped[int] = mapped_column(Integer)
    is_visit: Mapped[bool] = mapped_column(Boolean)
    case_id: Mapped[str | None] = mapped_column(String(64))


class SightingRow(UnitOwned, Base):
    """Every source this unit's detectors have seen once (visits, petitions, reports, deadlines, gaps).

    Seen sources make replays no-ops; topic sightings feed the hotspot's sliding window.
    """

    __tablename__ = "sightings"
    __table_args__ = (
        UniqueConstraint("unit", "source_id", name="uq_sightings_unit_source"),
        Index("ix_sightings_topic", "unit", "group_key", "at"),
    )
    unit: Mapped[str] = unit_without_own_index()  # both keys above lead with it (alerts_0003)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    source_id: Mapped[str] = mapped_column(String(200))
    group_key: Mapped[str | None] = mapped_column(String(600))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    headcount: Mapped[int] = mapped_column(Integer)
    is_visit: Mapped[bool] = mapped_column(Boolean)
    case_id: Mapped[str | None] = mapped_column(String(64))


class RuleSetRow(UnitOwned, Base):
    __tablename__ = "alert_rule_sets"
    __table_args__ = (UniqueConstraint("unit", name="uq_alert_rule_sets_unit"),)
    unit: Mapped[str] = unit_without_own_index()  # the unique key indexes it (alerts_0003)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(200))


class CalendarRow(UnitOwned, Base):
    """The local copy of the unit's calendar from `roster.calendar.changed`."""

    __tablename__ = "calendar_copies"
    __table_args__ = (UniqueConstraint("unit", name="uq_calendar_copies_unit"),)
    unit: Mapped[str] = unit_without_own_index()  # the unique key indexes it (alerts_0003)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RosterRow(UnitOwned, Base):
    """The local copy of each published roster (`roster.roster.published`); later publications win."""

    __tablename__ = "duty_rosters"
    __table_args__ = (Index("ix_duty_rosters_period", "unit", "period_from", "period_to"),)
    unit: Mapped[str] = unit_without_own_index()  # the period index leads with it (alerts_0003)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    roster_id: Mapped[str] = mapped_column(String(64))
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SilenceRow(UnitOwned, Base):
    __tablename__ = "silences"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    matchers: Mapped[dict[str, str]] = mapped_column(JSON)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    created_by: Mapped[str] = mapped_column(String(200))
    comment: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DeliveryRow(UnitOwned, Base):
    """The delivery log: one row per receiver, channel and notice, with every attempt."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_due", "outcome", "next_attempt_at"),)
    unit: Mapped[str] = unit_without_own_index()  # read by alert or by due time (alerts_0003)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    alert_id: Mapped[str] = mapped_column(String(36), index=True)
    receiver: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    outcome: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_status: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    log: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
