"""Reading and writing the roster service's records; converts between rows and domain objects.

Every query is an ORM select of a `UnitOwned` entity, so a request's session only sees the caller's units; the
worker's unscoped session passes `unit` explicitly.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from tiepdan.kit.calendar import WorkingCalendar, default_calendar_data, with_shipped_years
from tiepdan.kit.db import utcnow
from tiepdan.roster.adapters.orm import (
    AgencyRecord,
    CalendarRecord,
    CoverageRulesRecord,
    RosterRecord,
    StaffRecord,
)
from tiepdan.roster.domain.errors import ErrorCollector
from tiepdan.roster.domain.roster import Assignment
from tiepdan.roster.domain.rules import CoverageRules, default_rules_data
from tiepdan.roster.domain.staff import Staff, parse_staff

PUBLISHED = "published"


def _in_unit(stmt: Select[Any], model: Any, unit: str | None) -> Select[Any]:
    return stmt if unit is None else stmt.where(model.unit == unit)


def staff_record_to_domain(record: StaffRecord) -> Staff:
    errors = ErrorCollector()
    person = parse_staff(staff_record_to_dict(record), "staff", errors)
    if person is None:
        raise ValueError(f"stored staff {record.staff_id} is invalid: {errors.errors}")
    return person


def staff_record_to_dict(record: StaffRecord) -> dict[str, Any]:
    return {
        "id": record.staff_id,
        "full_name": record.full_name,
        "agency": record.agency,
        "skills": list(record.skills),
        "unavailable": list(record.unavailable or []),
        "leave": list(record.leave or []),
        "preferences": dict(record.preferences or {}),
        "active": record.active,
    }


def apply_staff(record: StaffRecord, person: Staff) -> None:
    data = person.to_dict()
    record.full_name = data["full_name"]
    record.agency = data["agency"]
    record.skills = data["skills"]
    record.unavailable = data["unavailable"]
    record.leave = data["leave"]
    record.preferences = data["preferences"]
    record.active = data["active"]
    record.updated_at = utcnow()


def new_staff_record(person: Staff, unit: str | None = None) -> StaffRecord:
    record = StaffRecord(id=str(uuid.uuid4()), staff_id=person.id)
    if unit is not None:
        record.unit = unit
    apply_staff(record, person)
    return record


def staff_records(session: Session, unit: str | None = None) -> list[StaffRecord]:
    stmt = _in_unit(select(StaffRecord), StaffRecord, unit).order_by(StaffRecord.staff_id)
    return list(session.scalars(stmt))


def staff_record(session: Session, staff_id: str) -> StaffRecord | None:
    return session.scalars(select(StaffRecord).where(StaffRecord.staff_id == staff_id)).one_or_none()


def staff_of_unit(session: Session, unit: str | None = None) -> tuple[Staff, ...]:
    return tuple(staff_record_to_domain(r) for r in staff_records(session, unit))


def agency_records(session: Session, unit: str | None = None) -> list[AgencyRecord]:
    stmt = _in_unit(select(AgencyRecord), AgencyRecord, unit).order_by(AgencyRecord.code)
    return list(session.scalars(stmt))


def calendar_record(session: Session, unit: str | None = None) -> CalendarRecord | None:
    return session.scalars(_in_unit(select(CalendarRecord), CalendarRecord, unit)).first()


def calendar_document(session: Session, unit: str | None = None) -> dict[str, Any]:
    record = calendar_record(session, unit)
    return with_shipped_years(dict(record.document)) if record is not None else default_calendar_data()


def working_calendar(session: Session, unit: str | None = None) -> WorkingCalendar:
    return WorkingCalendar.from_dict(calendar_document(session, unit))


def rules_record(session: Session, unit: str | None = None) -> CoverageRulesRecord | None:
    return session.scalars(_in_unit(select(CoverageRulesRecord), CoverageRulesRecord, unit)).first()


def rules_document(session: Session, unit: str | None = None) -> dict[str, Any]:
    record = rules_record(session, unit)
    return dict(record.document) if record is not None else default_rules_data()


def coverage_rules(session: Session, unit: str | None = None) -> CoverageRules:
    return CoverageRules.from_dict(rules_document(session, unit))


def roster_record(session: Session, roster_id: str) -> RosterRecord | None:
    return session.scalars(select(RosterRecord).where(RosterRecord.id == roster_id)).one_or_none()


def published_overlapping(session: Session, start: date, end: date, unit: str | None = None) -> list[RosterRecord]:
    """Published rosters touching [start, end], oldest publication first (later ones win day by day)."""
    stmt = _in_unit(select(RosterRecord), RosterRecord, unit).where(
        RosterRecord.status == PUBLISHED, RosterRecord.start <= end, RosterRecord.end >= start
    )
    return sorted(session.scalars(stmt), key=lambda r: (r.published_at or r.created_at, r.id))


def assignments_of(record: RosterRecord) -> list[Assignment]:
    return [Assignment.from_dict(a) for a in record.assignments or []]


def published_assignments(session: Session, start: date, end: date, unit: str | None = None) -> list[Assignment]:
    """What is in force from `start` to `end`: for each day, the assignments of the latest roster published for it."""
    by_day: dict[date, list[Assignment]] = {}
    for record in published_overlapping(session, start, end, unit):
        assignments = assignments_of(record)
        for ordinal in range(max(start, record.start).toordinal(), min(end, record.end).toordinal() + 1):
            day = date.fromordinal(ordinal)
            by_day[day] = [a for a in assignments if a.date == day]
    return sorted(a for day_assignments in by_day.values() for a in day_assignments)
