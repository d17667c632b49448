"""Roster's copies through the service layer, on the in-memory unit of work: changes apply in roster's order."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from alerts_samples import ORDINARY

from tiepdan.alerts.service.copies import keep_calendar, keep_roster
from tiepdan.kit.testing import TEST_UNIT

CALENDAR = {"timezone": "Asia/Ho_Chi_Minh", "days_off": [], "make_up_working_days": [], "special_periods": []}


def test_an_older_calendar_arriving_late_is_ignored_and_a_newer_one_kept(uow):
    with uow:
        assert keep_calendar(uow, TEST_UNIT, {**CALENDAR, "timezone": "Asia/Bangkok"}, changed_at=ORDINARY)
        assert not keep_calendar(uow, TEST_UNIT, CALENDAR, changed_at=ORDINARY - timedelta(hours=1))
        assert uow.copies.calendar(TEST_UNIT).timezone == "Asia/Bangkok"
        assert keep_calendar(uow, TEST_UNIT, CALENDAR, changed_at=ORDINARY + timedelta(hours=1))
        assert uow.copies.calendar(TEST_UNIT).timezone == "Asia/Ho_Chi_Minh"
        uow.commit()


def test_an_unknown_time_zone_is_refused(uow):
    with uow, pytest.raises(KeyError):
        keep_calendar(uow, TEST_UNIT, {**CALENDAR, "timezone": "Asia/Atlantis"}, changed_at=ORDINARY)
    assert uow.copies.units() == set()


def test_rosters_are_read_in_the_order_roster_published_them(uow):
    def roster(roster_id):
        return {
            "roster_id": roster_id,
            "period": {"from": "2026-06-08", "to": "2026-06-14"},
            "shifts": [],
            "assignments": [],
        }

    with uow:
        keep_roster(uow, TEST_UNIT, roster("replan"), published_at=ORDINARY)
        keep_roster(uow, TEST_UNIT, roster("first"), published_at=ORDINARY - timedelta(days=2))
        uow.commit()
    covering = uow.copies.rosters_covering(TEST_UNIT, date(2026, 6, 10))
    assert [r.roster_id for r in covering] == ["first", "replan"]
