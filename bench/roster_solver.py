"""Roster solver benchmark: the shared ward (70 days, 32 staff) and a generated 200-staff, 92-day instance.

For each instance: time to the first roster meeting every hard rule (coverage included), the fairness spread
(max − min of off-day + evening + night shifts) within the police and the reception group at 10 s and 30 s,
objective and bound. Targets (2 cores): ward complete ≤ 5 s and spread ≤ 1 in each group by 30 s; 200 staff
complete ≤ 60 s.

    python -m bench.roster_solver [--time-limit SECONDS] [--only ward|large]

Figures are printed as a table and kept in bench/results/roster_solver.json (with the machine description).
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bench.common import record
from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.roster.domain.roster import RosterProblem
from tiepdan.roster.domain.rules import CoverageRules, default_rules_data
from tiepdan.roster.domain.solver import RosterSolution, SolveOptions, solve_roster
from tiepdan.roster.domain.staff import Leave, Preferences, Staff, StaffDirectory, sample_ward_data
from tiepdan.roster.domain.stats import fairness_spreads

WORKERS = 2
CHECKPOINTS_S = (10.0, 30.0)
REPORTED_GROUPS = ("police", "reception")


@dataclass(frozen=True)
class Instance:
    name: str
    problem: RosterProblem
    complete_target_s: float
    spread_target: int | None
    time_limit_s: float


def ward_instance() -> Instance:
    problem = RosterProblem(
        start=date(2026, 1, 12),
        end=date(2026, 3, 22),
        staff=StaffDirectory.from_dict(sample_ward_data()).staff,
        rules=CoverageRules.default(),
        calendar=WorkingCalendar.default(),
    )
    return Instance("ward-70d-32staff", problem, complete_target_s=5.0, spread_target=1, time_limit_s=30.0)


def large_instance(seed: int = 2026) -> Instance:
    """200 staff over 92 days (New Year, make-up Saturday, congress, Tết, election), coverage scaled to size.

    Each person has a few unavailable days, one in ten a week of leave, one in five a preference.
    """
    rng = random.Random(seed)
    start, end = date(2026, 1, 1), date(2026, 4, 2)
    days = (end - start).days + 1
    plan = (
        [("CA", ["police"])] * 50
        + [("VP", ["reception", "legal"])] * 14
        + [("MTTQ", ["reception", "mediation"])] * 16
        + [("VP", ["reception"])] * 100
        + [("LD", ["leader", "chair"])]
        + [("LD", ["leader"])] * 9
        + [("DU", ["party_secretary"])]
        + [("UBKT", ["party_inspection"])] * 9
    )
    staff = []
    for number, (agency, skills) in enumerate(plan, start=1):
        unavailable = frozenset(start + timedelta(days=rng.randrange(days)) for _ in range(rng.randint(0, 3)))
        leave: tuple[Leave, ...] = ()
        if rng.random() < 0.1 and "chair" not in skills and "party_secretary" not in skills:
            first = start + timedelta(days=rng.randrange(days - 7))
            leave = (Leave(first, first + timedelta(days=6), "nghỉ phép"),)
        preferences = Preferences()
        if rng.random() < 0.2:
            preferences = Preferences(avoid_weekdays=frozenset({rng.choice([5, 6])}))
        staff.append(
            Staff(f"g{number:03d}", f"Cán bộ {number:03d}", agency, frozenset(skills), unavailable, leave, preferences)
        )
    rules = default_rules_data()
    scale = {"reception": 6, "police": 6, "legal": 6, "leader": 2}
    for rule in rules["coverage"]:
        for need in rule["need"]:
            need["min"] *= scale.get(need["skill"], 1)
    problem = RosterProblem(start, end, tuple(staff), CoverageRules.from_dict(rules), WorkingCalendar.default())
    return Instance("generated-92d-200staff", problem, complete_target_s=60.0, spread_target=None, time_limit_s=60.0)


def run(instance: Instance, time_limit_s: float) -> dict[str, Any]:
    solution = solve_roster(instance.problem, SolveOptions(time_limit_s=time_limit_s, workers=WORKERS))
    return summarise(instance, solution, time_limit_s)


def summarise(instance: Instance, solution: RosterSolution, time_limit_s: float) -> dict[str, Any]:
    checkpoints: dict[str, Any] = {}
    for seconds in CHECKPOINTS_S:
        if seconds > time_limit_s + 1e-9:
            continue
        best = solution.best_at(seconds)
        checkpoints[f"{seconds:g}s"] = (
            None
            if best is None
            else {
                "shortfall": best.shortfall,
                "spread": {g: best.spreads.get(g) for g in REPORTED_GROUPS},
                "objective": best.objective,
            }
        )
    final = fairness_spreads(instance.problem, solution.assignments)
    spread_final = {g: final[g]["spread"] for g in REPORTED_GROUPS if g in final}
    complete = solution.first_complete_s
    last_checkpoint = checkpoints.get(f"{CHECKPOINTS_S[-1]:g}s")
    spread_ok = None
    if instance.spread_target is not None and last_checkpoint is not None and last_checkpoint["shortfall"] == 0:
        spread_ok = all((s or 0) <= instance.spread_target for s in last_checkpoint["spread"].values())
    return {
        "instance": instance.name,
        "staff": len(instance.problem.staff),
        "days": len(instance.problem.days()),
        "status": str(solution.status),
        "first_solution_s": _round(solution.first_solution_s),
        "first_complete_s": _round(complete),
        "complete_target_s": instance.complete_target_s,
        "complete_on_time": complete is not None and complete <= instance.complete_target_s,
        "checkpoints": checkpoints,
        "spread_target": instance.spread_target,
        "spread_on_time": spread_ok,
        "final_spread": spread_final,
        "gaps": len(solution.gaps),
        "objective": solution.objective,
        "bound": solution.bound,
        "optimality_gap": _round(solution.optimality_gap, 4),
        "wall_time_s": _round(solution.wall_time_s),
    }


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def main(argv: list[str] | None = None) -> int:
    """Both instances with their default limits when called without arguments (as `python -m bench` does)."""
    parser = argparse.ArgumentParser(prog="python -m bench.roster_solver", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--time-limit", type=float, help="seconds per instance (default: 30 for the ward, 60 for 200 staff)"
    )
    parser.add_argument("--only", choices=("ward", "large"), help="run one instance")
    args = parser.parse_args(argv or [])
    builders = {"ward": ward_instance, "large": large_instance}
    chosen = [args.only] if args.only else list(builders)
    instances = [builders[name]() for name in chosen]
    results = [run(instance, args.time_limit or instance.time_limit_s) for instance in instances]
    for result in results:
        print(_format(result), flush=True)
    record("roster_solver", {"workers": WORKERS, "instances": results})
    return 0 if all(r["complete_on_time"] and r["spread_on_time"] is not False for r in results) else 1


def _format(result: dict[str, Any]) -> str:
    lines = [
        f"{result['instance']} ({result['staff']} staff, {result['days']} days): {result['status']}",
        f"  first roster {result['first_solution_s']} s; first without gaps {result['first_complete_s']} s "
        f"(target ≤ {result['complete_target_s']:g} s: {'ok' if result['complete_on_time'] else 'MISSED'})",
    ]
    for label, point in result["checkpoints"].items():
        if point is None:
            lines.append(f"  at {label}: no roster yet")
        else:
            spreads = ", ".join(f"{g} {s}" for g, s in point["spread"].items())
            lines.append(f"  at {label}: spread {spreads}; gaps {point['shortfall']}; objective {point['objective']:g}")
    if result["spread_target"] is not None:
        verdict = {True: "ok", False: "MISSED", None: "n/a"}[result["spread_on_time"]]
        lines.append(f"  spread target ≤ {result['spread_target']} by {CHECKPOINTS_S[-1]:g} s: {verdict}")
    spreads = ", ".join(f"{g} {s}" for g, s in result["final_spread"].items())
    lines.append(
        f"  final: spread {spreads}; objective {result['objective']}, bound {result['bound']}, "
        f"gap {result['optimality_gap']}, unfilled slots {result['gaps']}, wall {result['wall_time_s']} s"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
