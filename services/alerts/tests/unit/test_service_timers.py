"""Escalation and reminders through the service layer: the timer at moved clocks, on the in-memory unit of work."""

from __future__ import annotations

from datetime import timedelta

from alerts_samples import ORDINARY, visit

from tiepdan.alerts.domain.access import Caller
from tiepdan.alerts.domain.duty import DutyRoster
from tiepdan.alerts.service.acting import acknowledge
from tiepdan.alerts.service.copies import keep_roster
from tiepdan.alerts.service.detecting import take_sighting
from tiepdan.alerts.service.timers import run_timers
from tiepdan.kit.testing import TEST_UNIT

POLICE = Caller("Mai Đức Lộc", frozenset({"police"}))


def raise_crowd(uow, headcount):
    with uow:
        (outcome,) = take_sighting(uow, TEST_UNIT, visit(headcount=headcount), occurred_at=ORDINARY, now=ORDINARY)
        uow.commit()
    return outcome.alert.id


def tick(uow, minutes):
    with uow:
        touched = run_timers(uow, ORDINARY + timedelta(minutes=minutes))
        uow.commit()
    return touched


def reasons(uow, alert_id):
    return [(str(d.reason), d.receiver) for d in uow.deliveries.of_alert(alert_id)]


def test_an_open_warning_escalates_after_its_delay_one_level_at_a_time(uow):
    alert_id = raise_crowd(uow, 6)
    assert tick(uow, 59) == 0
    assert tick(uow, 60) == 1
    alert = uow.alerts.get(alert_id)
    assert alert.escalation_level == 1
    assert reasons(uow, alert_id)[2:] == [("escalated", "leader")]
    assert uow.events[-1].type == "alerts.alert.escalated"
    tick(uow, 120)
    assert uow.alerts.get(alert_id).escalation_level == 2
    assert reasons(uow, alert_id)[3:] == [("escalated", "province")]


def test_an_acknowledged_alert_does_not_escalate_but_is_repeated(uow):
    alert_id = raise_crowd(uow, 6)
    with uow:
        acknowledge(uow, alert_id, POLICE, note=None, now=ORDINARY + timedelta(minutes=1))
        uow.commit()
    assert tick(uow, 60) == 0
    assert uow.alerts.get(alert_id).escalation_level == 0
    assert tick(uow, 240) == 0  # the repeat interval runs from the acknowledgement
    assert tick(uow, 241) == 1
    assert [r for r, _ in reasons(uow, alert_id)[2:]] == ["renotify", "renotify"]


def test_a_notice_at_0600_names_the_police_officer_whose_night_shift_began_at_2200(uow):
    roster = {
        "roster_id": "r1",
        "period": {"from": "2026-06-09", "to": "2026-06-10"},
        "shifts": [{"code": "night", "start": "22:00", "end": "07:00"}],
        "assignments": [
            {
                "date": "2026-06-09",
                "shift": "night",
                "staff_id": "s16",
                "staff_name": "Nguyễn Quang Dung",
                "agency": "CA",
            }
        ],
    }
    with uow:
        keep_roster(uow, TEST_UNIT, roster, published_at=ORDINARY)
        uow.commit()
    six_in_the_morning = ORDINARY - timedelta(hours=3)  # 06:00 in Hà Nội, 10 June
    assert DutyRoster.from_event(roster).on_duty(six_in_the_morning, "Asia/Ho_Chi_Minh")
    with uow:
        (outcome,) = take_sighting(
            uow, TEST_UNIT, visit(headcount=6), occurred_at=six_in_the_morning, now=six_in_the_morning
        )
        uow.commit()
    (notice,) = [d for d in uow.deliveries.of_alert(outcome.alert.id) if d.receiver == "police"]
    assert [a["name"] for a in notice.payload["addressees"]] == ["Nguyễn Quang Dung"]
