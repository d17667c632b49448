"""Use cases for the working group (Tổ công tác tiếp công dân): establish one by its decision, read them."""

from __future__ import annotations

import uuid

from tiepdan.kit.db import utcnow
from tiepdan.kit.errors import not_found
from tiepdan.roster.adapters.repository import Page
from tiepdan.roster.domain.working_group import Decision, WorkingGroup, establish
from tiepdan.roster.service import events
from tiepdan.roster.service.unit_of_work import RosterWork


def establish_working_group(uow: RosterWork, decision: Decision, by: str) -> WorkingGroup:
    """Members are officers of the caller's unit; `roster.working_group.established` tells the other services (the
    caller commits, with the request's answer)."""
    staff = {person.id: person for person in uow.staff.all(uow.scope.write_unit)}
    group = establish(str(uuid.uuid4()), decision, staff, by, utcnow())
    uow.working_groups.add(group)
    uow.emit("roster.working_group.established", events.working_group_established(group), aggregate_id=group.id)
    return group


def get_working_group(uow: RosterWork, group_id: str) -> WorkingGroup:
    group = uow.working_groups.get(group_id)
    if group is None:
        raise not_found(f"tổ công tác '{group_id}'")
    return group


def list_working_groups(uow: RosterWork, limit: int, cursor: str | None) -> Page[WorkingGroup]:
    return uow.working_groups.page(limit, cursor)
