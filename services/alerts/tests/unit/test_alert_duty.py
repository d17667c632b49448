from datetime import UTC, datetime

import pytest

from tiepdan.alerts.domain.duty import DutyRoster, addressees
from tiepdan.alerts.domain.observations import InvalidEventError

ROSTER = {
    "roster_id": "r1",
    "period": {"from": "2026-01-19", "to": "2026-01-25"},
    "shifts": [
        {"code": "morning", "start": "07:30", "end": "11:30"},
        {"code": "night", "start": "21:00", "end": "07:30"},
    ],
    "assignments": [
        {
            "date": "2026-01-19",
            "shift": "morning",
            "staff_id": "s015",
            "staff_name": "Mai Đức Lộc",
            "agency": "CA",
            "skills": ["police"],
            "duty": "on_call",
        },
        {
            "date": "2026-01-19",
            "shift": "morning",
            "staff_id": "s001",
            "staff_name": "Nguyễn Văn An",
            "agency": "VP",
            "skills": ["reception"],
            "duty": "reception",
        },
        {
            "date": "2026-01-19",
            "shift": "night",
            "staff_id": "s016",
            "staff_name": "Nguyễn Quang Dung",
            "agency": "CA",
            "skills": ["police"],
            "duty": "on_call",
        },
    ],
}


def at(local_hhmm_day):
    day, hhmm = local_hhmm_day
    hour, minute = map(int, hhmm.split(":"))
    return datetime(2026, 1, day, hour - 7 if hour >= 7 else hour + 17, minute, tzinfo=UTC).replace(
        day=day if hour >= 7 else day - 1
    )


@pytest.mark.parametrize(
    ("when", "names"),
    [
        ((19, "08:00"), ["Mai Đức Lộc"]),
        ((19, "11:30"), []),
        ((19, "22:00"), ["Nguyễn Quang Dung"]),
        ((20, "06:00"), ["Nguyễn Quang Dung"]),
        ((20, "07:30"), []),
    ],
)
def test_police_on_duty(when, names):
    roster = DutyRoster.from_event(ROSTER)
    found = addressees([roster], "CA", at(when), "Asia/Ho_Chi_Minh")
    assert [a.name for a in found] == names


def test_only_the_receivers_agency_is_addressed():
    roster = DutyRoster.from_event(ROSTER)
    found = addressees([roster], "VP", at((19, "08:00")), "Asia/Ho_Chi_Minh")
    assert [a.to_dict() for a in found] == [
        {"staff_id": "s001", "name": "Nguyễn Văn An", "agency": "VP", "duty": "reception", "shift": "morning"}
    ]
    assert addressees([roster], None, at((19, "08:00")), "Asia/Ho_Chi_Minh") == []


def test_the_latest_roster_covering_the_day_wins():
    old = DutyRoster.from_event(ROSTER)
    new = DutyRoster.from_event({**ROSTER, "roster_id": "r2", "assignments": ROSTER["assignments"][1:]})
    assert addressees([old, new], "CA", at((19, "08:00")), "Asia/Ho_Chi_Minh") == []
    assert addressees([old, new], "CA", at((27, "08:00")), "Asia/Ho_Chi_Minh") == []


def test_an_unreadable_roster_is_refused():
    with pytest.raises(InvalidEventError, match="roster"):
        DutyRoster.from_event({"roster_id": "r1"})
