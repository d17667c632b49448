"""Leave after publishing: only the affected days change, every other assignment stays as published."""

from datetime import date

import pytest
from conftest import person

from tiepdan.roster.domain.replan import affected_days, replanning_problem
from tiepdan.roster.domain.roster import RosterProblem
from tiepdan.roster.domain.rules import CoverageRules
from tiepdan.roster.domain.solver import SolveOptions, solve_roster
from tiepdan.roster.domain.staff import StaffDirectory
from tiepdan.roster.domain.violations import coverage_gaps

# The solver's rosters within their time limits are what these tests check: no other test takes its CPU.
pytestmark = pytest.mark.alone

START, END = date(2026, 1, 12), date(2026, 1, 25)


def problem_for(ward, rules_doc, calendar):
    return RosterProblem(START, END, StaffDirectory.from_dict(ward).staff, CoverageRules.from_dict(rules_doc), calendar)


def test_leave_replans_only_the_affected_days(ward, rules_doc, calendar, solve_and_check):
    published = solve_and_check(START, END, time_limit_s=3).assignments
    officer_days = sorted({a.date for a in published if a.staff_id == "s015"})
    leave_days = officer_days[:2]
    person(ward, "s015")["unavailable"] = [d.isoformat() for d in leave_days]

    base = problem_for(ward, rules_doc, calendar)
    assert affected_days(base, published) == set(leave_days)
    replanning, affected = replanning_problem(base, published)
    assert affected == set(leave_days)
    assert replanning.fixed_days == frozenset(d for d in base.days() if d not in affected)

    solution = solve_roster(replanning, SolveOptions(time_limit_s=5))
    assert solution.status in ("optimal", "feasible")
    untouched_before = {a for a in published if a.date not in affected}
    untouched_after = {a for a in solution.assignments if a.date not in affected}
    assert untouched_after == untouched_before
    assert not [a for a in solution.assignments if a.staff_id == "s015" and a.date in affected]
    assert coverage_gaps(base, solution.assignments) == []


def test_nothing_to_replan_when_the_leave_touches_no_assignment(ward, rules_doc, calendar, solve_and_check):
    published = solve_and_check(START, END, time_limit_s=3).assignments
    idle = next(s["id"] for s in ward["staff"] if s["id"] not in {a.staff_id for a in published})
    person(ward, idle)["leave"] = [{"from": START.isoformat(), "to": END.isoformat()}]
    assert affected_days(problem_for(ward, rules_doc, calendar), published) == set()
