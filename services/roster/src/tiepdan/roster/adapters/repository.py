"""All of the roster service's SQL, one repository per aggregate; rows become domain objects here.

Every query is an ORM select of a `UnitOwned` entity, so a request's session only sees the caller's units and new
rows take the caller's write unit; the worker's unscoped session passes `unit` explicitly.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import CursorResult, Select, or_, select, update
from sqlalchemy.orm import Session

from tiepdan.kit.calendar import default_calendar_data, with_shipped_years
from tiepdan.kit.db import utcnow
from tiepdan.kit.pagination import paginate
from tiepdan.roster.adapters.orm import (
    AgencyRecord,
    CalendarRecord,
    CoverageRulesRecord,
    IncidentRecord,
    ReceptionRecord,
    RosterRecord,
    StaffRecord,
    WorkingGroupRecord,
)
from tiepdan.roster.domain.errors import ErrorCollector
from tiepdan.roster.domain.incident import Incident
from tiepdan.roster.domain.reception import Reception, ReceptionStatus, SecurityPlan
from tiepdan.roster.domain.roster import Status
from tiepdan.roster.domain.rules import default_rules_data
from tiepdan.roster.domain.staff import Agency, Staff, parse_staff
from tiepdan.roster.domain.working_group import Member, WorkingGroup

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list and the cursor of the next (None on the last page)."""

    items: list[T] = field(default_factory=list)
    next_cursor: str | None = None


def _in_unit(stmt: Select[Any], model: Any, unit: str | None) -> Select[Any]:
    return stmt if unit is None else stmt.where(model.unit == unit)


def staff_from_record(record: StaffRecord) -> Staff:
    errors = ErrorCollector()
    person = parse_staff(
        {
            "id": record.staff_id,
            "full_name": record.full_name,
            "agency": record.agency,
            "skills": list(record.skills),
            "unavailable": list(record.unavailable or []),
            "leave": list(record.leave or []),
            "preferences": dict(record.preferences or {}),
            "active": record.active,
        },
        "staff",
        errors,
    )
    if person is None:
        raise ValueError(f"stored staff {record.staff_id} is invalid: {errors.errors}")
    return person


def _apply_staff(record: StaffRecord, person: Staff) -> None:
    data = person.to_dict()
    record.full_name = data["full_name"]
    record.agency = data["agency"]
    record.skills = data["skills"]
    record.unavailable = data["unavailable"]
    record.leave = data["leave"]
    record.preferences = data["preferences"]
    record.active = data["active"]
    record.updated_at = utcnow()


class StaffRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, staff_id: str) -> Staff | None:
        record = self._record(staff_id)
        return None if record is None else staff_from_record(record)

    def all(self, unit: str | None = None) -> tuple[Staff, ...]:
        stmt = _in_unit(select(StaffRecord), StaffRecord, unit).order_by(StaffRecord.staff_id)
        return tuple(staff_from_record(r) for r in self.session.scalars(stmt))

    def page(self, limit: int, cursor: str | None) -> Page[Staff]:
        found = paginate(self.session, select(StaffRecord), [StaffRecord.staff_id], {"limit": limit, "cursor": cursor})
        return Page([staff_from_record(r) for r in found["items"]], found["next_cursor"])

    def add(self, person: Staff) -> None:
        record = StaffRecord(id=str(uuid.uuid4()), staff_id=person.id)
        _apply_staff(record, person)
        self.session.add(record)
        self.session.flush()

    def save(self, person: Staff) -> None:
        """Write an existing officer's record (`add` is for a new one)."""
        record = self._record(person.id)
        if record is None:
            raise LookupError(f"staff {person.id} is not stored")
        _apply_staff(record, person)
        self.session.flush()

    def _record(self, staff_id: str) -> StaffRecord | None:
        stmt = select(StaffRecord).where(StaffRecord.staff_id == staff_id)
        return self.session.scalars(stmt).one_or_none()


class AgencyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def all(self) -> list[Agency]:
        return [Agency(r.code, r.name) for r in self.session.scalars(select(AgencyRecord).order_by(AgencyRecord.code))]

    def save(self, agency: Agency) -> None:
        """Add the agency, or rename the one with its code."""
        stmt = select(AgencyRecord).where(AgencyRecord.code == agency.code)
        record = self.session.scalars(stmt).one_or_none()
        if record is None:
            self.session.add(AgencyRecord(id=str(uuid.uuid4()), code=agency.code, name=agency.name))
        else:
            record.name = agency.name
        self.session.flush()


class _DocumentRepository:
    """A document a unit keeps one of and edits as a whole; absent, the built-in default stands in."""

    model: type[CalendarRecord] | type[CoverageRulesRecord]

    def __init__(self, session: Session) -> None:
        self.session = session

    def stored(self, unit: str | None = None) -> dict[str, Any] | None:
        record = self._record(unit)
        return None if record is None else dict(record.document)

    def save(self, document: dict[str, Any], by: str) -> str:
        """Store the unit's document; returns the unit it belongs to."""
        record = self._record(None)
        if record is None:
            record = self.model(id=str(uuid.uuid4()), document=document, updated_at=utcnow(), updated_by=by)
            self.session.add(record)
        else:
            record.document, record.updated_at, record.updated_by = document, utcnow(), by
        self.session.flush()
        return record.unit

    def _record(self, unit: str | None) -> CalendarRecord | CoverageRulesRecord | None:
        return self.session.scalars(_in_unit(select(self.model), self.model, unit)).first()


class CalendarRepository(_DocumentRepository):
    model = CalendarRecord

    def document(self, unit: str | None = None) -> dict[str, Any]:
        stored = self.stored(unit)
        return with_shipped_years(stored) if stored is not None else default_calendar_data()


class CoverageRulesRepository(_DocumentRepository):
    model = CoverageRulesRecord

    def document(self, unit: str | None = None) -> dict[str, Any]:
        stored = self.stored(unit)
        return stored if stored is not None else default_rules_data()


class RosterRepository:
    """Rosters are their records: the solver's inputs and results are JSON snapshots on them."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, roster_id: str) -> RosterRecord | None:
        return self.session.scalars(select(RosterRecord).where(RosterRecord.id == roster_id)).one_or_none()

    def add(self, roster: RosterRecord) -> None:
        self.session.add(roster)
        self.session.flush()

    def page(self, limit: int, cursor: str | None, status: str | None = None) -> Page[RosterRecord]:
        stmt = select(RosterRecord)
        if status:
            stmt = stmt.where(RosterRecord.status == status)
        keys = [RosterRecord.created_at, RosterRecord.id]
        found = paginate(self.session, stmt, keys, {"limit": limit, "cursor": cursor}, descending=True)
        return Page(list(found["items"]), found["next_cursor"])

    def waiting(self) -> list[RosterRecord]:
        """Rosters requested and not yet solved, oldest request first."""
        stmt = select(RosterRecord).where(RosterRecord.status == Status.SOLVING).order_by(RosterRecord.created_at)
        return list(self.session.scalars(stmt))

    def claim(self, roster: RosterRecord, now: datetime) -> bool:
        """Take the roster for this worker unless another claimed it since it was read (a conditional UPDATE, so
        two workers never solve the same one)."""
        statement = (
            update(RosterRecord)
            .where(
                RosterRecord.id == roster.id,
                RosterRecord.status == Status.SOLVING,
                or_(RosterRecord.claimed_at.is_(None), RosterRecord.claimed_at == roster.claimed_at),
            )
            .values(claimed_at=now, attempts=RosterRecord.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        taken = cast(CursorResult[Any], self.session.execute(statement))  # an UPDATE's result counts its rows
        return taken.rowcount == 1

    def replanning(self) -> set[str]:
        """The published rosters that already have a re-plan waiting to be solved."""
        stmt = select(RosterRecord.replaces).where(
            RosterRecord.status == Status.SOLVING, RosterRecord.replaces.is_not(None)
        )
        return {replaced for replaced in self.session.scalars(stmt) if replaced is not None}

    def published(self) -> list[RosterRecord]:
        stmt = select(RosterRecord).where(RosterRecord.status == Status.PUBLISHED).order_by(RosterRecord.start)
        return list(self.session.scalars(stmt))

    def published_overlapping(self, start: date, end: date, unit: str | None = None) -> list[RosterRecord]:
        """Published rosters touching [start, end], oldest publication first (later ones win day by day)."""
        stmt = _in_unit(select(RosterRecord), RosterRecord, unit).where(
            RosterRecord.status == Status.PUBLISHED, RosterRecord.start <= end, RosterRecord.end >= start
        )
        return sorted(self.session.scalars(stmt), key=lambda r: (r.published_at or r.created_at, r.id))


class WorkingGroupRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, group_id: str) -> WorkingGroup | None:
        record = self.session.scalars(select(WorkingGroupRecord).where(WorkingGroupRecord.id == group_id)).first()
        return None if record is None else _working_group(record)

    def add(self, group: WorkingGroup) -> None:
        self.session.add(
            WorkingGroupRecord(
                id=group.id,
                decision_no=group.decision_no,
                decision_date=group.decision_date,
                start=group.start,
                end=group.end,
                members=[{"staff_id": m.staff_id, "agency": m.agency, "role": m.role} for m in group.members],
                note=group.note,
                established_by=group.established_by,
                established_at=group.established_at,
            )
        )
        self.session.flush()

    def page(self, limit: int, cursor: str | None) -> Page[WorkingGroup]:
        """Latest established first."""
        keys = [WorkingGroupRecord.established_at, WorkingGroupRecord.id]
        found = paginate(
            self.session, select(WorkingGroupRecord), keys, {"limit": limit, "cursor": cursor}, descending=True
        )
        return Page([_working_group(r) for r in found["items"]], found["next_cursor"])

    def overlapping(self, start: date, end: date, unit: str | None = None) -> tuple[WorkingGroup, ...]:
        """The groups whose period touches [start, end]."""
        stmt = _in_unit(select(WorkingGroupRecord), WorkingGroupRecord, unit).where(
            WorkingGroupRecord.start <= end, WorkingGroupRecord.end >= start
        )
        return tuple(_working_group(r) for r in self.session.scalars(stmt.order_by(WorkingGroupRecord.id)))


def _working_group(record: WorkingGroupRecord) -> WorkingGroup:
    return WorkingGroup(
        id=record.id,
        decision_no=record.decision_no,
        decision_date=record.decision_date,
        start=record.start,
        end=record.end,
        members=tuple(Member(m["staff_id"], m["agency"], m["role"]) for m in record.members),
        established_by=record.established_by,
        established_at=record.established_at,
        note=record.note,
    )


_RECEPTION_COLUMNS = (
    "place",
    "starts_at",
    "ends_at",
    "note",
    "presiding_staff_id",
    "expected_headcount",
    "field",
    "subject",
    "area",
    "revision",
    "scheduled_by",
    "scheduled_at",
    "cancelled_at",
)


class ReceptionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, reception_id: str) -> Reception | None:
        record = self._record(reception_id)
        return None if record is None else _reception(record)

    def add(self, reception: Reception) -> None:
        record = ReceptionRecord(id=reception.id)
        _apply_reception(record, reception)
        self.session.add(record)
        self.session.flush()

    def save(self, reception: Reception) -> None:
        record = self._record(reception.id)
        if record is None:
            raise LookupError(f"reception {reception.id} is not stored")
        _apply_reception(record, reception)
        self.session.flush()

    def page(self, limit: int, cursor: str | None, status: str | None = None) -> Page[Reception]:
        """Latest starting first."""
        stmt = select(ReceptionRecord)
        if status:
            stmt = stmt.where(ReceptionRecord.status == status)
        keys = [ReceptionRecord.starts_at, ReceptionRecord.id]
        found = paginate(self.session, stmt, keys, {"limit": limit, "cursor": cursor}, descending=True)
        return Page([_reception(r) for r in found["items"]], found["next_cursor"])

    def _record(self, reception_id: str) -> ReceptionRecord | None:
        return self.session.scalars(select(ReceptionRecord).where(ReceptionRecord.id == reception_id)).first()


def _apply_reception(record: ReceptionRecord, reception: Reception) -> None:
    for column in _RECEPTION_COLUMNS:
        setattr(record, column, getattr(reception, column))
    record.status = str(reception.status)
    plan = reception.security_plan
    record.security_plan = (
        None
        if plan is None
        else {
            "officers": list(plan.officers),
            "notes": plan.notes,
            "recorded_by": plan.recorded_by,
            "recorded_at": plan.recorded_at.isoformat(),
        }
    )


def _reception(record: ReceptionRecord) -> Reception:
    plan = record.security_plan
    return Reception(
        id=record.id,
        **{column: getattr(record, column) for column in _RECEPTION_COLUMNS},
        status=ReceptionStatus(record.status),
        security_plan=None
        if plan is None
        else SecurityPlan(
            tuple(plan["officers"]), plan["notes"], plan["recorded_by"], datetime.fromisoformat(plan["recorded_at"])
        ),
    )


class IncidentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, incident_id: str) -> Incident | None:
        record = self.session.scalars(select(IncidentRecord).where(IncidentRecord.id == incident_id)).first()
        return None if record is None else _incident(record)

    def add(self, incident: Incident) -> None:
        self.session.add(IncidentRecord(**vars(incident)))
        self.session.flush()

    def page(self, limit: int, cursor: str | None) -> Page[Incident]:
        """Latest first."""
        keys = [IncidentRecord.occurred_at, IncidentRecord.id]
        found = paginate(
            self.session, select(IncidentRecord), keys, {"limit": limit, "cursor": cursor}, descending=True
        )
        return Page([_incident(r) for r in found["items"]], found["next_cursor"])


def _incident(record: IncidentRecord) -> Incident:
    return Incident(
        id=record.id,
        occurred_at=record.occurred_at,
        what_happened=record.what_happened,
        action_taken=record.action_taken,
        recorded_by=record.recorded_by,
        recorded_at=record.recorded_at,
        case_ref=record.case_ref,
        reception_id=record.reception_id,
    )
