"""Tổ công tác tiếp công dân: established by a decision (number, date) for a period, with members from the ward's
agencies, each with a role in the group (the plan's working-group decision)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from tiepdan.roster.domain.errors import ErrorCollector
from tiepdan.roster.domain.staff import Staff

#: A member's role in the group, with the term the decision uses.
ROLES: dict[str, str] = {
    "head": "Tổ trưởng",
    "deputy": "Tổ phó",
    "secretary": "Thư ký",
    "member": "Thành viên",
}


@dataclass(frozen=True)
class Member:
    """An officer of the ward's staff list in the group; `agency` is the one the staff list gives them."""

    staff_id: str
    agency: str
    role: str


@dataclass(frozen=True)
class WorkingGroup:
    id: str
    decision_no: str
    decision_date: date
    start: date
    end: date
    members: tuple[Member, ...]
    established_by: str
    established_at: datetime
    note: str = ""

    def in_force_on(self, day: date) -> bool:
        return self.start <= day <= self.end

    def agencies(self) -> list[str]:
        """The members' agencies by code, in the order of first mention."""
        return list(dict.fromkeys(member.agency for member in self.members))


@dataclass(frozen=True)
class Decision:
    """What the decision establishing the group says: its number and date, the period, who and in which role."""

    decision_no: str
    decision_date: date
    start: date
    end: date
    members: Sequence[tuple[str, str]]  # (staff id, role)
    note: str = ""


def establish(group_id: str, decision: Decision, staff: Mapping[str, Staff], by: str, at: datetime) -> WorkingGroup:
    """The group the decision establishes; raises InvalidDocument naming each field that breaks a rule: the period
    ends before it starts, a member is not on the unit's staff list, a member is named twice, a role is unknown."""
    errors = ErrorCollector()
    if decision.end < decision.start:
        errors.add("period.to", "Ngày kết thúc phải không trước ngày bắt đầu.")
    if not decision.members:
        errors.add("members", "Tổ công tác cần ít nhất một thành viên.")
    members: list[Member] = []
    seen: set[str] = set()
    for index, (staff_id, role) in enumerate(decision.members):
        person = staff.get(staff_id)
        if person is None:
            errors.add(f"members.{index}.staff_id", f"'{staff_id}' không phải cán bộ của đơn vị.")
        elif staff_id in seen:
            errors.add(f"members.{index}.staff_id", f"Cán bộ '{staff_id}' đã có trong tổ công tác.")
        if role not in ROLES:
            errors.add(f"members.{index}.role", f"Vai trò phải là một trong {', '.join(ROLES)}.")
        if person is not None and staff_id not in seen and role in ROLES:
            members.append(Member(staff_id, person.agency, role))
        seen.add(staff_id)
    errors.raise_if_any()
    return WorkingGroup(
        id=group_id,
        decision_no=decision.decision_no,
        decision_date=decision.decision_date,
        start=decision.start,
        end=decision.end,
        members=tuple(members),
        established_by=by,
        established_at=at,
        note=decision.note,
    )


def members_on(groups: Sequence[WorkingGroup], day: date) -> frozenset[str]:
    """Staff ids of every group in force on `day`."""
    return frozenset(m.staff_id for g in groups if g.in_force_on(day) for m in g.members)
