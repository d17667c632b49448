"""Intake's domain metrics: counts and labels only (kind, reception, channel), never a person."""

from __future__ import annotations

from functools import cache

from prometheus_client import Counter, Gauge

VISITS = Counter("tiepdan_intake_visits_total", "Visits registered by kind and reception", ["kind", "reception"])
GROUP_VISITS = Counter("tiepdan_intake_group_visits_total", "Visits of a group (headcount ≥ threshold)", ["reception"])
PERSONS = Counter("tiepdan_intake_persons_total", "Persons received (sum of headcounts)", ["reception"])
PETITIONS = Counter("tiepdan_intake_petitions_total", "Petitions received by kind and channel", ["kind", "channel"])
CASE_ACTIONS = Counter("tiepdan_intake_case_actions_total", "Case actions taken", ["action"])
OPEN_CASES = Gauge(
    "tiepdan_intake_open_cases", "Cases not yet closed, by kind", ["unit", "kind"], multiprocess_mode="mostrecent"
)
OVERDUE_CASES = Gauge(
    "tiepdan_intake_overdue_cases",
    "Open cases past a watched deadline, by kind",
    ["unit", "kind"],
    multiprocess_mode="mostrecent",
)


@cache
def visit_counters(kind: str, reception: str) -> tuple[Counter, Counter, Counter]:
    """The visit, person and group-visit counters of a kind and reception, looked up once per process rather than
    on every registration (`labels()` validates and locks each time); a handful of label pairs exist."""
    return VISITS.labels(kind, reception), PERSONS.labels(reception), GROUP_VISITS.labels(reception)


PAPERS = Counter("tiepdan_intake_papers_total", "Papers issued (receipts, notices, slips) by kind", ["kind"])
#: outcome: found, not_found (a wrong code answers as an unknown one), limited (over the per-address rate)
LOOKUPS = Counter("tiepdan_intake_lookups_total", "Public case lookups by receipt code", ["outcome"])
