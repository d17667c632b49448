"""The roster service's tables (its own database; the kit adds outbox, inbox and idempotency tables).

Every record belongs to a unit (ward). Documents that are edited as a whole (calendar, coverage rules) and a
roster's assignments are stored as JSON: they are always read and written together.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from tiepdan.kit.db import UnitOwned, UTCDateTime, service_metadata, unit_without_own_index
from tiepdan.roster.domain.roster import Assignment
from tiepdan.roster.domain.rules import CoverageRules, Shift


class Base(DeclarativeBase):
    metadata = service_metadata()


class AgencyRecord(UnitOwned, Base):
    __tablename__ = "agencies"
    __table_args__ = (UniqueConstraint("unit", "code"),)
    unit: Mapped[str] = unit_without_own_index()  # its unique key (unit, code) leads with unit

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(300))


class StaffRecord(UnitOwned, Base):
    """An officer. `staff_id` is the public id (kept from an import, e.g. "s001")."""

    __tablename__ = "staff"
    __table_args__ = (UniqueConstraint("unit", "staff_id"),)
    unit: Mapped[str] = unit_without_own_index()  # its unique key (unit, staff_id) leads with unit

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    staff_id: Mapped[str] = mapped_column(String(64))
    full_name: Mapped[str] = mapped_column(String(200))
    agency: Mapped[str] = mapped_column(String(32))
    skills: Mapped[list[str]] = mapped_column(JSON)
    unavailable: Mapped[list[str]] = mapped_column(JSON, default=list)
    leave: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    preferences: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CalendarRecord(UnitOwned, Base):
    """A unit's working calendar, in the format of `calendar-2026.json` (absent: the built-in default)."""

    __tablename__ = "calendars"
    __table_args__ = (UniqueConstraint("unit"),)
    unit: Mapped[str] = unit_without_own_index()  # unique: one calendar per unit

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(200))


class CoverageRulesRecord(UnitOwned, Base):
    """A unit's coverage rules, in the format of `coverage-rules.json` (absent: the built-in default)."""

    __tablename__ = "coverage_rules"
    __table_args__ = (UniqueConstraint("unit"),)
    unit: Mapped[str] = unit_without_own_index()  # unique: one set of rules per unit

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(200))


class RosterRecord(UnitOwned, Base):
    """A duty roster: requested (`solving`), solved (`draft` / `infeasible`), then `published`.

    A re-planned roster (`replaces` set) is published as soon as it is solved and the one it replaces becomes
    `superseded`. `shifts` and `staff` are snapshots taken when solving, so exports and events stay stable.
    """

    __tablename__ = "rosters"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), index=True)
    time_limit_s: Mapped[float] = mapped_column(Float)
    replaces: Mapped[str | None] = mapped_column(String(36), nullable=True)
    replan_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    requested_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    solved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    published_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    assignments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    violations: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    stats: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    shifts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    staff: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Ho_Chi_Minh")

    def planned(self) -> list[Assignment]:
        return [Assignment.from_dict(a) for a in self.assignments or []]

    def shift_list(self) -> list[Shift]:
        """The shifts as they were when the roster was solved."""
        return list(CoverageRules.from_dict({"shifts": self.shifts}).shifts) if self.shifts else []


class WorkingGroupRecord(UnitOwned, Base):
    """A working group (Tổ công tác tiếp công dân) as its decision established it; members as JSON
    (`staff_id`, `agency`, `role`), always read with the group."""

    __tablename__ = "working_groups"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    decision_no: Mapped[str] = mapped_column(String(100))
    decision_date: Mapped[date] = mapped_column(Date)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
    members: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    established_by: Mapped[str] = mapped_column(String(200))
    established_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReceptionRecord(UnitOwned, Base):
    """An unscheduled reception scheduled in advance; `security_plan` is the police's (`officers`, `notes`,
    `recorded_by`, `recorded_at`), null until they record one."""

    __tablename__ = "receptions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    place: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    presiding_staff_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    expected_headcount: Mapped[int | None] = mapped_column(Integer, nullable=True)
    field: Mapped[str | None] = mapped_column(String(64), nullable=True)
    subject: Mapped[str | None] = mapped_column(String(500), nullable=True)
    area: Mapped[str | None] = mapped_column(String(300), nullable=True)
    revision: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    scheduled_by: Mapped[str] = mapped_column(String(200))
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    security_plan: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class IncidentRecord(UnitOwned, Base):
    """An incident at the reception office: no citizen's identity, only the case reference the police may enter."""

    __tablename__ = "incidents"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    what_happened: Mapped[str] = mapped_column(Text)
    action_taken: Mapped[str] = mapped_column(Text)
    case_ref: Mapped[str | None] = mapped_column(String(100), nullable=True)
    reception_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
