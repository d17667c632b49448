"""Adding figures of several units: every figure of the forms is a count, so a province's row is the plain sum."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: what the live figures may be grouped by (`by=`)
FIGURE_GROUPINGS = ("area", "day", "field", "kind", "reception", "unit")


@dataclass(frozen=True)
class FigureRow:
    """The live figures of one value of the grouping (a day in ISO 8601, a field, a unit…); `petitions` is None
    when petitions are not grouped that way (by reception)."""

    key: str | None
    visits: int = 0
    persons: int = 0
    groups: int = 0
    group_persons: int = 0
    cases: int = 0
    petitions: int | None = 0


def add_figures(left: Mapping[str, Any], right: Mapping[str, Any]) -> dict[str, Any]:
    """Sum two figure documents of the same shape, key by key, at every depth."""
    summed: dict[str, Any] = {}
    for key in [*left, *(key for key in right if key not in left)]:
        a, b = left.get(key), right.get(key)
        if isinstance(a, Mapping) or isinstance(b, Mapping):
            summed[key] = add_figures(a or {}, b or {})
        else:
            summed[key] = (a or 0) + (b or 0)
    return summed


def sum_figures(documents: Iterable[Mapping[str, Any]], empty: Mapping[str, Any]) -> dict[str, Any]:
    """The total row of a province report; `empty` gives the shape when there is no unit at all."""
    total: dict[str, Any] = dict(empty)
    for document in documents:
        total = add_figures(total, document)
    return total
