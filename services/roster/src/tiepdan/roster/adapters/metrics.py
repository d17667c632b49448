"""Roster domain metrics (exposed by the kit's /metrics); no personal data in labels."""

from prometheus_client import Counter, Histogram

SOLVES = Counter("tiepdan_roster_solves_total", "Rosters solved, by solver outcome", ["status"])
SOLVE_SECONDS = Histogram(
    "tiepdan_roster_solve_seconds", "Wall time of one roster solve", buckets=(1, 2, 5, 10, 20, 30, 60, 120, 300)
)
GAPS = Counter("tiepdan_roster_coverage_gaps_total", "Duty slots a solved roster could not fill")
