"""Who is on duty at a moment (answers GET /api/v1/duty?at=), night shifts ending the next morning."""

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from tiepdan.roster.domain.duty import on_duty
from tiepdan.roster.domain.roster import Assignment, Duty
from tiepdan.roster.domain.rules import CoverageRules, Shift

VN = timezone(timedelta(hours=7))
ROSTER = [
    Assignment(date(2026, 1, 19), "morning", "s001"),
    Assignment(date(2026, 1, 19), "morning", "s011", Duty.LEADER_RECEPTION),
    Assignment(date(2026, 1, 19), "evening", "s002"),
    Assignment(date(2026, 1, 19), "night", "s015", Duty.ON_CALL),
    Assignment(date(2026, 1, 20), "morning", "s003"),
]


def at(text: str) -> list[str]:
    shifts = CoverageRules.default().shifts
    return [a.staff_id for a in on_duty(datetime.fromisoformat(text), ROSTER, shifts, "Asia/Ho_Chi_Minh")]


def test_day_shifts_start_inclusive_end_exclusive():
    assert at("2026-01-19T07:30:00+07:00") == ["s001", "s011"]
    assert at("2026-01-19T11:29:59+07:00") == ["s001", "s011"]
    assert at("2026-01-19T11:30:00+07:00") == []
    assert at("2026-01-19T17:00:00+07:00") == ["s002"]


def test_the_night_shift_runs_past_midnight():
    assert at("2026-01-19T23:00:00+07:00") == ["s015"]
    assert at("2026-01-20T03:00:00+07:00") == ["s015"]
    assert at("2026-01-20T07:30:00+07:00") == ["s003"]


def test_at_six_the_night_shift_from_twenty_two_to_seven_that_began_the_evening_before_is_on_duty():
    shifts = [Shift("morning", time(7, 30), time(11, 30)), Shift("night", time(22), time(7), on_call=True)]

    def on_duty_at(text: str) -> list[str]:
        moment = datetime.fromisoformat(text)
        return [a.staff_id for a in on_duty(moment, ROSTER, shifts, "Asia/Ho_Chi_Minh")]

    assert on_duty_at("2026-01-20T06:00:00+07:00") == ["s015"]
    assert on_duty_at("2026-01-19T21:59:59+07:00") == []
    assert on_duty_at("2026-01-20T07:00:00+07:00") == []


def test_times_in_utc_are_read_in_the_ward_time_zone():
    assert at("2026-01-19T20:00:00+00:00") == ["s015"]  # 03:00 on 20/1 in Hà Nội
    moment = datetime(2026, 1, 19, 1, 0, tzinfo=UTC)  # 08:00 local
    assert [a.staff_id for a in on_duty(moment, ROSTER, CoverageRules.default().shifts, "Asia/Ho_Chi_Minh")] == [
        "s001",
        "s011",
    ]


def test_a_moment_without_offset_is_refused():
    with pytest.raises(ValueError, match="UTC offset"):
        on_duty(datetime(2026, 1, 19, 8), ROSTER, CoverageRules.default().shifts, "Asia/Ho_Chi_Minh")


def test_vn_offset_constant_matches_the_zone():
    assert at(datetime(2026, 1, 19, 8, tzinfo=VN).isoformat()) == ["s001", "s011"]
