"""Who may read what: the caller's units decide which rows a figure or a report covers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tiepdan.kit.auth import ROLES

#: the units a caller sees, or a report covers: None for every unit (a province caller with "*")
Units = frozenset[str] | None

#: reception officers prepare reports, leaders read them, the province reads every unit it oversees
READERS = ("clerk", "leader", "province")
PREPARERS = ("clerk", "leader", "province")
#: the ward office writes the situation and proposals of its own unit's reports; the province does not
NARRATIVE_WRITERS = ("clerk", "leader")
#: the Chairman's inbox: the leaders of the unit (Chủ tịch and Phó Chủ tịch UBND phường)
INBOX_READERS = ("leader",)
#: an administrator sets the units' names; every role reads them: they are no secret (each console page's header
#: and the public page print them), and the console reads them with its own token, whose role has no other right here
NAME_SETTERS = ("admin",)
NAME_READERS = ROLES


def hidden_units(asked: Iterable[str], visible: Units) -> list[str]:
    """The units asked for that the caller does not see (a report may cover only units its caller sees)."""
    return sorted(unit for unit in set(asked) if visible is not None and unit not in visible)


def report_units(asked: Sequence[str] | None, visible: Units) -> Units:
    """The units a report covers: those asked for (each checked with `hidden_units`), otherwise all the caller's."""
    return frozenset(asked) if asked else visible


def may_read(covered: Sequence[str] | None, visible: Units) -> bool:
    """A snapshot of every unit is for callers who see every unit; otherwise the caller must see each unit."""
    if visible is None:
        return True
    return covered is not None and set(covered) <= visible
