"""Filing limits: is a complaint in time? (thời hiệu, thời hạn khiếu nại)

- First complaint: 90 days from knowing the decision or act (Luật Khiếu nại 2011, Điều 9).
- Second complaint: 30 days from receiving the first decision, 45 in remote areas (Luật Khiếu nại 2011, Điều 33).
- Voter list: 30 days from the list's posting (Luật Bầu cử ĐBQH và HĐND 2015, Điều 33; docs/domain.md).
- Time lost to illness, disaster, war, a far-away posting or another objective obstacle is not counted
  (Luật Khiếu nại 2011, Điều 9): the limit is extended by the obstacle's days, with its reason.
- A complaint filed after the limit without such a reason is recorded but not accepted for resolution
  (Luật Khiếu nại 2011, Điều 11 khoản 7).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from tiepdan.intake.domain.deadlines import Deadline, DeadlinePolicy
from tiepdan.intake.domain.errors import FieldErrors
from tiepdan.intake.domain.vocabulary import Kind
from tiepdan.kit.calendar import DayType, WorkingCalendar

OBSTACLE_BASIS = "không tính thời gian có trở ngại khách quan vào thời hiệu (Luật Khiếu nại 2011, Điều 9)"
LATE_BASIS = "Luật Khiếu nại 2011, Điều 11 khoản 7"


@dataclass(frozen=True)
class Obstacle:
    """Force majeure or another objective obstacle that kept the complainant from filing (Điều 9)."""

    start: date
    end: date
    reason: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "reason": self.reason, "days": self.days}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Obstacle:
        return cls(date.fromisoformat(data["from"]), date.fromisoformat(data["to"]), data["reason"])


@dataclass(frozen=True)
class Filing:
    """The limit a complaint had to be filed within, and whether it was."""

    counted_from: date
    deadline: Deadline
    late: bool
    obstacle: Obstacle | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "counted_from": self.counted_from.isoformat(),
            "file_by": self.deadline.to_dict(),
            "late": self.late,
            "obstacle": self.obstacle.to_dict() if self.obstacle else None,
            "basis": LATE_BASIS if self.late else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Filing:
        obstacle = data.get("obstacle")
        return cls(
            counted_from=date.fromisoformat(data["counted_from"]),
            deadline=Deadline.from_dict("file_by", data["file_by"]),
            late=bool(data["late"]),
            obstacle=Obstacle.from_dict(obstacle) if obstacle else None,
        )


def filing_rule(kind: Kind, complaint_round: int, voter_list: bool, policy: DeadlinePolicy) -> str | None:
    """The rule code of the limit that applies, or None for matters without one (denunciations, feedback)."""
    if voter_list:
        return "voter_list_filing"
    if kind is not Kind.COMPLAINT:
        return None
    if complaint_round == 1:
        return "complaint_filing"
    return "complaint_second_filing_remote" if policy.remote_area else "complaint_second_filing"


def filing_problems(
    counted_from: date | None, received_on: date, obstacle: Obstacle | None, field: str
) -> dict[str, list[str]]:
    """The start of the limit cannot follow the filing; an obstacle lies between them and names its reason."""
    found = FieldErrors()
    if counted_from is not None and counted_from > received_on:
        found.add(field, "Ngày bắt đầu tính thời hiệu không được sau ngày nhận khiếu nại.")
    if obstacle is not None:
        if obstacle.end < obstacle.start:
            found.add("filing_obstacle.to", "Ngày kết thúc trở ngại phải từ ngày bắt đầu trở đi.")
        if not obstacle.reason.strip():
            found.add("filing_obstacle.reason", "Phải ghi lý do trở ngại (ốm đau, thiên tai, địch họa, đi xa...).")
        if obstacle.end > received_on:
            found.add("filing_obstacle.to", "Trở ngại phải kết thúc trước ngày nhận khiếu nại.")
        if counted_from is None:
            found.add("filing_obstacle", f"Gia hạn thời hiệu cần ngày bắt đầu tính ({field}).")
        elif obstacle.start < counted_from:
            found.add("filing_obstacle.from", "Trở ngại phải bắt đầu từ ngày bắt đầu tính thời hiệu trở đi.")
    return found.errors


def assess_filing(
    rule_code: str,
    counted_from: date,
    received_on: date,
    obstacle: Obstacle | None,
    policy: DeadlinePolicy,
    calendar: WorkingCalendar,
) -> Filing:
    """The last day to file, moved on by the obstacle's days (Điều 9), and whether `received_on` was after it."""
    deadline = policy.deadline("file_by", rule_code, counted_from, calendar)
    if obstacle is not None:
        rule = policy.rules[rule_code]
        extra = obstacle.days
        if rule.day_type is DayType.WORKING:
            extra = calendar.working_days_between(obstacle.start - timedelta(days=1), obstacle.end)
        due = calendar.add_days(counted_from, rule.days + extra, rule.day_type)
        deadline = replace(deadline, date=due, rule=f"{deadline.rule}; {OBSTACLE_BASIS}", other_day_type_date=None)
    return Filing(counted_from, deadline, received_on > deadline.date, obstacle)
