"""The worker's use case: claim a requested roster, solve it outside any transaction, store the result.

Claims are a conditional UPDATE, so several workers never solve the same roster; a claim older than the time
limit plus a grace period (a worker that died) is taken over, at most MAX_ATTEMPTS times.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update

from tiepdan.kit.db import utcnow
from tiepdan.kit.service import Runtime
from tiepdan.roster.adapters import metrics, repository
from tiepdan.roster.adapters.orm import RosterRecord
from tiepdan.roster.domain.replan import replanning_problem
from tiepdan.roster.domain.roster import RosterProblem
from tiepdan.roster.domain.solver import RosterSolution, SolveOptions, SolveStatus, solve_roster
from tiepdan.roster.domain.stats import roster_stats
from tiepdan.roster.service import events
from tiepdan.roster.service.rosters import DRAFT, INFEASIBLE, SOLVING, SUPERSEDED, mark_published

log = logging.getLogger(__name__)

CLAIM_GRACE = timedelta(minutes=2)
MAX_ATTEMPTS = 3
HISTORY_DAYS = 14  # rest and consecutive days look back at most this far into the previous roster
WORKERS = 2


@dataclass(frozen=True)
class Claim:
    roster_id: str
    claimed_at: datetime


def solve_pending(runtime: Runtime) -> int:
    """Periodic task: solve every roster waiting in `solving`; returns how many were solved."""
    solved = 0
    while (claim := claim_next(runtime)) is not None:
        solve_claimed(runtime, claim)
        solved += 1
    return solved


def claim_next(runtime: Runtime) -> Claim | None:
    now = utcnow()
    with runtime.uow() as uow:
        candidates = uow.session.scalars(
            select(RosterRecord).where(RosterRecord.status == SOLVING).order_by(RosterRecord.created_at)
        ).all()
        for record in candidates:
            stale_before = now - timedelta(seconds=record.time_limit_s) - CLAIM_GRACE
            if record.claimed_at is not None and record.claimed_at > stale_before:
                continue
            if record.attempts >= MAX_ATTEMPTS:
                record.status = INFEASIBLE
                record.reasons = [f"Không giải được lịch trực sau {MAX_ATTEMPTS} lần thử (worker dừng giữa chừng)."]
                uow.commit()
                continue
            taken = uow.session.execute(
                update(RosterRecord)
                .where(
                    RosterRecord.id == record.id,
                    RosterRecord.status == SOLVING,
                    or_(RosterRecord.claimed_at.is_(None), RosterRecord.claimed_at == record.claimed_at),
                )
                .values(claimed_at=now, attempts=RosterRecord.attempts + 1)
                .execution_options(synchronize_session=False)
            )
            uow.commit()
            if taken.rowcount == 1:
                return Claim(record.id, now)
    return None


def solve_claimed(runtime: Runtime, claim: Claim) -> None:
    with runtime.uow() as uow:
        record = repository.roster_record(uow.session, claim.roster_id)
        if record is None:
            return
        problem = _problem(uow.session, record)
        time_limit = record.time_limit_s
    solution = solve_roster(problem, SolveOptions(time_limit_s=time_limit, workers=WORKERS))
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
    with runtime.uow() as uow:
        record = repository.roster_record(uow.session, claim.roster_id)
        if record is None or record.status != SOLVING or record.claimed_at != claim.claimed_at:
            log.warning("roster %s was taken over while solving; result dropped", claim.roster_id)
            return
        _store(uow, record, problem, solution)
        uow.commit()


def _problem(session: Any, record: RosterRecord) -> RosterProblem:
    unit = record.unit
    history_from = record.start - timedelta(days=HISTORY_DAYS)
    previous = repository.published_assignments(session, history_from, record.end, unit)
    replaced = repository.roster_record(session, record.replaces) if record.replaces else None
    problem = RosterProblem(
        start=record.start,
        end=record.end,
        staff=repository.staff_of_unit(session, unit),
        rules=repository.coverage_rules(session, unit),
        calendar=repository.working_calendar(session, unit),
        previous=tuple(a for a in previous if a.date < record.start) if replaced else tuple(previous),
    )
    if replaced is None:
        return problem
    replanned, _ = replanning_problem(problem, repository.assignments_of(replaced))
    return replanned


def _store(uow: Any, record: RosterRecord, problem: RosterProblem, solution: RosterSolution) -> None:
    record.solved_at = utcnow()
    record.shifts = [s.to_dict() for s in problem.rules.shifts]
    record.timezone = problem.calendar.timezone
    record.staff = {s.id: {"name": s.full_name, "agency": s.agency, "skills": sorted(s.skills)} for s in problem.staff}
    record.stats = _stats(problem, solution)
    record.reasons = list(solution.reasons)
    if solution.status in (SolveStatus.INFEASIBLE, SolveStatus.UNKNOWN):
        record.status = INFEASIBLE
        record.assignments, record.violations = [], [{"rule": "hard", "message": r} for r in solution.reasons]
        return
    record.status = DRAFT
    record.assignments = [a.to_dict() for a in solution.assignments]
    record.violations = [g.to_dict() for g in solution.gaps]
    for gap in solution.gaps:
        uow.emit("roster.coverage.gap", events.coverage_gap(record.id, gap), unit=record.unit, aggregate_id=record.id)
    metrics.GAPS.inc(len(solution.gaps))
    if record.replaces:
        _publish_replan(uow, record, problem)


def _publish_replan(uow: Any, record: RosterRecord, problem: RosterProblem) -> None:
    """A re-plan replaces a roster already in force: publish it at once, the old one is superseded."""
    replaced = repository.roster_record(uow.session, record.replaces)
    if replaced is not None and replaced.status == "published":
        replaced.status = SUPERSEDED
    changed = sorted(d.isoformat() for d in set(problem.days()) - problem.fixed_days)
    record.stats = {**record.stats, "replanned_days": changed}
    mark_published(uow, record, record.requested_by)


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
