"""The hotspot's sliding window: the busiest stretch of time shorter than the window that holds a new sighting.

A window is half-open: two sightings exactly `length` apart are NOT in the same window, so "within 7 days"
means strictly less than 7 × 24 hours between the first and the last.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from tiepdan.alerts.domain.observations import Contribution


@dataclass(frozen=True)
class WindowCount:
    contributions: tuple[Contribution, ...]

    @property
    def persons(self) -> int:
        return sum(c.headcount for c in self.contributions)

    @property
    def visits(self) -> int:
        return sum(1 for c in self.contributions if c.is_visit)


def windows_holding(new: Contribution, known: Iterable[Contribution], length: timedelta) -> list[WindowCount]:
    """Every window [start, start + length) that holds `new`, one per candidate start (a sighting's time).

    `known` may arrive in any order and may include `new` again (a redelivery): sources count once.
    """
    distinct = {c.source_id: c for c in known}
    distinct[new.source_id] = new
    members = sorted(distinct.values(), key=lambda c: (c.at, c.source_id))
    starts = sorted({c.at for c in members if new.at - length < c.at <= new.at})
    return [WindowCount(tuple(c for c in members if start <= c.at < start + length)) for start in starts]
