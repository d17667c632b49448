"""Unscheduled receptions on the in-memory unit of work: schedule, move (revision + 1, sent again), cancel, the
police's security plan, and what is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from roster_fakes import FakeRosterUnitOfWork

from tiepdan.kit.errors import Problem
from tiepdan.roster.domain.errors import InvalidDocument
from tiepdan.roster.service import receptions, staff

SOON = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)


@pytest.fixture
def uow(ward: dict[str, Any]) -> FakeRosterUnitOfWork:
    unit_of_work = FakeRosterUnitOfWork()
    with unit_of_work:
        staff.import_directory(unit_of_work, ward, "Cán bộ xếp lịch")
    return unit_of_work


def details(**changes: Any) -> dict[str, Any]:
    return {
        "place": "Trụ sở tiếp công dân phường",
        "starts_at": SOON,
        "ends_at": SOON + timedelta(hours=3),
        "note": "Đoàn đông người về đất đai tổ dân phố 5",
        "presiding_staff_id": "s011",
        "expected_headcount": 25,
        "field": "land",
        **changes,
    }


def scheduled(uow: FakeRosterUnitOfWork, **changes: Any) -> Any:
    with uow:
        reception = receptions.schedule_reception(uow, details(**changes), "s011")
        uow.commit()
    return reception


def test_a_reception_is_scheduled_and_announced(uow: FakeRosterUnitOfWork) -> None:
    reception = scheduled(uow)
    assert receptions.get_reception(uow, reception.id) == reception
    assert (reception.revision, str(reception.status), reception.scheduled_by) == (1, "scheduled", "s011")
    [event] = [e for e in uow.events if e.type == "roster.reception.scheduled"]
    assert event.data == {
        "reception_id": reception.id,
        "place": "Trụ sở tiếp công dân phường",
        "starts_at": SOON.isoformat(),
        "ends_at": (SOON + timedelta(hours=3)).isoformat(),
        "scheduled_by": "s011",
        "revision": 1,
        "presiding_staff_id": "s011",
        "scheduled_at": reception.scheduled_at.isoformat(),
        "expected_headcount": 25,
        "field": "land",
    }
    assert "note" not in event.data  # free text may name people: it stays in roster


def test_moving_sends_it_again_one_revision_higher(uow: FakeRosterUnitOfWork) -> None:
    reception = scheduled(uow)
    later = SOON + timedelta(days=1)
    with uow:
        moved = receptions.move_reception(
            uow, reception.id, {"starts_at": later, "ends_at": later + timedelta(hours=2)}
        )
    assert moved.revision == 2
    with uow:  # only the note: nothing the event carries changed, so it is not sent again
        noted = receptions.move_reception(uow, reception.id, {"note": "Thêm bàn tiếp"})
    assert (noted.revision, noted.note, noted.starts_at) == (2, "Thêm bàn tiếp", later)
    sent = [e.data for e in uow.events if e.type == "roster.reception.scheduled"]
    assert [(d["revision"], d["starts_at"]) for d in sent] == [(1, SOON.isoformat()), (2, later.isoformat())]


def test_cancelling_is_the_last_revision_and_ends_changes(uow: FakeRosterUnitOfWork) -> None:
    reception = scheduled(uow)
    with uow:
        cancelled = receptions.cancel_reception(uow, reception.id)
    assert (str(cancelled.status), cancelled.revision) == ("cancelled", 2)
    [event] = [e for e in uow.events if e.type == "roster.reception.cancelled"]
    assert event.data == {
        "reception_id": reception.id,
        "cancelled_at": cancelled.cancelled_at.isoformat(),
        "revision": 2,
    }  # type: ignore[union-attr]
    for act in (
        lambda: receptions.cancel_reception(uow, reception.id),
        lambda: receptions.move_reception(uow, reception.id, {"place": "Hội trường"}),
        lambda: receptions.record_security_plan(uow, reception.id, ["s015"], "", "s015"),
    ):
        with uow, pytest.raises(Problem) as refused:
            act()
        assert refused.value.status == 409
    assert receptions.list_receptions(uow, 10, None, "scheduled").items == []
    assert receptions.list_receptions(uow, 10, None, "cancelled").items == [cancelled]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_at": SOON - timedelta(minutes=1)}, "ends_at"),
        ({"ends_at": SOON}, "ends_at"),
        ({"starts_at": datetime(2020, 1, 1, tzinfo=UTC), "ends_at": datetime(2020, 1, 1, 2, tzinfo=UTC)}, "starts_at"),
        ({"presiding_staff_id": "s999"}, "presiding_staff_id"),
    ],
)
def test_bad_times_and_people_are_named(uow: FakeRosterUnitOfWork, changes: dict[str, Any], field: str) -> None:
    with uow, pytest.raises(InvalidDocument) as refused:
        receptions.schedule_reception(uow, details(**changes), "s011")
    assert set(refused.value.errors) == {field}
    assert uow.receptions.receptions == {}
    reception = scheduled(uow)
    with uow, pytest.raises(InvalidDocument) as moved:
        receptions.move_reception(uow, reception.id, changes)
    assert set(moved.value.errors) == {field}
    assert receptions.get_reception(uow, reception.id) == reception


def test_the_police_record_their_security_plan(uow: FakeRosterUnitOfWork) -> None:
    reception = scheduled(uow)
    with uow:
        planned = receptions.record_security_plan(uow, reception.id, ["s015", "s016"], "Hai tổ tuần tra", "s015")
    assert planned.security_plan is not None
    assert (planned.security_plan.officers, planned.security_plan.recorded_by) == (("s015", "s016"), "s015")
    assert planned.revision == 1  # the plan is the police's record, not a change of the reception
    assert receptions.get_reception(uow, reception.id).security_plan == planned.security_plan
    with uow, pytest.raises(InvalidDocument) as refused:
        receptions.record_security_plan(uow, reception.id, ["s015", "s001", "s999"], "", "s015")
    assert set(refused.value.errors) == {"officers.1", "officers.2"}
    with uow, pytest.raises(InvalidDocument) as twice:
        receptions.record_security_plan(uow, reception.id, ["s015", "s015"], "", "s015")
    assert set(twice.value.errors) == {"officers"}


def test_an_unknown_reception_is_not_found(uow: FakeRosterUnitOfWork) -> None:
    with uow, pytest.raises(Problem) as missing:
        receptions.move_reception(uow, "nope", {"place": "x"})
    assert missing.value.status == 404
