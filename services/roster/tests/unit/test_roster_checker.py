"""The independent checker catches a roster that breaks any hard rule (so a passing solver test means something)."""

from __future__ import annotations

import copy
from datetime import date, timedelta

import pytest
from conftest import load
from roster_checker import check_roster

from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.roster.domain.roster import Assignment, Duty, RosterProblem
from tiepdan.roster.domain.rules import CoverageRules
from tiepdan.roster.domain.solver import SolveOptions, solve_roster
from tiepdan.roster.domain.staff import StaffDirectory

# The solver's rosters within their time limits are what these tests check: no other test takes its CPU.
pytestmark = pytest.mark.alone

START, END = date(2026, 1, 12), date(2026, 1, 25)
CALENDAR = WorkingCalendar.from_dict(load("calendar-2026.json"))


@pytest.fixture(scope="module")
def solved() -> list[Assignment]:
    problem = RosterProblem(
        START,
        END,
        StaffDirectory.from_dict(load("ward-staff.json")).staff,
        CoverageRules.from_dict(load("coverage-rules.json")),
        CALENDAR,
    )
    solution = solve_roster(problem, SolveOptions(time_limit_s=3))
    assert solution.gaps == ()
    return list(solution.assignments)


def check(assignments, *, staff=None, gaps=None, start=START, end=END, rules=None, history=()):
    return check_roster(
        staff=staff or load("ward-staff.json")["staff"],
        rules=rules or load("coverage-rules.json"),
        calendar=CALENDAR,
        start=start,
        end=end,
        assignments=assignments,
        reported_gaps=gaps or [],
        history=list(history),
    )


def matching(problems: list[str], fragment: str) -> list[str]:
    return [p for p in problems if fragment in p]


def test_the_solved_roster_passes(solved):
    assert check(solved) == []


def test_an_unfilled_slot_must_be_reported(solved):
    police = next(a for a in solved if a.staff_id == "s015" and a.shift != "night")
    broken = [a for a in solved if a != police]
    problems = check(broken)
    assert matching(problems, "coverage not met and not reported: ('" + police.date.isoformat())
    reported = [{"date": police.date.isoformat(), "shift": police.shift, "skill": "police", "missing": 1}]
    assert check(broken, gaps=reported) == []


def test_a_gap_that_is_not_one_is_caught(solved):
    fake = [{"date": "2026-01-12", "shift": "morning", "skill": "reception", "missing": 1}]
    assert matching(check(solved, gaps=fake), "reported gap that is not one")


def test_an_unavailable_person_is_caught(solved):
    victim = solved[0]
    staff = copy.deepcopy(load("ward-staff.json")["staff"])
    next(p for p in staff if p["id"] == victim.staff_id)["leave"] = [
        {"from": victim.date.isoformat(), "to": victim.date.isoformat()}
    ]
    assert matching(check(solved, staff=staff), f"{victim.staff_id} is unavailable on {victim.date}")


def test_two_shifts_a_day_are_caught(solved):
    morning = next(a for a in solved if a.shift == "morning" and a.duty is Duty.RECEPTION)
    extra = Assignment(morning.date, "afternoon", morning.staff_id)
    problems = check([*solved, extra])
    assert matching(problems, f"{morning.staff_id} has 2 shifts on {morning.date}")


def test_too_little_rest_after_a_night_is_caught(solved):
    night = next(a for a in solved if a.shift == "night" and a.date < END)
    next_day = night.date + timedelta(days=1)
    kept = [a for a in solved if not (a.staff_id == night.staff_id and a.date == next_day)]
    problems = check([*kept, Assignment(next_day, "afternoon", night.staff_id)])
    assert matching(problems, f"{night.staff_id} rests only 6:00:00")


def test_evening_then_next_morning_is_too_little_rest_but_night_after_night_is_fine():
    evening_then_morning = [
        Assignment(date(2026, 2, 2), "evening", "s001"),
        Assignment(date(2026, 2, 3), "morning", "s001"),
    ]
    assert matching(check(evening_then_morning), "s001 rests only 10:30:00")
    two_nights = [Assignment(date(2026, 2, 2), "night", "s015", Duty.ON_CALL)]
    two_nights.append(Assignment(date(2026, 2, 3), "night", "s015", Duty.ON_CALL))
    assert not matching(check(two_nights), "rests only")


def test_rest_and_consecutive_days_count_the_previous_roster():
    history = [Assignment(date(2026, 1, 31) + timedelta(days=i), "night", "s015", Duty.ON_CALL) for i in range(6)]
    first_day = [Assignment(date(2026, 2, 6), "night", "s015", Duty.ON_CALL)]
    problems = check(first_day, start=date(2026, 2, 6), end=date(2026, 2, 6), history=history)
    assert matching(problems, "s015 works 7 days in a row up to 2026-02-06")
    morning_after = [Assignment(date(2026, 2, 6), "morning", "s015")]
    problems = check(morning_after, start=date(2026, 2, 6), end=date(2026, 2, 6), history=history[-1:])
    assert matching(problems, "s015 rests only 0:00:00")


def test_seven_days_in_a_row_are_caught():
    week = [Assignment(date(2026, 2, 2) + timedelta(days=i), "morning", "s001") for i in range(7)]
    assert matching(check(week, start=date(2026, 2, 2), end=date(2026, 2, 8)), "s001 works 7 days in a row")
    assert not matching(check(week[:6], start=date(2026, 2, 2), end=date(2026, 2, 8)), "in a row")


def test_a_week_without_the_chairs_reception_is_caught(solved):
    broken = [Assignment(a.date, a.shift, a.staff_id, Duty.RECEPTION) if a.staff_id == "s011" else a for a in solved]
    assert matching(check(broken), "week of 2026-01-12: 0 chair sessions, 1 due")


def test_a_deputy_receiving_while_the_chair_is_free_is_caught(solved):
    session = next(a for a in solved if a.staff_id == "s011" and a.duty is Duty.LEADER_RECEPTION)
    swapped = [a for a in solved if a != session and not (a.staff_id == "s012" and a.date == session.date)]
    swapped.append(Assignment(session.date, "morning", "s012", Duty.LEADER_RECEPTION))
    problems = check(swapped)
    assert matching(problems, f"s012 receives for chair on {session.date} though a holder is free")


def test_the_chairs_reception_must_move_over_tet():
    rules = copy.deepcopy(load("coverage-rules.json"))
    rules["coverage"] = []  # only the reception rule is under test here
    rules["leader_reception"] = rules["leader_reception"][:1]
    held_friday = [Assignment(date(2026, 2, 27), "morning", "s011", Duty.LEADER_RECEPTION)]
    problems = check(held_friday, start=date(2026, 2, 23), end=date(2026, 2, 27), rules=rules)
    assert matching(problems, "no chair session on 2026-02-23")
    assert matching(problems, "week of 2026-02-23: 1 chair sessions, 2 due")
    both = [*held_friday, Assignment(date(2026, 2, 23), "morning", "s011", Duty.LEADER_RECEPTION)]
    assert check(both, start=date(2026, 2, 23), end=date(2026, 2, 27), rules=rules) == []


def test_party_secretary_needs_two_sessions_in_a_full_month():
    rules = copy.deepcopy(load("coverage-rules.json"))
    rules["coverage"] = []
    rules["leader_reception"] = rules["leader_reception"][1:]
    once = [Assignment(date(2026, 2, 3), "morning", "s014", Duty.LEADER_RECEPTION)]
    problems = check(once, start=date(2026, 2, 1), end=date(2026, 2, 28), rules=rules)
    assert problems == ["month 2026-02: 1 party_secretary sessions, 2 due"]


def test_a_night_shift_must_be_on_call(solved):
    night = next(a for a in solved if a.shift == "night")
    relabelled = [Assignment(a.date, a.shift, a.staff_id, Duty.RECEPTION) if a == night else a for a in solved]
    assert matching(check(relabelled), "expected on_call")
