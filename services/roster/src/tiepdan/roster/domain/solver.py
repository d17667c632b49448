"""Duty rosters with OR-Tools CP-SAT.

Hard rules are constraints; coverage that cannot be met becomes penalised slack, so the solver always returns its
best roster and the unmet slots are listed. `infeasible` means a non-coverage hard rule cannot hold.
"""

from __future__ import annotations

import threading
import time as wall_clock
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from ortools.sat.python import cp_model

from tiepdan.roster.domain.demand import coverage_needs, reception_candidates, reception_obligations
from tiepdan.roster.domain.fairness import burden_weight, fairness_groups, partially_available
from tiepdan.roster.domain.roster import Assignment, CoverageGap, Duty, RosterProblem
from tiepdan.roster.domain.rules import Shift
from tiepdan.roster.domain.staff import Staff
from tiepdan.roster.domain.violations import coverage_gaps

# Objective weights, in strict priority: fill every slot, then fairness, then the softer wishes.
MISSING_PERSON = 1_000_000
SPREAD_UNIT = 1_000
DISTANCE_FROM_MEAN = 1  # per person, per unit of (group size × distance from the group's mean burden)
DELEGATED_SESSION = 50
DISLIKED_ASSIGNMENT = 20
DROPPED_PREVIOUS = 10
OFF_PREFERRED_WEEKDAY = 5
ASSIGNMENT = 1
# Share of the time limit spent looking for a roster without gaps before allowing gaps (a slot with too few
# holders skips this search): on a large ward the first gap-free roster takes seconds (bench/README.md).
PROBE_SHARE = 0.6

Instance = tuple[date, str]  # (day the shift starts, shift code)


class SolveStatus(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"  # no roster found within the time limit


@dataclass(frozen=True)
class SolveOptions:
    time_limit_s: float = 30.0
    workers: int = 2
    seed: int = 0


@dataclass(frozen=True)
class Progress:
    """One improving roster found during the search."""

    wall_time_s: float
    objective: float
    bound: float
    shortfall: int
    spreads: dict[str, int]


@dataclass(frozen=True)
class RosterSolution:
    status: SolveStatus
    assignments: tuple[Assignment, ...] = ()
    gaps: tuple[CoverageGap, ...] = ()
    reasons: tuple[str, ...] = ()
    objective: float | None = None
    bound: float | None = None
    wall_time_s: float = 0.0
    progress: tuple[Progress, ...] = field(default_factory=tuple)

    @property
    def first_solution_s(self) -> float | None:
        return self.progress[0].wall_time_s if self.progress else None

    @property
    def first_complete_s(self) -> float | None:
        """When the first roster without any coverage gap was found."""
        return next((p.wall_time_s for p in self.progress if p.shortfall == 0), None)

    @property
    def optimality_gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        return abs(self.objective - self.bound) / max(1.0, abs(self.objective))

    def best_at(self, seconds: float) -> Progress | None:
        """The best roster known `seconds` after the start of the search."""
        known = [p for p in self.progress if p.wall_time_s <= seconds]
        return known[-1] if known else None


def solve_roster(problem: RosterProblem, options: SolveOptions | None = None) -> RosterSolution:
    options = options or SolveOptions()
    started = wall_clock.monotonic()
    builder = _RosterModel(problem, options)
    if builder.reasons:
        return RosterSolution(SolveStatus.INFEASIBLE, reasons=tuple(builder.reasons))
    return builder.solve(started)


def shift_conflicts(first: tuple[datetime, datetime], second: tuple[datetime, datetime], rest_hours: float) -> bool:
    """Two shifts conflict when they overlap or leave less than the minimum rest between them."""
    rest = timedelta(hours=rest_hours)
    (start_a, end_a), (start_b, end_b) = first, second
    return start_b < end_a + rest and start_a < end_b + rest


class _Recorder(cp_model.CpSolverSolutionCallback):
    """Notes every improving roster across both solving phases (time since the very start)."""

    def __init__(
        self,
        started: float,
        objective: cp_model.LinearExprT,
        shortfall: cp_model.LinearExprT,
        spreads: dict[str, cp_model.LinearExpr],
    ) -> None:
        super().__init__()
        self._started = started
        self._objective = objective
        self._shortfall = shortfall
        self._spreads = spreads
        self.progress: list[Progress] = []

    def on_solution_callback(self) -> None:
        self.progress.append(
            Progress(
                wall_time_s=wall_clock.monotonic() - self._started,
                objective=float(self.value(self._objective)),
                bound=self.best_objective_bound,
                shortfall=int(self.value(self._shortfall)),
                spreads={skill: int(self.value(expr)) for skill, expr in self._spreads.items()},
            )
        )


class _RosterModel:
    def __init__(self, problem: RosterProblem, options: SolveOptions) -> None:
        self.problem = problem
        self.options = options
        self.model = cp_model.CpModel()
        self.days = problem.days()
        self.shifts = {s.code: s for s in problem.rules.shifts}
        self.staff = [s for s in problem.staff if s.active]
        self.needs = coverage_needs(problem)
        self.obligations = reception_obligations(problem)
        self.personal = problem.rules.personal
        self.pinned = {
            (a.staff_id, a.date, a.shift): a
            for a in problem.previous
            if a.date in problem.fixed_days and problem.start <= a.date <= problem.end
        }
        self.x: dict[tuple[str, date, str], cp_model.IntVar] = {}
        self.sessions: dict[tuple[int, str, date], cp_model.IntVar] = {}
        self.sessions_by_shift: dict[tuple[str, date, str], list[cp_model.IntVar]] = defaultdict(list)
        self.sessions_by_rule_day: dict[tuple[int, date], list[cp_model.IntVar]] = defaultdict(list)
        self.shortfall: list[cp_model.IntVar] = []
        self.certain_gaps = 0  # people missing in slots with fewer available holders than needed
        self.burden: dict[str, cp_model.IntVar] = {}
        self.spreads: dict[str, cp_model.LinearExpr] = {}
        self.costs: list[cp_model.LinearExprT] = []
        self._create_variables()
        self.reasons = self._check_reception_possible()
        if self.reasons:
            return
        self._coverage()
        self._one_session_per_slot()
        self._reception_obligations()
        self._shifts_per_day()
        self._rest()
        self._consecutive_days()
        self._fairness()
        self._soft_preferences()
        self.model.minimize(sum(self.costs))

    # ---- variables ------------------------------------------------------------------------------------------

    def _check_reception_possible(self) -> list[str]:
        """Leader reception is hard: say exactly which week or month cannot have its sessions, before solving.

        A day counts when someone eligible can hold the session: available, not kept from the morning by the rest
        after a shift of the previous roster, and (on a pinned day of a re-plan) already holding it.
        """
        reasons = []
        for ob in self.obligations:
            possible = sum(1 for d in ob.days if self.sessions_by_rule_day.get((ob.rule_index, d)))
            if possible < ob.required:
                who = ob.rule.skill
                if ob.rule.delegate_skill:
                    who += f" (hoặc người có kỹ năng {ob.rule.delegate_skill})"
                reasons.append(
                    f"Tiếp công dân định kỳ ({ob.label}): cần {ob.required} buổi {ob.rule.shift} "
                    f"của người có kỹ năng {who} nhưng chỉ có {possible} ngày làm việc có người đủ điều kiện."
                )
        return reasons

    def _instance_times(self, day: date, shift: Shift) -> tuple[datetime, datetime]:
        return shift.starts_at(day), shift.ends_at(day)

    def _blocked_by_history(self) -> set[tuple[str, date, str]]:
        """Shifts too close to one already worked before the period starts."""
        blocked: set[tuple[str, date, str]] = set()
        for a in self.problem.history():
            if a.shift not in self.shifts:
                continue
            worked = self._instance_times(a.date, self.shifts[a.shift])
            for day in self.days[:3]:
                for shift in self.shifts.values():
                    if shift_conflicts(worked, self._instance_times(day, shift), self.personal.min_rest_hours):
                        blocked.add((a.staff_id, day, shift.code))
        return blocked

    def _create_variables(self) -> None:
        candidates = self._reception_candidates()
        self._create_assignment_variables(candidates)
        self._create_session_variables(candidates)

    def _reception_candidates(self) -> set[tuple[int, str, date]]:
        """(leader reception rule, person, day) for everyone who could hold each required session."""
        candidates: set[tuple[int, str, date]] = set()
        for ob in self.obligations:
            for day in ob.days:
                for person in reception_candidates(self.problem, ob.rule, day):
                    candidates.add((ob.rule_index, person.id, day))
        return candidates

    def _create_assignment_variables(self, candidates: set[tuple[int, str, date]]) -> None:
        """A variable per shift a person could usefully work: pinned on fixed days, else only where one of their
        skills is needed or they could hold a leader reception."""
        blocked = self._blocked_by_history()
        rules = self.problem.rules.leader_reception
        for person in self.staff:
            for day in (d for d in self.days if person.is_available(d)):
                for code in self.shifts:
                    key = (person.id, day, code)
                    if key in blocked:
                        continue
                    if day in self.problem.fixed_days:
                        if key in self.pinned:
                            self.x[key] = self.model.new_bool_var(f"x_{person.id}_{day}_{code}")
                            self.model.add(self.x[key] == 1)
                        continue
                    useful = self._relevant_skills(person, day, code) or any(
                        (r, person.id, day) in candidates for r, rule in enumerate(rules) if rule.shift == code
                    )
                    if useful:
                        self.x[key] = self.model.new_bool_var(f"x_{person.id}_{day}_{code}")

    def _create_session_variables(self, candidates: set[tuple[int, str, date]]) -> None:
        rules = self.problem.rules.leader_reception
        for r, person_id, day in sorted(candidates):
            key = (person_id, day, rules[r].shift)
            if key not in self.x:
                continue
            if day in self.problem.fixed_days:
                pinned = self.pinned.get(key)
                if pinned is None or pinned.duty is not Duty.LEADER_RECEPTION:
                    continue
                session = self.model.new_bool_var(f"lr{r}_{person_id}_{day}")
                self.model.add(session == 1)
            else:
                session = self.model.new_bool_var(f"lr{r}_{person_id}_{day}")
            self.sessions[(r, person_id, day)] = session
            self.sessions_by_shift[key].append(session)
            self.sessions_by_rule_day[(r, day)].append(session)

    def _relevant_skills(self, person: Staff, day: date, code: str) -> set[str]:
        needed: dict[str, int] = self.needs.get((day, code), {})
        return {need for need in needed if self.problem.holds(person, need, day)}

    def _sessions_of(self, person_id: str, day: date, code: str) -> list[cp_model.IntVar]:
        return self.sessions_by_shift.get((person_id, day, code), [])

    # ---- hard rules -----------------------------------------------------------------------------------------

    def _coverage(self) -> None:
        """Minimum people per skill in each slot; a person counts for every skill they hold."""
        people = {s.id: s for s in self.staff}
        on_slot: dict[tuple[date, str], list[str]] = defaultdict(list)
        for person_id, day, code in self.x:
            on_slot[(day, code)].append(person_id)
        for (day, code), needs in sorted(self.needs.items()):
            assigned = on_slot.get((day, code), [])
            for skill, minimum in needs.items():
                holders = [self.x[(p, day, code)] for p in assigned if self.problem.holds(people[p], skill, day)]
                self.certain_gaps += max(0, minimum - len(holders))
                missing = self.model.new_int_var(0, minimum, f"missing_{day}_{code}_{skill}")
                self.model.add(sum(holders) + missing >= minimum)
                self.shortfall.append(missing)
                self.costs.append(MISSING_PERSON * missing)
                if day in self.problem.fixed_days:
                    continue
                # Someone whose only needed skill here is `skill` is useless beyond the minimum: never assign them.
                only_this = [
                    self.x[(p, day, code)]
                    for p in assigned
                    if self._relevant_skills(people[p], day, code) == {skill} and not self._sessions_of(p, day, code)
                ]
                if len(only_this) > minimum:
                    self.model.add(sum(only_this) <= minimum)
        for (person_id, day, code), works in self.x.items():
            if day in self.problem.fixed_days:
                continue
            sessions = self._sessions_of(person_id, day, code)
            if not self._relevant_skills(people[person_id], day, code):
                self.model.add(works == sum(sessions))

    def _one_session_per_slot(self) -> None:
        """A head's reception session is one person's shift; one session per rule and day."""
        for key, sessions in self.sessions_by_shift.items():
            self.model.add(sum(sessions) <= self.x[key])
        for sessions in self.sessions_by_rule_day.values():
            if len(sessions) > 1:
                self.model.add_at_most_one(sessions)

    def _reception_obligations(self) -> None:
        """Luật TCD 42/2013 Art 15 (Chủ tịch ≥1 day/week, moved over holidays), KL 215-KL/TW (Bí thư ≥2/month)."""
        for ob in self.obligations:
            held = [v for day in ob.days for v in self.sessions_by_rule_day.get((ob.rule_index, day), [])]
            self.model.add(sum(held) >= ob.required)

    def _shifts_per_day(self) -> None:
        per_day: dict[tuple[str, date], list[cp_model.IntVar]] = defaultdict(list)
        for (person_id, day, _), works in self.x.items():
            per_day[(person_id, day)].append(works)
        limit = self.personal.max_shifts_per_day
        for same_day in per_day.values():
            if len(same_day) > limit:
                if limit == 1:
                    self.model.add_at_most_one(same_day)
                else:
                    self.model.add(sum(same_day) <= limit)

    def _rest(self) -> None:
        """Minimum rest between two shifts of a person (the night shift ends the next morning)."""
        rest = timedelta(hours=self.personal.min_rest_hours)
        by_person: dict[str, list[tuple[datetime, datetime, cp_model.IntVar]]] = defaultdict(list)
        for (person_id, day, code), works in self.x.items():
            start, end = self._instance_times(day, self.shifts[code])
            by_person[person_id].append((start, end, works))
        clique_by_shape: dict[tuple[tuple[float, float], ...], bool] = {}
        for instances in by_person.values():
            instances.sort(key=lambda item: (item[0], item[1]))
            last_group: set[int] = set()
            for i, (first_start, end, _) in enumerate(instances):
                group = [i]
                j = i + 1
                while j < len(instances) and instances[j][0] < end + rest:
                    group.append(j)
                    j += 1
                if len(group) < 2 or set(group) <= last_group:
                    continue
                # The same pattern of shifts repeats for every person and week: decide it once.
                shape = tuple(
                    ((instances[k][0] - first_start).total_seconds(), (instances[k][1] - first_start).total_seconds())
                    for k in group
                )
                if shape not in clique_by_shape:
                    clique_by_shape[shape] = self._all_conflict([instances[k][:2] for k in group])
                if clique_by_shape[shape]:
                    self.model.add_at_most_one(instances[k][2] for k in group)
                    last_group = set(group)
                else:
                    for k in group[1:]:
                        self.model.add_bool_or([instances[i][2].negated(), instances[k][2].negated()])

    def _all_conflict(self, group: Sequence[tuple[datetime, datetime]]) -> bool:
        rest = self.personal.min_rest_hours
        pairs = ((a, b) for a in range(len(group)) for b in range(a + 1, len(group)))
        return all(shift_conflicts(group[a], group[b], rest) for a, b in pairs)

    def _consecutive_days(self) -> None:
        """No more than `max_consecutive_days` working days in a row, counting days worked before the period."""
        limit = self.personal.max_consecutive_days
        worked_before: dict[str, set[date]] = defaultdict(set)
        for a in self.problem.history():
            worked_before[a.staff_id].add(a.date)
        per_day: dict[tuple[str, date], list[cp_model.IntVar]] = defaultdict(list)
        for (person_id, day, _), works in self.x.items():
            per_day[(person_id, day)].append(works)
        offsets = range(-limit, len(self.days))  # day index, negative before the period
        start = self.days[0]
        for person in self.staff:
            worked: dict[int, cp_model.IntVar] = {}
            for index, day in enumerate(self.days):
                shifts_that_day = per_day.get((person.id, day), [])
                if len(shifts_that_day) == 1:
                    worked[index] = shifts_that_day[0]
                elif shifts_that_day:
                    # One literal per worked day keeps each window short (7 terms, not 7 × shifts).
                    works = self.model.new_bool_var(f"works_{person.id}_{day}")
                    if self.personal.max_shifts_per_day == 1:
                        self.model.add(works == sum(shifts_that_day))
                    else:
                        self.model.add_max_equality(works, shifts_that_day)
                    worked[index] = works
            before = {(d - start).days for d in worked_before.get(person.id, set())}
            for first in offsets:
                window = range(first, first + limit + 1)
                variable = [worked[i] for i in window if i in worked]
                already = sum(1 for i in window if i in before)
                if variable and len(variable) + already > limit:
                    self.model.add(sum(variable) <= limit - already)

    # ---- soft rules -----------------------------------------------------------------------------------------

    def _fairness(self) -> None:
        """Minimise, per skill group, the spread of off-day + evening + night shifts between its members."""
        burden_terms: dict[str, list[cp_model.LinearExprT]] = defaultdict(list)
        weights: dict[tuple[date, str], int] = {}
        for (person_id, day, code), assigned in self.x.items():
            if (day, code) not in weights:
                weights[(day, code)] = burden_weight(self.problem, day, code)
            weight = weights[(day, code)]
            if weight:
                burden_terms[person_id].append(weight * assigned)
        upper = 2 * len(self.days)
        for person in self.staff:
            burden = self.model.new_int_var(0, upper, f"burden_{person.id}")
            self.model.add(burden == sum(burden_terms.get(person.id, [])))
            self.burden[person.id] = burden
        groups = fairness_groups(self.problem)
        for skill, members in groups.items():
            highest = self.model.new_int_var(0, upper, f"max_burden_{skill}")
            lowest = self.model.new_int_var(0, upper, f"min_burden_{skill}")
            for member in members:
                self.model.add(self.burden[member] <= highest)
                self.model.add(self.burden[member] >= lowest)
            for partial in partially_available(self.problem, skill):
                if partial in self.burden:
                    self.model.add(self.burden[partial] <= highest)
            self.spreads[skill] = highest - lowest
            self.costs.append(SPREAD_UNIT * (highest - lowest))
            self._pull_towards_the_mean(skill, members, upper)

    def _pull_towards_the_mean(self, skill: str, members: list[str], upper: int) -> None:
        """Also cost each member's distance from the group mean (scaled by the group size to stay integral).

        The spread alone only moves when the extremes move; this term rewards every step towards an even share,
        which lets large neighbourhood search reach small spreads on big instances.
        """
        size = len(members)
        total = sum(self.burden[m] for m in members)
        for member in members:
            distance = self.model.new_int_var(0, size * upper, f"distance_{skill}_{member}")
            self.model.add(distance >= size * self.burden[member] - total)
            self.model.add(distance >= total - size * self.burden[member])
            self.costs.append(DISTANCE_FROM_MEAN * distance)

    def _soft_preferences(self) -> None:
        people = {s.id: s for s in self.staff}
        previous = {(a.staff_id, a.date, a.shift) for a in self.problem.previous}
        for (person_id, day, code), assigned in self.x.items():
            self.costs.append(ASSIGNMENT * assigned)
            disliked = people[person_id].preferences.dislikes(day, code)
            if disliked:
                self.costs.append(DISLIKED_ASSIGNMENT * disliked * assigned)
            if (person_id, day, code) in previous:
                self.costs.append(DROPPED_PREVIOUS * (1 - assigned))
        rules = self.problem.rules.leader_reception
        for (r, person_id, day), session in self.sessions.items():
            rule = rules[r]
            if not people[person_id].has(rule.skill):
                self.costs.append(DELEGATED_SESSION * session)
            if rule.preferred_weekday is not None and day.weekday() != rule.preferred_weekday:
                self.costs.append(OFF_PREFERRED_WEEKDAY * session)

    # ---- solving --------------------------------------------------------------------------------------------

    def _hint_previous(self) -> None:
        previous = {(a.staff_id, a.date, a.shift) for a in self.problem.previous}
        for key, assigned in self.x.items():
            self.model.add_hint(assigned, key in previous)

    def _without_gaps(self) -> cp_model.CpModel:
        """The same model with every slot filled: when such a roster exists it is found far faster this way."""
        complete = self.model.clone()
        for missing in self.shortfall:
            complete.add(complete.get_int_var_from_proto_index(missing.index) == 0)
        return complete

    def _run(
        self, model: cp_model.CpModel, seconds: float, recorder: _Recorder, give_up_s: float | None
    ) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
        """Solve; with `give_up_s`, stop at that point unless a roster has been found by then."""
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = self.options.workers
        solver.parameters.max_time_in_seconds = max(0.1, seconds)
        solver.parameters.random_seed = self.options.seed
        watchdog = None
        if give_up_s is not None:
            found_before = len(recorder.progress)
            watchdog = threading.Timer(
                give_up_s, lambda: None if len(recorder.progress) > found_before else solver.stop_search()
            )
            watchdog.start()
        try:
            status = solver.solve(model, recorder)
        finally:
            if watchdog is not None:
                watchdog.cancel()
        return status, solver

    def solve(self, started: float) -> RosterSolution:
        if self.problem.previous:
            self._hint_previous()
        limit = self.options.time_limit_s
        recorder = _Recorder(started, sum(self.costs), sum(self.shortfall), self.spreads)
        status: cp_model.CpSolverStatus = cp_model.UNKNOWN
        if self.certain_gaps == 0:
            remaining = limit - (wall_clock.monotonic() - started)  # building the model counts too
            status, solver = self._run(self._without_gaps(), remaining, recorder, give_up_s=limit * PROBE_SHARE)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            remaining = limit - (wall_clock.monotonic() - started)
            status, solver = self._run(self.model, remaining, recorder, give_up_s=None)
        elapsed = wall_clock.monotonic() - started
        if status == cp_model.INFEASIBLE:
            return RosterSolution(
                SolveStatus.INFEASIBLE,
                reasons=(
                    "Các quy định bắt buộc (nghỉ giữa ca, số ngày làm liên tục, số ca mỗi ngày, tiếp công dân "
                    "định kỳ) mâu thuẫn nhau với danh sách cán bộ và lịch nghỉ hiện tại.",
                ),
                wall_time_s=elapsed,
            )
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return RosterSolution(
                SolveStatus.UNKNOWN,
                reasons=(f"Không tìm được lịch trực trong {limit:g} giây.",),
                wall_time_s=elapsed,
            )
        assignments = self._assignments(solver)
        return RosterSolution(
            SolveStatus.OPTIMAL if status == cp_model.OPTIMAL else SolveStatus.FEASIBLE,
            assignments=tuple(assignments),
            gaps=tuple(coverage_gaps(self.problem, assignments)),
            objective=solver.objective_value,
            bound=solver.best_objective_bound,
            wall_time_s=elapsed,
            progress=tuple(recorder.progress),
        )

    def _assignments(self, solver: cp_model.CpSolver) -> list[Assignment]:
        leading = {
            (person_id, day, self.problem.rules.leader_reception[r].shift)
            for (r, person_id, day), session in self.sessions.items()
            if solver.value(session)
        }
        assignments = []
        for (person_id, day, code), assigned in self.x.items():
            if not solver.value(assigned):
                continue
            if (person_id, day, code) in leading:
                duty = Duty.LEADER_RECEPTION
            elif self.shifts[code].on_call:
                duty = Duty.ON_CALL
            else:
                duty = Duty.RECEPTION
            assignments.append(Assignment(day, code, person_id, duty))
        return sorted(assignments)
