from datetime import date

import pytest

from tiepdan.intake.domain.cases import opening_deadlines
from tiepdan.intake.domain.deadlines import DEFAULT_RULES
from tiepdan.intake.domain.vocabulary import Kind
from tiepdan.kit.calendar import DayType


def test_reply_to_a_visit_on_thursday_before_tet_runs_across_the_holiday(calendar, policy):
    # Thu 12/2: Fri 13/2 is day 1; 14–22/2 are Tết; 23/2 … 5/3 are days 2–10.
    reply = policy.deadline("reply_due", "visit_reply", date(2026, 2, 12), calendar)
    assert reply.date == date(2026, 3, 5)
    assert reply.day_type is DayType.WORKING
    assert "10 ngày làm việc" in reply.rule
    assert "Điều 28" in reply.rule


def test_reply_to_a_visit_on_monday_5_january_counts_the_make_up_saturday(calendar, policy):
    # Tue 6 … Fri 9 = 4 days, Sat 10/1 (make-up) = 5, Mon 12 … Fri 16 = 6–10.
    reply = policy.deadline("reply_due", "visit_reply", date(2026, 1, 5), calendar)
    assert reply.date == date(2026, 1, 16)


def test_petition_processing_is_ten_calendar_days_moved_off_a_holiday(calendar, policy):
    deadline = policy.deadline("process_by", "petition_processing", date(2026, 2, 10), calendar)
    # 20/2 falls in Tết → next working day 23/2; counted in working days it would be 3/3.
    assert deadline.date == date(2026, 2, 23)
    assert deadline.day_type is DayType.CALENDAR
    assert deadline.other_day_type_date == date(2026, 3, 3)
    assert deadline.to_dict() == {
        "date": "2026-02-23",
        "rule": DEFAULT_RULES["petition_processing"].text,
        "rule_code": "petition_processing",
        "day_type": "calendar",
        "other_day_type_date": "2026-03-03",
        "provisional": False,
        "counted_from": "2026-02-10",
    }


def test_working_day_rules_show_no_other_date(calendar, policy):
    assert policy.deadline("reply_due", "visit_reply", date(2026, 2, 12), calendar).other_day_type_date is None


def test_day_type_is_configurable_per_rule(calendar, policy):
    changed = policy.with_overrides({"petition_processing": {"day_type": "working"}})
    deadline = changed.deadline("process_by", "petition_processing", date(2026, 2, 10), calendar)
    assert deadline.date == date(2026, 3, 3)
    assert "10 ngày làm việc" in deadline.rule
    assert deadline.other_day_type_date == date(2026, 2, 23)
    # other rules untouched
    assert changed.rules["complaint_acceptance"].day_type is DayType.CALENDAR


def test_length_is_configurable(policy):
    assert policy.with_overrides({"visit_reply": {"days": 15}}).rules["visit_reply"].days == 15


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"no_such_rule": {"days": 3}}, "unknown deadline rule"),
        ({"visit_reply": {"basis": "x"}}, "only days and day_type"),
        ({"visit_reply": {"days": 0}}, "at least 1"),
    ],
)
def test_bad_overrides_are_refused(policy, overrides, message):
    with pytest.raises(ValueError, match=message):
        policy.with_overrides(overrides)


def test_bad_day_type_is_refused(policy):
    with pytest.raises(ValueError, match="weekly"):
        policy.with_overrides({"visit_reply": {"day_type": "weekly"}})


def test_every_rule_names_its_legal_basis():
    for rule in DEFAULT_RULES.values():
        assert "Điều" in rule.basis or "TT " in rule.basis, rule.code


def test_visit_complaint_gets_reply_and_acceptance_deadlines(calendar, policy):
    deadlines = opening_deadlines(Kind.COMPLAINT, date(2026, 1, 5), True, False, policy, calendar)
    assert set(deadlines) == {"reply_due", "process_by"}
    assert deadlines["reply_due"].date == date(2026, 1, 16)
    assert deadlines["process_by"].rule_code == "complaint_acceptance"
    assert deadlines["process_by"].date == date(2026, 1, 15)


def test_petition_recommendation_gets_processing_deadline_only(calendar, policy):
    deadlines = opening_deadlines(Kind.RECOMMENDATION, date(2026, 1, 5), False, False, policy, calendar)
    assert set(deadlines) == {"process_by"}
    assert deadlines["process_by"].rule_code == "petition_processing"


def test_denunciation_initial_processing_and_transfer(calendar, policy):
    deadlines = opening_deadlines(Kind.DENUNCIATION, date(2026, 1, 5), False, False, policy, calendar)
    # 7 working days from Mon 5/1 with Sat 10/1 worked: 6,7,8,9,10,12,13
    assert deadlines["process_by"].date == date(2026, 1, 13)
    assert deadlines["process_by"].day_type is DayType.WORKING
    # 5 working days: 6,7,8,9,10
    assert deadlines["transfer_by"].date == date(2026, 1, 10)


def test_denunciation_checked_in_several_places_gets_ten_working_days(calendar, policy):
    deadlines = opening_deadlines(Kind.DENUNCIATION, date(2026, 1, 5), False, True, policy, calendar)
    assert deadlines["process_by"].rule_code == "denunciation_initial_several_places"
    assert deadlines["process_by"].date == date(2026, 1, 16)


@pytest.mark.parametrize(
    ("complex_case", "round_", "remote", "code", "days"),
    [
        (False, 1, False, "complaint_resolution", 30),
        (True, 1, False, "complaint_resolution_complex", 45),
        (False, 2, False, "complaint_resolution_second", 45),
        (True, 2, False, "complaint_resolution_second_complex", 60),
        (False, 1, True, "complaint_resolution_remote", 45),
        (True, 1, True, "complaint_resolution_remote_complex", 60),
        (False, 2, True, "complaint_resolution_second_remote", 60),
        (True, 2, True, "complaint_resolution_second_remote_complex", 70),
    ],
)
def test_complaint_resolution_rules(policy, complex_case, round_, remote, code, days):
    chosen = policy.with_overrides({}, remote_area=remote).complaint_resolution_rule(complex_case, round_)
    assert chosen == code
    assert DEFAULT_RULES[code].days == days
