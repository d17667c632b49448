"""Per-person counts and fairness spreads of a roster, as shown in `stats` and measured by the benchmark."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tiepdan.roster.domain.fairness import burden_weight, fairness_groups
from tiepdan.roster.domain.roster import Assignment, Duty, RosterProblem


def person_counts(problem: RosterProblem, assignments: Iterable[Assignment]) -> dict[str, dict[str, Any]]:
    counts: dict[str, dict[str, Any]] = {
        s.id: {"shifts": 0, "by_shift": {}, "off_day_shifts": 0, "leader_reception": 0, "burden": 0}
        for s in problem.staff
    }
    for a in assignments:
        person = counts.get(a.staff_id)
        if person is None:
            continue
        person["shifts"] += 1
        person["by_shift"][a.shift] = person["by_shift"].get(a.shift, 0) + 1
        person["off_day_shifts"] += int(problem.day_kind(a.date) == "off")
        person["leader_reception"] += int(a.duty is Duty.LEADER_RECEPTION)
        person["burden"] += burden_weight(problem, a.date, a.shift)
    return counts


def fairness_spreads(problem: RosterProblem, assignments: Iterable[Assignment]) -> dict[str, dict[str, int]]:
    """Skill group → min, max and spread (max − min) of off-day + evening + night shifts per person."""
    counts = person_counts(problem, assignments)
    spreads: dict[str, dict[str, int]] = {}
    for skill, members in fairness_groups(problem).items():
        burdens = [counts[m]["burden"] for m in members]
        spreads[skill] = {"min": min(burdens), "max": max(burdens), "spread": max(burdens) - min(burdens)}
    return spreads


def roster_stats(problem: RosterProblem, assignments: Iterable[Assignment]) -> dict[str, Any]:
    materialised = list(assignments)
    return {
        "per_person": person_counts(problem, materialised),
        "fairness": fairness_spreads(problem, materialised),
        "assignments": len(materialised),
    }
