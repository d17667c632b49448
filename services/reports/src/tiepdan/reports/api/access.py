"""Who may read what: the caller's units decide which rows a figure or a report covers."""

from __future__ import annotations

from collections.abc import Sequence

from tiepdan.kit.auth import current_principal
from tiepdan.kit.errors import Problem
from tiepdan.reports.adapters.queries import Units

#: reception officers prepare reports, leaders read them, the province reads every unit it oversees
READERS = ("clerk", "leader", "province")


def caller_units() -> Units:
    return current_principal().units


def requested_units(asked: Sequence[str] | None) -> Units:
    """The units a report covers: those asked for, each of which the caller must see; otherwise all of theirs."""
    visible = caller_units()
    if not asked:
        return visible
    hidden = sorted(unit for unit in set(asked) if visible is not None and unit not in visible)
    if hidden:
        raise Problem(422, errors={"units": [f"Không có quyền với đơn vị: {', '.join(hidden)}."]})
    return frozenset(asked)


def may_read(covered: Sequence[str] | None) -> bool:
    """A snapshot of every unit is for callers who see every unit; otherwise the caller must see each unit."""
    visible = caller_units()
    if visible is None:
        return True
    return covered is not None and set(covered) <= visible
