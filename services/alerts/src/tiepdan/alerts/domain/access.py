"""Who may read and act on which alerts (docs/contract.md, "Roles")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tiepdan.alerts.domain.alert import Alert
from tiepdan.alerts.domain.kinds import Kind

_ALL_BUT_PARTY = frozenset(Kind) - {Kind.PARTY_PERSONNEL}

#: Kinds each role may read. Party-personnel alerts are the Party's alone (inspection and the standing committee):
#: nobody else, not even admin.
VISIBLE_KINDS: dict[str, frozenset[Kind]] = {
    "clerk": _ALL_BUT_PARTY,
    "leader": _ALL_BUT_PARTY,
    "admin": _ALL_BUT_PARTY,
    "police": frozenset({Kind.CROWD, Kind.HOTSPOT, Kind.OVER_LEVEL, Kind.REPEAT, Kind.RECEPTION_SCHEDULED}),
    "party_inspection": frozenset({Kind.PARTY_PERSONNEL}),
    "party_standing": frozenset({Kind.PARTY_PERSONNEL, Kind.CROWD, Kind.OVER_LEVEL}),
    "province": frozenset({Kind.OVER_LEVEL, Kind.CROWD, Kind.HOTSPOT}),
}
#: Roles that may read alerts at all (each sees the kinds above).
READING_ROLES = ("clerk", "leader", "admin", "police", "party_inspection", "party_standing", "province")
#: Roles that may acknowledge the alerts they can see.
ACKNOWLEDGING_ROLES = ("leader", "police", "party_inspection")
#: Roles that may resolve the alerts they can see.
RESOLVING_ROLES = ("leader", "party_inspection")
#: The delivery log names receivers and their errors: the ward's leadership and its administrator.
DELIVERY_LOG_ROLES = ("leader", "admin")
SILENCING_ROLES = ("admin", "leader")
#: Who may read the unit's rules, and who may change them.
RULE_READING_ROLES = ("admin", "leader")
RULE_WRITING_ROLES = ("admin",)
#: Province reports come from the province's own account.
REPORTING_ROLES = ("province",)


@dataclass(frozen=True)
class Caller:
    """Who acts on alerts: the name recorded with what they do, and their roles."""

    name: str
    roles: frozenset[str]


def visible_kinds(roles: Iterable[str]) -> frozenset[Kind]:
    kinds: frozenset[Kind] = frozenset()
    for role in roles:
        kinds |= VISIBLE_KINDS.get(role, frozenset())
    return kinds


def can_read(roles: Iterable[str], alert: Alert) -> bool:
    return alert.kind in visible_kinds(roles)


def can_acknowledge(roles: Iterable[str], alert: Alert) -> bool:
    acting = set(roles).intersection(ACKNOWLEDGING_ROLES)
    return bool(acting) and alert.kind in visible_kinds(acting)


def can_resolve(roles: Iterable[str], alert: Alert) -> bool:
    acting = set(roles).intersection(RESOLVING_ROLES)
    return bool(acting) and alert.kind in visible_kinds(acting)
