"""Leave after publishing: re-plan only the days a newly unavailable person was assigned, pin everything else."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from tiepdan.roster.domain.roster import Assignment, RosterProblem


def affected_days(problem: RosterProblem, published: Iterable[Assignment]) -> set[date]:
    """Days of the period on which someone assigned in the published roster can no longer work."""
    staff = problem.staff_by_id()
    days = set()
    for a in published:
        person = staff.get(a.staff_id)
        if problem.start <= a.date <= problem.end and (person is None or not person.is_available(a.date)):
            days.add(a.date)
    return days


def replanning_problem(problem: RosterProblem, published: Iterable[Assignment]) -> tuple[RosterProblem, set[date]]:
    """The problem in which every day but the affected ones keeps the published assignments exactly."""
    kept = tuple(published)
    affected = affected_days(problem, kept)
    fixed = frozenset(d for d in problem.days() if d not in affected)
    history = tuple(a for a in problem.previous if a.date < problem.start)
    return replace(problem, previous=history + kept, fixed_days=fixed), affected
