"""Unmet coverage, measured on the assignments themselves (never trusted from the solver's slack variables)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from tiepdan.roster.domain.demand import coverage_needs
from tiepdan.roster.domain.roster import Assignment, CoverageGap, RosterProblem


def coverage_gaps(problem: RosterProblem, assignments: Iterable[Assignment]) -> list[CoverageGap]:
    """Every (date, shift, skill) slot with fewer assigned holders than its minimum; a person counts for each skill
    (and, where a rule asks for one, as a working-group member)."""
    staff = problem.staff_by_id()
    on_shift: dict[tuple[date, str], list[str]] = {}
    for a in assignments:
        on_shift.setdefault((a.date, a.shift), []).append(a.staff_id)
    gaps: list[CoverageGap] = []
    for (day, shift), needs in sorted(coverage_needs(problem).items()):
        people = [staff[i] for i in on_shift.get((day, shift), []) if i in staff]
        for skill, minimum in needs.items():
            have = sum(1 for p in people if problem.holds(p, skill, day))
            if have < minimum:
                gaps.append(CoverageGap(day, shift, skill, minimum - have))
    return gaps
