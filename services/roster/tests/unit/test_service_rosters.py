"""The roster use cases on the in-memory unit of work: request, solve (the real CP-SAT solver), publish, who is
on duty, the worker giving up on a roster it could not finish."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from roster_fakes import FakeRosterUnitOfWork

from tiepdan.kit.db import utcnow
from tiepdan.kit.errors import Problem
from tiepdan.roster.config import MAX_ATTEMPTS
from tiepdan.roster.domain.errors import InvalidDocument
from tiepdan.roster.domain.roster import Status
from tiepdan.roster.service import documents, rosters, staff
from tiepdan.roster.service.solving import claim_next, solve_waiting

VN = timezone(timedelta(hours=7))
START, END = date(2026, 1, 19), date(2026, 1, 21)


@pytest.fixture
def uow(ward: dict[str, Any]) -> FakeRosterUnitOfWork:
    unit_of_work = FakeRosterUnitOfWork()
    with unit_of_work:
        staff.import_directory(unit_of_work, ward, "Cán bộ xếp lịch")
        unit_of_work.commit()
    return unit_of_work


def test_a_requested_roster_is_solved_then_published(uow: FakeRosterUnitOfWork) -> None:
    with uow:
        roster = rosters.request_roster(uow, START, END, 5.0, "Cán bộ xếp lịch")
        uow.commit()
    assert roster.status == Status.SOLVING
    assert roster.unit == "bach-quang"

    assert solve_waiting(lambda: uow) == 1
    assert roster.status == Status.DRAFT
    assert roster.solved_at is not None
    assert {a.date for a in roster.planned()} == {START, START + timedelta(days=1), END}
    assert roster.staff
    assert roster.shift_list()
    assert "roster.roster.published" not in uow.event_types()

    with uow:
        published = rosters.publish_roster(uow, roster.id, "Lãnh đạo")
    assert published.status == Status.PUBLISHED
    assert published.published_by == "Lãnh đạo"
    event = uow.events[-1]
    assert event.type == "roster.roster.published"
    assert event.data["roster_id"] == roster.id
    assert len(event.data["assignments"]) == len(roster.assignments)

    with uow, pytest.raises(Problem) as again:
        rosters.publish_roster(uow, roster.id, "Lãnh đạo")
    assert again.value.status == 409


def test_a_period_that_ends_before_it_starts_is_refused(uow: FakeRosterUnitOfWork) -> None:
    with uow, pytest.raises(InvalidDocument) as refused:
        rosters.request_roster(uow, END, START, 5.0, "Cán bộ xếp lịch")
    assert set(refused.value.errors) == {"end"}
    assert uow.rosters.waiting() == []


def test_at_six_in_the_morning_the_night_shift_of_the_evening_before_is_on_duty(
    uow: FakeRosterUnitOfWork, rules_doc: dict[str, Any]
) -> None:
    night = next(s for s in rules_doc["shifts"] if s["code"] == "night")
    night["start"], night["end"] = "22:00", "07:00"
    with uow:
        documents.replace_rules(uow, rules_doc, "Quản trị")
        roster = rosters.request_roster(uow, START, END, 5.0, "Cán bộ xếp lịch")
        uow.commit()
    solve_waiting(lambda: uow)
    with uow:
        rosters.publish_roster(uow, roster.id, "Lãnh đạo")
    night_before = sorted(a.staff_id for a in roster.planned() if a.date == START and a.shift == "night")
    assert night_before

    with uow:
        duty = rosters.duty_at(uow, datetime(2026, 1, 20, 6, 0, tzinfo=VN))
    assert sorted(item.staff_id for item in duty.items) == night_before
    assert {(item.date, item.shift, item.roster_id) for item in duty.items} == {(START, "night", roster.id)}
    assert duty.items[0].start == datetime(2026, 1, 19, 22, 0)
    assert duty.items[0].end == datetime(2026, 1, 20, 7, 0)

    with uow:
        after = rosters.duty_at(uow, datetime(2026, 1, 20, 7, 0, tzinfo=VN))
    assert not [item for item in after.items if item.shift == "night"]


def test_a_roster_the_worker_never_finished_becomes_infeasible(uow: FakeRosterUnitOfWork) -> None:
    with uow:
        roster = rosters.request_roster(uow, START, END, 5.0, "Cán bộ xếp lịch")
        uow.commit()
    roster.attempts, roster.claimed_at = MAX_ATTEMPTS, utcnow() - timedelta(hours=1)
    assert claim_next(lambda: uow) is None
    assert roster.status == Status.INFEASIBLE
    assert roster.reasons


def test_the_list_pages_newest_first(uow: FakeRosterUnitOfWork) -> None:
    with uow:
        first = rosters.request_roster(uow, START, END, 5.0, "a")
        uow.commit()
        first.created_at = utcnow() - timedelta(minutes=1)
        second = rosters.request_roster(uow, START, END, 5.0, "b")
        uow.commit()
    page = rosters.list_rosters(uow, 1, None, None)
    assert [r.id for r in page.items] == [second.id]
    assert page.next_cursor is not None
    rest = rosters.list_rosters(uow, 1, page.next_cursor, None)
    assert [r.id for r in rest.items] == [first.id]
    assert rest.next_cursor is None
