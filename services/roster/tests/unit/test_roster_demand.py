"""What the calendar asks for: holidays, make-up Saturdays, special periods and the heads' reception sessions."""

from datetime import date

from tiepdan.roster.domain.demand import coverage_needs, reception_candidates, reception_obligations
from tiepdan.roster.domain.roster import Assignment, Duty, RosterProblem
from tiepdan.roster.domain.rules import CoverageRules
from tiepdan.roster.domain.staff import StaffDirectory


def problem(ward, rules_doc, calendar, start, end, previous=()):
    return RosterProblem(
        start, end, StaffDirectory.from_dict(ward).staff, CoverageRules.from_dict(rules_doc), calendar, previous
    )


def test_holidays_need_nobody_at_normal_level_and_make_up_saturday_is_a_working_day(ward, rules_doc, calendar):
    needs = coverage_needs(problem(ward, rules_doc, calendar, date(2026, 1, 1), date(2026, 1, 11)))
    assert not any(day <= date(2026, 1, 4) for day, _ in needs)  # Tết Dương lịch
    assert needs[(date(2026, 1, 10), "morning")] == {"reception": 2}  # Saturday 10/1: làm bù
    assert needs[(date(2026, 1, 10), "afternoon")] == {"reception": 2}
    assert (date(2026, 1, 11), "morning") not in needs  # an ordinary Sunday
    assert needs[(date(2026, 1, 5), "morning")] == {"reception": 2}


def test_special_periods_raise_coverage(ward, rules_doc, calendar):
    needs = coverage_needs(problem(ward, rules_doc, calendar, date(2026, 1, 17), date(2026, 1, 19)))
    assert needs[(date(2026, 1, 17), "morning")] == {"reception": 2, "police": 1}  # heightened Saturday
    assert (date(2026, 1, 17), "evening") not in needs
    assert needs[(date(2026, 1, 17), "night")] == {"police": 1}
    assert needs[(date(2026, 1, 19), "evening")] == {"reception": 2, "police": 1, "leader": 1}  # congress opens
    assert needs[(date(2026, 1, 19), "night")] == {"reception": 1, "police": 1}


def test_tet_days_are_off_days_with_heightened_duty(ward, rules_doc, calendar):
    needs = coverage_needs(problem(ward, rules_doc, calendar, date(2026, 2, 16), date(2026, 2, 16)))
    assert needs == {
        (date(2026, 2, 16), "morning"): {"reception": 2, "police": 1},
        (date(2026, 2, 16), "afternoon"): {"reception": 2, "police": 1},
        (date(2026, 2, 16), "night"): {"police": 1},
    }


def test_chair_reception_moves_over_tet_to_the_next_working_day(ward, rules_doc, calendar):
    obligations = reception_obligations(problem(ward, rules_doc, calendar, date(2026, 2, 9), date(2026, 3, 1)))
    chair = [o for o in obligations if o.rule.skill == "chair"]
    by_label = {o.label: o for o in chair}
    assert [o.exact_day for o in chair if o.exact_day] == [date(2026, 2, 23)]
    assert not any(date(2026, 2, 16) <= d <= date(2026, 2, 22) for o in chair for d in o.days)
    week_after = by_label["tuần 23/02–01/03/2026"]
    assert week_after.required == 2  # its own session plus the one moved from the week of Tết
    assert week_after.days == tuple(date(2026, 2, d) for d in range(23, 28))
    assert by_label["tuần 09/02–15/02/2026"].required == 1
    assert by_label["tuần 09/02–15/02/2026"].days[-1] == date(2026, 2, 13)  # 14/2 is already Tết


def test_a_week_with_a_make_up_saturday_offers_that_saturday(ward, rules_doc, calendar):
    obligations = reception_obligations(problem(ward, rules_doc, calendar, date(2026, 1, 5), date(2026, 1, 11)))
    chair = next(o for o in obligations if o.rule.skill == "chair")
    assert date(2026, 1, 10) in chair.days


def test_party_secretary_sessions_per_month_are_prorated_for_partial_months(ward, rules_doc, calendar):
    full = reception_obligations(problem(ward, rules_doc, calendar, date(2026, 2, 1), date(2026, 2, 28)))
    assert [(o.label, o.required) for o in full if o.rule.skill == "party_secretary"] == [("tháng 02/2026", 2)]
    one_week = reception_obligations(problem(ward, rules_doc, calendar, date(2026, 3, 2), date(2026, 3, 6)))
    assert [o.required for o in one_week if o.rule.skill == "party_secretary"] == [1]


def test_sessions_already_held_before_the_period_count(ward, rules_doc, calendar):
    held = (Assignment(date(2026, 1, 13), "morning", "s011", Duty.LEADER_RECEPTION),)
    obligations = reception_obligations(
        problem(ward, rules_doc, calendar, date(2026, 1, 15), date(2026, 1, 25), previous=held)
    )
    chair_weeks = [o.label for o in obligations if o.rule.skill == "chair"]
    assert chair_weeks == ["tuần 19/01–25/01/2026"]  # the week of 12/01 already had its session


def test_deputies_stand_in_only_when_the_chair_is_away(ward, rules_doc, calendar):
    chair_rule = CoverageRules.from_dict(rules_doc).leader_reception[0]
    base = problem(ward, rules_doc, calendar, date(2026, 1, 12), date(2026, 1, 18))
    assert [s.id for s in reception_candidates(base, chair_rule, date(2026, 1, 15))] == ["s011"]
    next(p for p in ward["staff"] if p["id"] == "s011")["unavailable"] = ["2026-01-15"]
    away = problem(ward, rules_doc, calendar, date(2026, 1, 12), date(2026, 1, 18))
    assert [s.id for s in reception_candidates(away, chair_rule, date(2026, 1, 15))] == ["s012", "s013"]
