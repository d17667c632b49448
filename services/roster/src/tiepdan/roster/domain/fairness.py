"""Fair share of unsocial duty: off-day, evening and night shifts spread evenly within each skill group."""

from __future__ import annotations

from datetime import date

from tiepdan.roster.domain.roster import RosterProblem
from tiepdan.roster.domain.rules import OFF_DAY_SHIFTS


def burden_weight(problem: RosterProblem, day: date, shift_code: str) -> int:
    """How many fair-share categories a shift falls in: a night on a day off counts as off-day + night."""
    categories = problem.rules.personal.fair_share
    return int(OFF_DAY_SHIFTS in categories and problem.day_kind(day) == "off") + int(shift_code in categories)


def fairness_groups(problem: RosterProblem) -> dict[str, list[str]]:
    """Skill → staff ids compared for fairness: holders of every covered skill available the whole period.

    Someone on leave for part of the period is left out of the comparison (but never gets more than the busiest).
    """
    days = problem.days()
    groups: dict[str, list[str]] = {}
    for skill in problem.rules.covered_skills():
        members = [s.id for s in problem.staff if s.has(skill) and all(s.is_available(d) for d in days)]
        if len(members) > 1:
            groups[skill] = members
    return groups


def partially_available(problem: RosterProblem, skill: str) -> list[str]:
    days = problem.days()
    return [
        s.id
        for s in problem.staff
        if s.has(skill) and any(s.is_available(d) for d in days) and not all(s.is_available(d) for d in days)
    ]
