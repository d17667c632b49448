"""Per-person counts, fairness spread and coverage gaps measured on hand-written assignments."""

from datetime import date

from tiepdan.roster.domain.fairness import fairness_groups
from tiepdan.roster.domain.roster import Assignment, CoverageGap, Duty, RosterProblem
from tiepdan.roster.domain.rules import CoverageRules
from tiepdan.roster.domain.staff import StaffDirectory
from tiepdan.roster.domain.stats import fairness_spreads, person_counts, roster_stats
from tiepdan.roster.domain.violations import coverage_gaps


def problem(ward, rules_doc, calendar, start, end):
    return RosterProblem(start, end, StaffDirectory.from_dict(ward).staff, CoverageRules.from_dict(rules_doc), calendar)


def test_off_day_evening_and_night_each_count_once_and_add_up(ward, rules_doc, calendar):
    p = problem(ward, rules_doc, calendar, date(2026, 1, 16), date(2026, 1, 18))
    roster = [
        Assignment(date(2026, 1, 16), "evening", "s015"),  # working-day evening: 1
        Assignment(date(2026, 1, 17), "night", "s016", Duty.ON_CALL),  # Saturday night: off day + night = 2
        Assignment(date(2026, 1, 17), "morning", "s017"),  # Saturday morning: 1
        Assignment(date(2026, 1, 16), "morning", "s001"),  # working-day morning: 0
        Assignment(date(2026, 1, 16), "morning", "s011", Duty.LEADER_RECEPTION),
    ]
    counts = person_counts(p, roster)
    assert [counts[s]["burden"] for s in ("s015", "s016", "s017", "s001")] == [1, 2, 1, 0]
    assert counts["s016"]["off_day_shifts"] == 1
    assert counts["s011"]["leader_reception"] == 1
    assert counts["s016"]["by_shift"] == {"night": 1}
    spreads = fairness_spreads(p, roster)
    assert spreads["police"] == {"min": 0, "max": 2, "spread": 2}
    assert spreads["reception"] == {"min": 0, "max": 0, "spread": 0}
    assert roster_stats(p, roster)["assignments"] == 5


def test_people_on_leave_are_left_out_of_the_comparison(ward, rules_doc, calendar):
    ward["staff"][14]["leave"] = [{"from": "2026-01-17", "to": "2026-01-17"}]  # s015
    p = problem(ward, rules_doc, calendar, date(2026, 1, 16), date(2026, 1, 18))
    assert "s015" not in fairness_groups(p)["police"]
    roster = [Assignment(date(2026, 1, 17), "morning", s) for s in ("s016", "s017", "s018", "s019")]
    roster += [Assignment(date(2026, 1, 17), "afternoon", s) for s in ("s020", "s021", "s022")]
    assert fairness_spreads(p, roster)["police"]["spread"] == 0  # s015 (on leave, 0 shifts) not compared


def test_gaps_count_each_skill_a_person_holds(ward, rules_doc, calendar):
    p = problem(ward, rules_doc, calendar, date(2026, 1, 12), date(2026, 1, 12))
    morning = [
        Assignment(date(2026, 1, 12), "morning", "s009"),  # reception + legal
        Assignment(date(2026, 1, 12), "morning", "s001"),
        Assignment(date(2026, 1, 12), "morning", "s015"),
    ]
    gaps = [g for g in coverage_gaps(p, morning) if g.shift == "morning"]
    assert gaps == [CoverageGap(date(2026, 1, 12), "morning", "reception", 1)]
    assert gaps[0].to_dict() == {
        "rule": "coverage",
        "date": "2026-01-12",
        "shift": "morning",
        "skill": "reception",
        "missing": 1,
        "message": "Ngày 12/01/2026, ca morning: thiếu 1 người có kỹ năng 'reception'.",
    }
