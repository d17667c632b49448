"""Who may read and act on which alerts (docs/contract.md, "Roles")."""

from __future__ import annotations

from collections.abc import Iterable

from tiepdan.alerts.domain.alert import Alert
from tiepdan.alerts.domain.kinds import Kind

_ALL_BUT_PARTY = frozenset(Kind) - {Kind.PARTY_PERSONNEL}

#: Kinds each role may read. Party-personnel alerts are the Party's alone (inspection and the standing committee):
#: nobody else, not even admin.
VISIBLE_KINDS: dict[str, frozenset[Kind]] = {
    "clerk": _ALL_BUT_PARTY,
    "leader": _ALL_BUT_PARTY,
    "admin": _ALL_BUT_PARTY,
    "police": frozenset({Kind.CROWD, Kind.HOTSPOT, Kind.OVER_LEVEL, Kind.REPEAT}),
    "party_inspection": frozenset({Kind.PARTY_PERSONNEL}),
    "party_standing": frozenset({Kind.PARTY_PERSONNEL, Kind.CROWD, Kind.OVER_LEVEL}),
    "province": frozenset({Kind.OVER_LEVEL, Kind.CROWD, Kind.HOTSPOT}),
}
#: Roles that may acknowledge the alerts they can see.
ACKNOWLEDGING_ROLES = frozenset({"leader", "police", "party_inspection"})
#: Roles that may resolve the alerts they can see.
RESOLVING_ROLES = frozenset({"leader", "party_inspection"})
SILENCING_ROLES = frozenset({"admin", "leader"})


def visible_kinds(roles: Iterable[str]) -> frozenset[Kind]:
    kinds: frozenset[Kind] = frozenset()
    for role in roles:
        kinds |= VISIBLE_KINDS.get(role, frozenset())
    return kinds


def can_read(roles: Iterable[str], alert: Alert) -> bool:
    return alert.kind in visible_kinds(roles)


def can_acknowledge(roles: Iterable[str], alert: Alert) -> bool:
    roles = set(roles)
    return bool(roles & ACKNOWLEDGING_ROLES) and alert.kind in visible_kinds(roles & ACKNOWLEDGING_ROLES)


def can_resolve(roles: Iterable[str], alert: Alert) -> bool:
    roles = set(roles)
    return bool(roles & RESOLVING_ROLES) and alert.kind in visible_kinds(roles & RESOLVING_ROLES)
