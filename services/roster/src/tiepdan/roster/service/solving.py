"""The worker's use case: claim a requested roster, solve it outside any transaction, store the result.

Each step is its own unit of work (`new_uow()` opens one), so no transaction stays open while the solver runs.
Claims are conditional, so several workers never solve the same roster; a claim older than the time limit plus
a grace period (a worker that died) is taken over, at most MAX_ATTEMPTS times.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.kit.db import utcnow
from tiepdan.kit.service import Runtime
from tiepdan.roster.adapters import metrics
from tiepdan.roster.adapters.orm import RosterRecord
from tiepdan.roster.config import CLAIM_GRACE, HISTORY_DAYS, MAX_ATTEMPTS, SOLVER_WORKERS
from tiepdan.roster.domain.replan import replanning_problem
from tiepdan.roster.domain.roster import RosterProblem, Status
from tiepdan.roster.domain.rules import CoverageRules
from tiepdan.roster.domain.solver import RosterSolution, SolveOptions, SolveStatus, solve_roster
from tiepdan.roster.domain.stats import roster_stats
from tiepdan.roster.service import events
from tiepdan.roster.service.rosters import in_force, mark_published
from tiepdan.roster.service.unit_of_work import RosterUnitOfWork, RosterWork

log = logging.getLogger(__name__)

NewWork = Callable[[], AbstractContextManager[RosterWork]]


@dataclass(frozen=True)
class Claim:
    roster_id: str
    claimed_at: datetime


def solve_pending(runtime: Runtime) -> int:
    """Periodic task: solve every roster waiting in `solving`; returns how many were solved."""
    return solve_waiting(lambda: cast(RosterUnitOfWork, runtime.uow()))


def solve_waiting(new_uow: NewWork) -> int:
    solved = 0
    while (claim := claim_next(new_uow)) is not None:
        solve_claimed(new_uow, claim)
        solved += 1
    return solved


def claim_next(new_uow: NewWork) -> Claim | None:
    now = utcnow()
    with new_uow() as uow:
        for roster in uow.rosters.waiting():
            stale_before = now - timedelta(seconds=roster.time_limit_s) - CLAIM_GRACE
            if roster.claimed_at is not None and roster.claimed_at > stale_before:
                continue
            if roster.attempts >= MAX_ATTEMPTS:
                roster.status = Status.INFEASIBLE
                roster.reasons = [f"Không giải được lịch trực sau {MAX_ATTEMPTS} lần thử (worker dừng giữa chừng)."]
                uow.commit()
                continue
            taken = uow.rosters.claim(roster, now)
            uow.commit()
            if taken:
                return Claim(roster.id, now)
    return None


def solve_claimed(new_uow: NewWork, claim: Claim) -> None:
    with new_uow() as uow:
        roster = uow.rosters.get(claim.roster_id)
        if roster is None:
            return
        problem = _problem(uow, roster)
        time_limit = roster.time_limit_s
    solution = solve_roster(problem, SolveOptions(time_limit_s=time_limit, workers=SOLVER_WORKERS))
    metrics.SOLVES.labels(str(solution.status)).inc()
    metrics.SOLVE_SECONDS.observe(solution.wall_time_s)
    log.info(
        "roster %s solved: %s in %.1fs, %d assignments, %d unfilled slots",
        claim.roster_id,
        solution.status,
        solution.wall_time_s,
        len(solution.assignments),
        len(solution.gaps),
    )
    with new_uow() as uow:
        roster = uow.rosters.get(claim.roster_id)
        if roster is None or roster.status != Status.SOLVING or roster.claimed_at != claim.claimed_at:
            log.warning("roster %s was taken over while solving; result dropped", claim.roster_id)
            return
        _store(uow, roster, problem, solution)
        uow.commit()


def _problem(uow: RosterWork, roster: RosterRecord) -> RosterProblem:
    unit = roster.unit
    history_from = roster.start - timedelta(days=HISTORY_DAYS)
    previous = in_force(uow.rosters.published_overlapping(history_from, roster.end, unit), history_from, roster.end)
    replaced = uow.rosters.get(roster.replaces) if roster.replaces else None
    problem = RosterProblem(
        start=roster.start,
        end=roster.end,
        staff=uow.staff.all(unit),
        rules=CoverageRules.from_dict(uow.rules.document(unit)),
        calendar=WorkingCalendar.from_dict(uow.calendar.document(unit)),
        previous=tuple(a for a in previous if a.date < roster.start) if replaced else tuple(previous),
        working_groups=uow.working_groups.overlapping(roster.start, roster.end, unit),
    )
    if replaced is None:
        return problem
    replanned, _ = replanning_problem(problem, replaced.planned())
    return replanned


def _store(uow: RosterWork, roster: RosterRecord, problem: RosterProblem, solution: RosterSolution) -> None:
    roster.solved_at = utcnow()
    roster.shifts = [s.to_dict() for s in problem.rules.shifts]
    roster.timezone = problem.calendar.timezone
    roster.staff = {s.id: {"name": s.full_name, "agency": s.agency, "skills": sorted(s.skills)} for s in problem.staff}
    roster.stats = _stats(problem, solution)
    roster.reasons = list(solution.reasons)
    if solution.status in (SolveStatus.INFEASIBLE, SolveStatus.UNKNOWN):
        roster.status = Status.INFEASIBLE
        roster.assignments, roster.violations = [], [{"rule": "hard", "message": r} for r in solution.reasons]
        return
    roster.status = Status.DRAFT
    roster.assignments = [a.to_dict() for a in solution.assignments]
    roster.violations = [g.to_dict() for g in solution.gaps]
    for gap in solution.gaps:
        uow.emit("roster.coverage.gap", events.coverage_gap(roster.id, gap), unit=roster.unit, aggregate_id=roster.id)
    gaps = len(solution.gaps)
    uow.on_committed(lambda: metrics.GAPS.inc(gaps))
    if roster.replaces:
        _publish_replan(uow, roster, problem)


def _publish_replan(uow: RosterWork, roster: RosterRecord, problem: RosterProblem) -> None:
    """A re-plan replaces a roster already in force: publish it at once, the old one is superseded."""
    replaced = uow.rosters.get(roster.replaces) if roster.replaces else None
    if replaced is not None and replaced.status == Status.PUBLISHED:
        replaced.status = Status.SUPERSEDED
    changed = sorted(d.isoformat() for d in set(problem.days()) - problem.fixed_days)
    roster.stats = {**roster.stats, "replanned_days": changed}
    mark_published(uow, roster, roster.requested_by)


def _stats(problem: RosterProblem, solution: RosterSolution) -> dict[str, Any]:
    return {
        **roster_stats(problem, solution.assignments),
        "solver_status": str(solution.status),
        "solve_time_s": round(solution.wall_time_s, 3),
        "first_solution_s": _rounded(solution.first_solution_s),
        "first_complete_s": _rounded(solution.first_complete_s),
        "objective": solution.objective,
        "bound": solution.bound,
        "optimality_gap": _rounded(solution.optimality_gap, 4),
    }


def _rounded(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)
