"""Acceptance: with the shared staff, calendar and rules, both 2026 periods are feasible and meet every rule."""

from datetime import date

import pytest

from tiepdan.roster.domain.roster import RosterProblem
from tiepdan.roster.domain.rules import CoverageRules
from tiepdan.roster.domain.staff import StaffDirectory
from tiepdan.roster.domain.stats import fairness_spreads, person_counts

# The solver's rosters within their time limits are what these tests check: no other test takes its CPU.
pytestmark = pytest.mark.alone


@pytest.mark.parametrize(
    ("start", "end"),
    [(date(2026, 1, 12), date(2026, 1, 30)), (date(2026, 3, 1), date(2026, 3, 22))],
    ids=["congress", "election"],
)
def test_shared_ward_period_is_feasible_fair_and_meets_every_rule(
    solve_and_check, ward, rules_doc, calendar, start, end
):
    solution = solve_and_check(start, end, time_limit_s=15)  # the independent checker runs inside
    assert solution.status in ("optimal", "feasible")
    assert solution.gaps == ()
    assert solution.first_complete_s is not None  # time to it is the benchmark's business (bench/roster_solver.py)
    assert {a.date for a in solution.assignments} >= {start, end}

    problem = RosterProblem(
        start, end, StaffDirectory.from_dict(ward).staff, CoverageRules.from_dict(rules_doc), calendar
    )
    counts = person_counts(problem, solution.assignments)
    assert sum(c["shifts"] for c in counts.values()) == len(solution.assignments)
    spreads = fairness_spreads(problem, solution.assignments)
    # Fair shares: without the fairness objective the spread is 10 or more; the benchmark measures the ≤ 1 target
    # at 30 s, this test allows one more on a busy 2-core machine within 15 s.
    assert spreads["police"]["spread"] <= 2
    assert spreads["reception"]["spread"] <= 2
    assert solution.progress[-1].spreads["police"] == spreads["police"]["spread"]
