"""`calendar_missing`: 60 days before the last year whose days off are known ends, the people who keep the
calendar are told, once per missing year."""

from __future__ import annotations

from datetime import UTC, datetime

from alerts_harness import consume, envelope

from tiepdan.alerts.service.calendar_watch import watch_calendars
from tiepdan.kit.calendar import default_calendar_data
from tiepdan.kit.testing import TEST_UNIT, bearer

ADMIN = bearer("admin")
LEADER = bearer("leader")


def check(runtime, clock) -> int:
    with runtime.uow() as uow:
        raised = watch_calendars(uow, [TEST_UNIT], clock())
        uow.commit()
    return raised


def missing(client, headers=ADMIN):
    answer = client.get("/api/v1/alerts", query_string={"kind": "calendar_missing"}, headers=headers)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["items"]


def test_raised_60_days_before_the_last_known_year_ends_and_only_once(runtime, client, clock):
    clock.now = datetime(2027, 10, 31, 2, 0, tzinfo=UTC)  # 61 days before 31/12/2027
    assert check(runtime, clock) == 0
    assert missing(client) == []
    clock.now = datetime(2027, 11, 1, 2, 0, tzinfo=UTC)
    assert check(runtime, clock) == 1
    (alert,) = missing(client)
    assert "2028" in alert["title"]
    assert "31/12/2027" in alert["title"]
    assert alert["details"]["year"] == 2028
    assert check(runtime, clock) == 0
    assert len(missing(client)) == 1
    assert alert["receivers"] == ["ward_office"]
    assert len(missing(client, LEADER)) == 1


def test_a_calendar_that_knows_the_next_year_raises_nothing(runtime, client, clock):
    calendar = default_calendar_data()
    calendar["years"] = [*calendar["years"], 2028]
    assert consume(runtime, envelope("roster.calendar.changed", calendar)).value == "done"
    clock.now = datetime(2027, 12, 20, 2, 0, tzinfo=UTC)
    assert check(runtime, clock) == 0
    assert missing(client) == []
