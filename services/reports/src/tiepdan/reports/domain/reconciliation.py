"""Reconciling report figures with intake's register (docs/domain.md "Reporting": they must agree)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Difference:
    """One count that differs; `register` is None when intake never closed that day's register."""

    unit: str
    date: date
    metric: str
    register: int | None
    reports: int

    @property
    def difference(self) -> int | None:
        return None if self.register is None else self.reports - self.register

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "date": self.date.isoformat(),
            "metric": self.metric,
            "register": self.register,
            "reports": self.reports,
            "difference": self.difference,
        }


def flatten(counts: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, int]]:
    """{"by_reception": {"regular": {"visits": 3}}} → ("by_reception.regular.visits", 3)."""
    for key, value in counts.items():
        if isinstance(value, Mapping):
            yield from flatten(value, f"{prefix}{key}.")
        elif isinstance(value, int):
            yield f"{prefix}{key}", value


def reconcile(
    reports: Mapping[tuple[str, date], Mapping[str, Any]],
    register: Mapping[tuple[str, date], Mapping[str, Any]],
) -> list[Difference]:
    """Every metric of every (unit, day) where the projection and the register disagree, in date order.

    A day the register closed with no projected activity is compared against zeros; a day with activity
    but no register summary lists each non-zero count with `register` None.
    """
    differences: list[Difference] = []
    for unit, day in sorted(reports.keys() | register.keys(), key=lambda key: (key[1], key[0])):
        ours = dict(flatten(reports.get((unit, day), {})))
        theirs = register.get((unit, day))
        if theirs is None:
            differences += [Difference(unit, day, metric, None, value) for metric, value in ours.items() if value]
            continue
        their_counts = dict(flatten(theirs))
        for metric in [*their_counts, *(metric for metric in ours if metric not in their_counts)]:
            if ours.get(metric, 0) != their_counts.get(metric, 0):
                differences.append(Difference(unit, day, metric, their_counts.get(metric, 0), ours.get(metric, 0)))
    return differences
