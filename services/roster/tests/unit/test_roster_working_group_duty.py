"""The coverage option `working_group_on_duty`: in special periods each reception shift has a member of the working
group (Tổ công tác tiếp công dân) in force on duty, or the roster says it has not."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

import pytest

from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.roster.domain.errors import InvalidDocument
from tiepdan.roster.domain.roster import RosterProblem
from tiepdan.roster.domain.rules import WORKING_GROUP, CoverageRules
from tiepdan.roster.domain.solver import SolveOptions, solve_roster
from tiepdan.roster.domain.staff import StaffDirectory
from tiepdan.roster.domain.working_group import Decision, establish

# The solver's rosters within their time limits are what these tests check: no other test takes its CPU.
pytestmark = pytest.mark.alone

# Monday 12 to Sunday 18 January 2026 is heightened (before the congress); the 10th and 11th are normal.
START, END = date(2026, 1, 10), date(2026, 1, 14)
SHIFTS = ("morning", "afternoon")

STAFF: dict[str, Any] = {
    "agencies": [{"code": "VP", "name": "Văn phòng"}, {"code": "MTTQ", "name": "Mặt trận"}],
    "staff": [{"id": f"v{i}", "full_name": f"Cán bộ {i}", "agency": "VP", "skills": ["reception"]} for i in range(1, 7)]
    + [
        {"id": "m1", "full_name": "Thành viên tổ 1", "agency": "MTTQ", "skills": ["mediation"]},
        {"id": "m2", "full_name": "Thành viên tổ 2", "agency": "VP", "skills": ["reception"]},
    ],
}


def rules(*, working_group_on_duty: Any = True) -> CoverageRules:
    return CoverageRules.from_dict(
        {
            "shifts": [
                {"code": "morning", "start": "07:30", "end": "11:30"},
                {"code": "afternoon", "start": "13:30", "end": "17:00"},
            ],
            "coverage": [
                {"level": level, "days": "any", "shifts": list(SHIFTS), "need": [{"skill": "reception", "min": 1}]}
                for level in ("normal", "heightened")
            ]
            + [
                {
                    "level": "heightened",
                    "days": "any",
                    "shifts": list(SHIFTS),
                    "working_group_on_duty": working_group_on_duty,
                }
            ],
            "personal": {"max_shifts_per_day": 1, "min_rest_hours": 11, "fair_share": ["off_day_shifts"]},
        }
    )


def group(*members: str, start: date = START, end: date = END) -> Any:
    decision = Decision("12/QĐ-UBND", date(2026, 1, 5), start, end, [(m, "member") for m in members])
    directory = StaffDirectory.from_dict(STAFF)
    return establish("g1", decision, {p.id: p for p in directory.staff}, "Lãnh đạo", datetime(2026, 1, 5, 8))


def solve(groups: tuple[Any, ...], calendar: WorkingCalendar) -> Any:
    problem = RosterProblem(
        start=START,
        end=END,
        staff=StaffDirectory.from_dict(STAFF).staff,
        rules=rules(),
        calendar=calendar,
        working_groups=groups,
    )
    return solve_roster(problem, SolveOptions(time_limit_s=5))


def by_slot(solution: Any) -> dict[tuple[date, str], set[str]]:
    slots: dict[tuple[date, str], set[str]] = defaultdict(set)
    for a in solution.assignments:
        slots[(a.date, a.shift)].add(a.staff_id)
    return slots


def test_each_reception_shift_of_a_special_period_has_a_member_on_duty(calendar: WorkingCalendar) -> None:
    solution = solve((group("m1", "m2"),), calendar)
    assert solution.status in ("optimal", "feasible")
    assert solution.gaps == ()
    slots = by_slot(solution)
    heightened = [(d, s) for d in (date(2026, 1, 12), date(2026, 1, 13), date(2026, 1, 14)) for s in SHIFTS]
    for slot in heightened:
        assert slots[slot] & {"m1", "m2"}, slot
        assert slots[slot] & {"v1", "v2", "v3", "v4", "v5", "v6", "m2"}, slot  # reception still covered
    # m1 holds no needed skill: on a normal day nothing asks for them, so they are never put on duty there
    assert not any("m1" in slots[(date(2026, 1, d), s)] for d in (10, 11) for s in SHIFTS)


def test_without_a_member_available_the_gap_is_reported(calendar: WorkingCalendar) -> None:
    # The group's period ends on the 12th: nobody is a member on the 13th and 14th.
    solution = solve((group("m1", "m2", end=date(2026, 1, 12)),), calendar)
    assert solution.status in ("optimal", "feasible")
    missing = {(g.date, g.shift) for g in solution.gaps if g.skill == WORKING_GROUP}
    assert missing == {(date(2026, 1, d), s) for d in (13, 14) for s in SHIFTS}
    assert all(g.missing == 1 for g in solution.gaps)
    assert {g.skill for g in solution.gaps} == {WORKING_GROUP}
    message = solution.gaps[0].to_dict()["message"]
    assert "Tổ công tác tiếp công dân" in message


def test_without_any_group_every_special_shift_is_a_gap(calendar: WorkingCalendar) -> None:
    solution = solve((), calendar)
    assert len([g for g in solution.gaps if g.skill == WORKING_GROUP]) == 3 * len(SHIFTS)


def test_the_option_is_checked_and_kept() -> None:
    assert rules().needs_for("heightened", "working", "morning") == {"reception": 1, WORKING_GROUP: 1}
    assert rules().needs_for("normal", "working", "morning") == {"reception": 1}
    assert rules().covered_skills() == ["reception"]  # not a fairness group
    document = rules().to_dict()
    assert document["coverage"][2] == {
        "level": "heightened",
        "days": "any",
        "shifts": list(SHIFTS),
        "need": [],
        "working_group_on_duty": True,
    }
    assert "working_group_on_duty" not in document["coverage"][0]
    with pytest.raises(InvalidDocument) as refused:
        rules(working_group_on_duty="yes")
    assert set(refused.value.errors) == {"coverage.2.working_group_on_duty", "coverage.2.need"}
    with pytest.raises(InvalidDocument) as named:
        CoverageRules.from_dict(
            {
                "shifts": [{"code": "morning", "start": "07:30", "end": "11:30"}],
                "coverage": [
                    {
                        "level": "normal",
                        "days": "any",
                        "shifts": ["morning"],
                        "need": [{"skill": WORKING_GROUP, "min": 1}],
                    }
                ],
                "personal": {"fair_share": []},
            }
        )
    assert set(named.value.errors) == {"coverage.0.need.0.skill"}
