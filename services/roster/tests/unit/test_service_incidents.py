"""Incidents at the reception office on the in-memory unit of work."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from roster_fakes import FakeRosterUnitOfWork

from tiepdan.kit.errors import Problem
from tiepdan.roster.domain.errors import InvalidDocument
from tiepdan.roster.service import incidents, receptions

NOW = datetime.now(UTC)


def details(**changes: Any) -> dict[str, Any]:
    return {
        "occurred_at": NOW - timedelta(hours=1),
        "what_happened": "Hai người lời qua tiếng lại tại phòng chờ",
        "action_taken": "Nhắc nhở, tách khu vực chờ",
        **changes,
    }


def test_an_incident_is_recorded_and_listed_latest_first() -> None:
    uow = FakeRosterUnitOfWork()
    with uow:
        first = incidents.record_incident(uow, details(occurred_at=NOW - timedelta(days=1)), "s015")
        uow.commit()
    with uow:
        second = incidents.record_incident(uow, details(case_ref="HS-2026-0042"), "s016")
        uow.commit()
    assert uow.committed
    assert uow.events == []  # the police's record of the office, not an event for other services
    assert (second.case_ref, second.recorded_by) == ("HS-2026-0042", "s016")
    assert incidents.get_incident(uow, first.id) == first
    page = incidents.list_incidents(uow, 1, None)
    assert page.items == [second]
    assert incidents.list_incidents(uow, 1, page.next_cursor).items == [first]


def test_an_incident_may_name_a_scheduled_reception() -> None:
    uow = FakeRosterUnitOfWork()
    soon = NOW + timedelta(hours=1)
    with uow:
        reception = receptions.schedule_reception(
            uow, {"place": "Trụ sở", "starts_at": soon, "ends_at": soon + timedelta(hours=1)}, "s011"
        )
    with uow:
        incident = incidents.record_incident(uow, details(reception_id=reception.id), "s015")
    assert incident.reception_id == reception.id
    with uow, pytest.raises(InvalidDocument) as refused:
        incidents.record_incident(uow, details(reception_id="nope"), "s015")
    assert set(refused.value.errors) == {"reception_id"}


def test_an_incident_in_the_future_is_refused() -> None:
    uow = FakeRosterUnitOfWork()
    with uow, pytest.raises(InvalidDocument) as refused:
        incidents.record_incident(uow, details(occurred_at=NOW + timedelta(hours=1)), "s015")
    assert set(refused.value.errors) == {"occurred_at"}
    assert uow.incidents.incidents == {}
    with uow, pytest.raises(Problem) as missing:
        incidents.get_incident(uow, "nope")
    assert missing.value.status == 404
