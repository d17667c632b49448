"""Issue 16's deadline defects, each with its example's dates."""

from datetime import UTC, date, datetime

from tiepdan.intake.domain.cases import ActionRequest, apply_action
from tiepdan.intake.domain.vocabulary import Kind


def on(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 3, 0, tzinfo=UTC)


def act(case, action, day, leader, policy, calendar, **fields):
    apply_action(case, ActionRequest(action, **fields), leader, on(day), policy, calendar)


def test_a_complaint_extended_after_a_suspension_keeps_the_suspension(leader, calendar, policy, make_case):
    case = make_case()
    act(case, "accept", date(2026, 3, 2), leader, policy, calendar)
    assert case.deadlines["resolve_by"].date == date(2026, 4, 1)
    act(case, "suspend", date(2026, 3, 10), leader, policy, calendar, reason="Chờ giám định")
    act(case, "resume", date(2026, 3, 30), leader, policy, calendar)
    assert case.deadlines["resolve_by"].date == date(2026, 4, 21)
    act(case, "extend", date(2026, 4, 6), leader, policy, calendar, reason="Phức tạp")
    # 45 days from 2/3 end on 16/4; the 20 suspended days still do not count: 6/5.
    assert case.deadlines["resolve_by"].date == date(2026, 5, 6)
    assert case.deadlines["resolve_by"].suspensions == ((date(2026, 3, 10), date(2026, 3, 30)),)


def test_every_suspension_survives_every_later_change(leader, calendar, policy, make_case):
    case = make_case(kind=Kind.DENUNCIATION)
    act(case, "accept", date(2026, 3, 2), leader, policy, calendar)
    act(case, "suspend", date(2026, 3, 10), leader, policy, calendar, reason="Chờ giám định")
    act(case, "resume", date(2026, 3, 20), leader, policy, calendar)
    act(case, "extend", date(2026, 3, 25), leader, policy, calendar, reason="Phức tạp")
    act(case, "suspend", date(2026, 4, 1), leader, policy, calendar, reason="Chờ kết luận")
    act(case, "resume", date(2026, 4, 6), leader, policy, calendar)
    act(case, "extend", date(2026, 4, 10), leader, policy, calendar, reason="Đặc biệt phức tạp")
    # 2/3 + 90 days = 31/5, plus 10 and 5 suspended days = 15/6 (Monday).
    assert case.deadlines["resolve_by"].date == date(2026, 6, 15)
    assert len(case.deadlines["resolve_by"].suspensions) == 2


def test_a_denunciation_extension_extends_the_period_not_the_moved_date(leader, calendar, policy, make_case):
    """Luật Tố cáo 2018 Art 30(1): the period (30 days from acceptance) is extended by up to 30 days; BLDS 2015
    Art 148(5) only moves the end of a period that falls on a day off, so the extension runs on from the period's
    own last day (14/2), not from the day it was moved to (23/2)."""
    case = make_case(kind=Kind.DENUNCIATION)
    act(case, "accept", date(2026, 1, 15), leader, policy, calendar)
    assert case.deadlines["resolve_by"].date == date(2026, 2, 23)  # 14/2 falls in Tết
    act(case, "extend", date(2026, 2, 2), leader, policy, calendar, reason="Phức tạp")
    extended = case.deadlines["resolve_by"]
    assert extended.date == date(2026, 3, 16)  # 60 days from acceptance
    # the other reading (30 days from the moved date 23/2) would give 25/3
    assert calendar.add_calendar_days(date(2026, 2, 23), 30) == date(2026, 3, 25)
    assert extended.date != date(2026, 3, 25)
    assert "Điều 147–148" in extended.rule


def test_a_deadline_past_the_last_known_year_is_provisional_with_its_reason(calendar, policy):
    known = policy.deadline("reply_due", "visit_reply", date(2026, 12, 30), calendar)
    assert known.date == date(2027, 1, 14)
    assert not known.provisional
    assert known.to_dict()["provisional"] is False
    late = policy.deadline("resolve_by", "complaint_resolution", date(2027, 12, 10), calendar)
    assert late.provisional
    assert "2028" in late.provisional_reason
    assert late.to_dict()["provisional"] is True
    assert "2028" in late.to_dict()["provisional_reason"]
