"""A person's inbox: the alerts their role's receivers were told of, newest first (the console's inbox).

A person's receivers are those of the unit's rules whose role is one of the person's roles (the leader reads what
the `leader` receiver was sent, the police what `police` was sent); what the role may not read is never listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from tiepdan.alerts.domain.access import Caller, visible_kinds
from tiepdan.alerts.domain.alert import Alert
from tiepdan.alerts.domain.delivery import Notice
from tiepdan.alerts.service.unit_of_work import AlertsWork


@dataclass(frozen=True)
class InboxEntry:
    alert: Alert
    notices: list[Notice]


@dataclass(frozen=True)
class InboxPage:
    items: list[InboxEntry]
    next_cursor: str | None


def inbox_page(uow: AlertsWork, caller: Caller, unit: str, *, limit: int | None, cursor: str | None) -> InboxPage:
    mine = [r.name for r in uow.rules.get(unit).receivers if r.role in caller.roles]
    alerts, next_cursor = uow.alerts.told_page(visible_kinds(caller.roles), mine, limit, cursor)
    notices = uow.deliveries.notices([a.id for a in alerts], mine)
    return InboxPage([InboxEntry(a, notices.get(a.id, [])) for a in alerts], next_cursor)
