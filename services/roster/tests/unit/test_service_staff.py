"""The staff use cases on the in-memory unit of work: add an officer, import the ward, record leave."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from roster_fakes import FakeRosterUnitOfWork

from tiepdan.kit.errors import Problem
from tiepdan.roster.domain.errors import InvalidDocument
from tiepdan.roster.domain.roster import Status
from tiepdan.roster.domain.staff import Leave
from tiepdan.roster.service import rosters, staff
from tiepdan.roster.service.solving import solve_waiting

OFFICER = {"id": "s900", "full_name": "Nguyễn Văn Mới", "agency": "VP", "skills": ["reception"]}


@pytest.fixture
def uow(ward: dict[str, Any]) -> FakeRosterUnitOfWork:
    unit_of_work = FakeRosterUnitOfWork()
    with unit_of_work:
        staff.import_directory(unit_of_work, ward, "Cán bộ xếp lịch")
        unit_of_work.commit()
    unit_of_work.committed = False
    return unit_of_work


def test_an_officer_is_added_once(uow: FakeRosterUnitOfWork) -> None:
    with uow:
        created = staff.create_staff(uow, OFFICER)
        uow.commit()
    assert uow.committed
    assert uow.staff.get("s900") == created
    assert created.full_name == "Nguyễn Văn Mới"
    assert created.skills == frozenset({"reception"})
    with uow, pytest.raises(Problem) as taken:
        staff.create_staff(uow, {**OFFICER, "full_name": "Người khác"})
    assert taken.value.status == 409
    assert uow.staff.get("s900") == created


def test_an_officer_without_id_gets_one() -> None:
    uow = FakeRosterUnitOfWork()
    with uow:
        created = staff.create_staff(uow, {key: value for key, value in OFFICER.items() if key != "id"})
        uow.commit()
    assert created.id.startswith("st-")
    assert uow.staff.get(created.id) == created


def test_an_agency_the_ward_does_not_have_is_named(uow: FakeRosterUnitOfWork) -> None:
    with uow, pytest.raises(InvalidDocument) as refused:
        staff.create_staff(uow, {**OFFICER, "agency": "XX"})
    assert set(refused.value.errors) == {"agency"}
    assert uow.staff.get("s900") is None
    assert not uow.committed


def test_importing_again_updates_and_counts(uow: FakeRosterUnitOfWork, ward: dict[str, Any]) -> None:
    ward["staff"][0]["full_name"] = "Nguyễn Văn An (đổi tên)"
    with uow:
        result = staff.import_directory(uow, ward, "Cán bộ xếp lịch")
        uow.commit()
    assert (result.staff, result.created, result.updated) == (len(ward["staff"]), 0, len(ward["staff"]))
    assert result.agencies == len(ward["agencies"])
    assert result.replans == []
    assert uow.staff.get(ward["staff"][0]["id"]).full_name == "Nguyễn Văn An (đổi tên)"  # type: ignore[union-attr]


def test_leave_on_a_published_roster_replans_only_that_roster(uow: FakeRosterUnitOfWork) -> None:
    start, end = date(2026, 1, 19), date(2026, 1, 21)
    with uow:
        roster = rosters.request_roster(uow, start, end, 5.0, "Cán bộ xếp lịch")
        uow.commit()
    assert solve_waiting(lambda: uow) == 1
    with uow:
        rosters.publish_roster(uow, roster.id, "Lãnh đạo")
    on_duty = next(a for a in roster.planned() if a.date == date(2026, 1, 20))

    with uow:
        changed = staff.add_leave(uow, on_duty.staff_id, Leave(date(2026, 1, 20), date(2026, 1, 20), "ốm"), "x")
    assert Leave(date(2026, 1, 20), date(2026, 1, 20), "ốm") in changed.staff.leave
    assert len(changed.replans) == 1
    replan = uow.rosters.get(changed.replans[0])
    assert replan is not None
    assert replan.replaces == roster.id
    assert replan.status == Status.SOLVING

    with uow:  # the same leave again: recorded once, and the re-plan already waiting is not queued twice
        again = staff.add_leave(uow, on_duty.staff_id, Leave(date(2026, 1, 20), date(2026, 1, 20), "ốm"), "x")
    assert again.replans == []
    assert again.staff.leave == changed.staff.leave

    assert solve_waiting(lambda: uow) == 1
    assert roster.status == Status.SUPERSEDED
    assert replan.status == Status.PUBLISHED
    assert not [a for a in replan.planned() if a.staff_id == on_duty.staff_id and a.date == date(2026, 1, 20)]
    assert uow.event_types().count("roster.roster.published") == 2
