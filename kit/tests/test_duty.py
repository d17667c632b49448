from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from tiepdan.kit.duty import DutyShift, days_to_look_at, on_duty

WARD = "Asia/Ho_Chi_Minh"
ICT = timezone(timedelta(hours=7))
NIGHTS = [DutyShift(date(2026, 1, day), time(22, 0), time(7, 0), f"night {day}") for day in (19, 20)]
DAY = DutyShift(date(2026, 1, 20), time(7, 30), time(11, 30), "morning 20")


def test_at_0600_the_night_shift_that_began_the_evening_before_is_on_duty():
    assert on_duty(datetime(2026, 1, 20, 6, 0, tzinfo=ICT), [*NIGHTS, DAY], WARD) == ["night 19"]


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [(7, 0, []), (7, 30, ["morning 20"]), (21, 59, []), (22, 0, ["night 20"]), (23, 59, ["night 20"])],
)
def test_start_is_inclusive_and_end_exclusive(hour, minute, expected):
    assert on_duty(datetime(2026, 1, 20, hour, minute, tzinfo=ICT), [*NIGHTS, DAY], WARD) == expected


def test_the_moment_is_read_in_the_wards_time_zone():
    # 23:00 UTC on 19/1 is 06:00 on 20/1 in the ward
    assert on_duty(datetime(2026, 1, 19, 23, 0, tzinfo=UTC), NIGHTS, WARD) == ["night 19"]
    assert days_to_look_at(datetime(2026, 1, 19, 23, 0, tzinfo=UTC), WARD) == (
        date(2026, 1, 19),
        date(2026, 1, 20),
    )


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError, match="UTC offset"):
        on_duty(datetime(2026, 1, 20, 6, 0), NIGHTS, WARD)
