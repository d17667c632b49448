"""Response plans (phương án xử lý) and their tasks as the reports count them, from intake's
`intake.response_plan.*` and `intake.response_task.*` events.

Basis: the ward's plan for reception around the congresses and the 2026 elections, part III.2: the report on
carrying it out, and the daily report of special periods, say how the plans and the tasks they gave went.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

from tiepdan.kit.response_tasks import task_overdue_on
from tiepdan.reports.domain.ward_time import ward_day

#: `intake.response_plan.closed`'s outcomes, in the order the reports print them
PLAN_OUTCOMES = ("settled", "citizens_returned", "transferred", "monitoring")
OUTCOME_LABELS = {
    "settled": "Đã giải quyết xong",
    "citizens_returned": "Công dân đã trở về địa phương",
    "transferred": "Chuyển cơ quan có thẩm quyền",
    "monitoring": "Tiếp tục theo dõi",
}


def _earliest(left: datetime | None, right: datetime | None) -> datetime | None:
    if left is None or right is None:
        return left or right
    return min(left, right)


@dataclass(frozen=True)
class PlanSeen:
    """A response plan as the projection keeps it: when it was opened and closed, and how it ended."""

    plan_id: str
    unit: str
    seen_at: datetime
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    outcome: str | None = None

    def after(self, stored: PlanSeen | None) -> PlanSeen:
        """Events arrive in any order: the plan opened and closed at the earliest times seen; a plan is closed
        once (intake refuses closing again), so the outcome is the one its closing carried."""
        if stored is None:
            return self
        return replace(
            stored,
            opened_at=_earliest(stored.opened_at, self.opened_at),
            closed_at=_earliest(stored.closed_at, self.closed_at),
            outcome=stored.outcome or self.outcome,
            seen_at=max(stored.seen_at, self.seen_at),
        )

    def is_closed_at(self, instant: datetime) -> bool:
        return self.closed_at is not None and self.closed_at < instant


@dataclass(frozen=True)
class TaskSeen:
    """A plan's task: given when, due when, reported done when (and whether late)."""

    task_id: str
    plan_id: str
    unit: str
    seen_at: datetime
    assignee_agency: str = ""
    due_on: date | None = None
    assigned_at: datetime | None = None
    completed_at: datetime | None = None
    completed_late: bool = False

    def after(self, stored: TaskSeen | None) -> TaskSeen:
        """The task given and done at the earliest times seen; its due date and agency as the latest event
        that names them says (a later event reflects a later state of the task)."""
        if stored is None:
            return self
        latest, earlier = (self, stored) if self.seen_at >= stored.seen_at else (stored, self)
        completed_at = _earliest(stored.completed_at, self.completed_at)
        first_done = stored if completed_at is not None and completed_at == stored.completed_at else self
        return replace(
            stored,
            assignee_agency=latest.assignee_agency or earlier.assignee_agency,
            due_on=latest.due_on or earlier.due_on,
            assigned_at=_earliest(stored.assigned_at, self.assigned_at),
            completed_at=completed_at,
            completed_late=first_done.completed_late if completed_at is not None else False,
            seen_at=latest.seen_at,
        )

    def overdue_at(self, instant: datetime, plans: Mapping[str, PlanSeen]) -> bool:
        """The kit's rule on the ward's day of `instant`, done meaning reported done before `instant`, while its plan
        is open (a closed plan's tasks are no longer followed)."""
        plan = plans.get(self.plan_id)
        if self.due_on is None or (plan is not None and plan.is_closed_at(instant)):
            return False
        done = self.completed_at is not None and self.completed_at < instant
        return task_overdue_on(self.due_on, done, ward_day(instant))


def _within(at: datetime | None, start: datetime, end: datetime) -> bool:
    return at is not None and start <= at < end


def coordination_counts(
    plans: Iterable[PlanSeen], tasks: Iterable[TaskSeen], start: datetime, end: datetime, as_of: datetime
) -> dict[str, int]:
    """Plans opened and closed in [start, end) (by outcome), tasks given and reported done there (and how many of
    those late), and the tasks overdue as of `as_of`."""
    plans_by_id = {plan.plan_id: plan for plan in plans}
    tasks = list(tasks)
    closed = [plan for plan in plans_by_id.values() if _within(plan.closed_at, start, end)]
    done = [task for task in tasks if _within(task.completed_at, start, end)]
    return {
        "plans_opened": sum(1 for plan in plans_by_id.values() if _within(plan.opened_at, start, end)),
        "plans_closed": len(closed),
        **{outcome: sum(1 for plan in closed if plan.outcome == outcome) for outcome in PLAN_OUTCOMES},
        "tasks_assigned": sum(1 for task in tasks if _within(task.assigned_at, start, end)),
        "tasks_reported": len(done),
        "tasks_reported_late": sum(1 for task in done if task.completed_late),
        "tasks_overdue": sum(1 for task in tasks if task.overdue_at(as_of, plans_by_id)),
    }


def empty_coordination_counts() -> dict[str, int]:
    return coordination_counts([], [], datetime.min, datetime.min, datetime.max)
