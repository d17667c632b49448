"""Use cases for unscheduled receptions scheduled in advance (plan §4): schedule, move, cancel, and the police's
security plan. Scheduling and every move or cancellation tell the other services (`roster.reception.*`); alerts
tells the police on duty."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from tiepdan.kit.db import utcnow
from tiepdan.kit.errors import conflict, not_found
from tiepdan.roster.adapters.repository import Page
from tiepdan.roster.domain import reception as rules
from tiepdan.roster.domain.errors import InvalidDocument
from tiepdan.roster.domain.reception import NotChangeable, Reception
from tiepdan.roster.service import events
from tiepdan.roster.service.unit_of_work import RosterWork


def schedule_reception(uow: RosterWork, details: Mapping[str, Any], by: str) -> Reception:
    """`details`: place, starts_at, ends_at and optionally note, presiding_staff_id, expected_headcount, field,
    subject, area. `by` is the scheduling leader's staff id. The caller commits, with the request's answer."""
    _check_presiding(uow, details.get("presiding_staff_id"))
    now = utcnow()
    reception = rules.schedule(Reception(id=str(uuid.uuid4()), scheduled_by=by, scheduled_at=now, **details), now)
    uow.receptions.add(reception)
    _announce(uow, reception)
    return reception


def move_reception(uow: RosterWork, reception_id: str, changes: Mapping[str, Any]) -> Reception:
    """Change place, time or the other details; the event is sent again, one revision higher, when anything it
    carries changed. A cancelled reception is not moved (409)."""
    if "presiding_staff_id" in changes:
        _check_presiding(uow, changes["presiding_staff_id"])
    current = get_reception(uow, reception_id)
    with _open():
        moved = rules.move(current, changes, utcnow())
    uow.receptions.save(moved)
    if moved.revision != current.revision:
        _announce(uow, moved)
    uow.commit()
    return moved


def cancel_reception(uow: RosterWork, reception_id: str) -> Reception:
    with _open():
        cancelled = rules.cancel(get_reception(uow, reception_id), utcnow())
    uow.receptions.save(cancelled)
    uow.emit("roster.reception.cancelled", events.reception_cancelled(cancelled), aggregate_id=cancelled.id)
    uow.commit()
    return cancelled


def record_security_plan(uow: RosterWork, reception_id: str, officers: Sequence[str], notes: str, by: str) -> Reception:
    """The police on duty record who keeps order and how; a new plan replaces the earlier one."""
    staff = {person.id: person for person in uow.staff.all(uow.scope.write_unit)}
    with _open():
        planned = rules.record_security_plan(get_reception(uow, reception_id), officers, notes, staff, by, utcnow())
    uow.receptions.save(planned)
    uow.commit()
    return planned


def get_reception(uow: RosterWork, reception_id: str) -> Reception:
    found = uow.receptions.get(reception_id)
    if found is None:
        raise not_found(f"buổi tiếp '{reception_id}'")
    return found


def list_receptions(uow: RosterWork, limit: int, cursor: str | None, status: str | None) -> Page[Reception]:
    """Latest starting first."""
    return uow.receptions.page(limit, cursor, status)


def _announce(uow: RosterWork, reception: Reception) -> None:
    uow.emit("roster.reception.scheduled", events.reception_scheduled(reception), aggregate_id=reception.id)


def _check_presiding(uow: RosterWork, staff_id: str | None) -> None:
    if staff_id is not None and staff_id not in {p.id for p in uow.staff.all(uow.scope.write_unit)}:
        raise InvalidDocument({"presiding_staff_id": [f"'{staff_id}' không phải cán bộ của đơn vị."]})


@contextmanager
def _open() -> Iterator[None]:
    """A cancelled reception answers 409 to anything done to it."""
    try:
        yield
    except NotChangeable as exc:
        raise conflict(str(exc)) from exc
