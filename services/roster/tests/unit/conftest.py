"""Shared fixtures for the roster unit tests: the shared ward documents (copied into tests/fixtures) and helpers."""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from roster_checker import check_roster

from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.roster.domain.roster import RosterProblem
from tiepdan.roster.domain.rules import CoverageRules
from tiepdan.roster.domain.solver import RosterSolution, SolveOptions, solve_roster
from tiepdan.roster.domain.staff import StaffDirectory

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _load_fakes() -> None:
    """tests/fakes.py as `roster_fakes`: every service has a tests/fakes.py, so a plain `fakes` would be whichever
    service's was imported first in a run of the whole suite."""
    path = Path(__file__).resolve().parent.parent / "fakes.py"
    spec = importlib.util.spec_from_file_location("roster_fakes", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["roster_fakes"] = module
    spec.loader.exec_module(module)


_load_fakes()


def load(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def ward() -> dict[str, Any]:
    """The shared ward staff document; tests may change their own copy."""
    return copy.deepcopy(load("ward-staff.json"))


@pytest.fixture
def rules_doc() -> dict[str, Any]:
    return copy.deepcopy(load("coverage-rules.json"))


@pytest.fixture
def calendar() -> WorkingCalendar:
    return WorkingCalendar.from_dict(load("calendar-2026.json"))


def person(ward: dict[str, Any], staff_id: str) -> dict[str, Any]:
    return next(p for p in ward["staff"] if p["id"] == staff_id)


SolveAndCheck = Callable[..., RosterSolution]


@pytest.fixture
def solve_and_check(ward: dict[str, Any], rules_doc: dict[str, Any], calendar: WorkingCalendar) -> SolveAndCheck:
    """Solve a period from the (possibly modified) documents and assert the independent checker finds nothing."""

    def run(
        start: date, end: date, *, time_limit_s: float = 4.0, previous: tuple = (), **problem: Any
    ) -> RosterSolution:
        roster_problem = RosterProblem(
            start=start,
            end=end,
            staff=StaffDirectory.from_dict(ward).staff,
            rules=CoverageRules.from_dict(rules_doc),
            calendar=calendar,
            previous=previous,
            **problem,
        )
        solution = solve_roster(roster_problem, SolveOptions(time_limit_s=time_limit_s))
        if solution.status in ("optimal", "feasible"):
            problems = check_roster(
                staff=ward["staff"],
                rules=rules_doc,
                calendar=calendar,
                start=start,
                end=end,
                assignments=list(solution.assignments),
                reported_gaps=[g.to_dict() for g in solution.gaps],
                history=[a for a in previous if a.date < start],
            )
            assert problems == []
        return solution

    return run
