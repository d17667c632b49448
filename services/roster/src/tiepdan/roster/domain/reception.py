"""Security arrangements for an unscheduled reception (tiếp công dân đột xuất, plan §4): a leader schedules it in
advance with place and time, the police on duty record their security plan (officers, notes)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from tiepdan.roster.domain.errors import ErrorCollector
from tiepdan.roster.domain.staff import Staff

#: Who may be an officer of a security plan: the staff list's police.
POLICE_SKILL = "police"
#: What a move may change; each is in the event, so a change sends it again one revision higher.
MOVABLE = ("place", "starts_at", "ends_at", "presiding_staff_id", "expected_headcount", "field", "subject", "area")


class ReceptionStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class NotChangeable(Exception):
    """The reception is cancelled: nothing more is done to it."""


@dataclass(frozen=True)
class SecurityPlan:
    officers: tuple[str, ...]
    notes: str
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True)
class Reception:
    id: str
    place: str
    starts_at: datetime
    ends_at: datetime
    scheduled_by: str
    scheduled_at: datetime
    note: str = ""
    presiding_staff_id: str | None = None
    expected_headcount: int | None = None
    field: str | None = None
    subject: str | None = None
    area: str | None = None
    revision: int = 1
    status: ReceptionStatus = ReceptionStatus.SCHEDULED
    cancelled_at: datetime | None = None
    security_plan: SecurityPlan | None = None

    def _open(self) -> None:
        if self.status is ReceptionStatus.CANCELLED:
            raise NotChangeable(f"Buổi tiếp '{self.id}' đã bị hủy.")


def check_times(starts_at: datetime, ends_at: datetime, now: datetime, *, start_changed: bool = True) -> None:
    """A reception ends after it starts, and is scheduled (or moved) to a time still to come."""
    errors = ErrorCollector()
    if ends_at <= starts_at:
        errors.add("ends_at", "Giờ kết thúc phải sau giờ bắt đầu.")
    if start_changed and starts_at < now:
        errors.add("starts_at", "Không lên lịch một buổi tiếp đã qua.")
    errors.raise_if_any()


def schedule(reception: Reception, now: datetime) -> Reception:
    check_times(reception.starts_at, reception.ends_at, now)
    return reception


def move(reception: Reception, changes: Mapping[str, Any], now: datetime) -> Reception:
    """The reception with `changes` applied; one revision higher when anything changed (the event goes again)."""
    reception._open()
    changed = {key: value for key, value in changes.items() if key in MOVABLE and getattr(reception, key) != value}
    note = changes.get("note", reception.note)
    moved = dataclasses.replace(reception, **changed, note=note)
    check_times(moved.starts_at, moved.ends_at, now, start_changed="starts_at" in changed)
    if not changed:
        return moved
    return dataclasses.replace(moved, revision=reception.revision + 1)


def cancel(reception: Reception, now: datetime) -> Reception:
    """Called off; the cancellation is one revision higher than the last schedule, so it is never taken for stale."""
    reception._open()
    return dataclasses.replace(
        reception, status=ReceptionStatus.CANCELLED, cancelled_at=now, revision=reception.revision + 1
    )


def record_security_plan(
    reception: Reception, officers: Sequence[str], notes: str, staff: Mapping[str, Staff], by: str, at: datetime
) -> Reception:
    """The police's plan replaces any earlier one; each officer is a police officer on the unit's staff list."""
    reception._open()
    errors = ErrorCollector()
    for index, staff_id in enumerate(officers):
        person = staff.get(staff_id)
        if person is None or not person.has(POLICE_SKILL):
            errors.add(f"officers.{index}", f"'{staff_id}' không phải cán bộ công an trong danh sách của đơn vị.")
    if len(set(officers)) != len(officers):
        errors.add("officers", "Một cán bộ chỉ ghi một lần.")
    errors.raise_if_any()
    return dataclasses.replace(reception, security_plan=SecurityPlan(tuple(officers), notes, by, at))
