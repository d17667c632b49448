"""Handling plans (phương án xử lý) for a crowd, hotspot, over-level or complex matter: the leader's directives,
tasks given to an agency or an officer with a due date, their report-back, and the plan's closing with its outcome.

Basis: the ward's plan for the 2026 Party congresses and elections — agencies act together on crowd and complex
matters under the Chairman's direction, each reports back by its date, and a task left undone is brought to him.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from tiepdan.intake.domain.access import CLERK, LEADER, PARTY_INSPECTION, POLICE
from tiepdan.intake.domain.errors import FieldErrors, TransitionRefusedError
from tiepdan.kit.response_tasks import task_overdue_on

PLAN_OPENED = "intake.response_plan.opened"
PLAN_CLOSED = "intake.response_plan.closed"
TASK_ASSIGNED = "intake.response_task.assigned"
TASK_REPORTED = "intake.response_task.reported"
TASK_OVERDUE = "intake.response_task.overdue"

#: The ward office records plans, tasks and outcomes as the leader decides them; directives are the leader's own.
PLAN_WRITE_ROLES = (CLERK, LEADER)
DIRECTING_ROLES = (LEADER,)
#: The agencies that hold tasks and have a role here (police, Party inspection) report back themselves too.
PLAN_READ_ROLES = (CLERK, LEADER, PARTY_INSPECTION, POLICE)
REPORTING_ROLES = PLAN_READ_ROLES


class Reason(StrEnum):
    CROWD = "crowd"
    HOTSPOT = "hotspot"
    OVER_LEVEL = "over_level"
    COMPLEX = "complex"


class Outcome(StrEnum):
    SETTLED = "settled"
    CITIZENS_RETURNED = "citizens_returned"
    TRANSFERRED = "transferred"
    MONITORING = "monitoring"


class PlanStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Directive:
    """Chỉ đạo của lãnh đạo: what the leader directed, who and when."""

    text: str
    by: str
    by_name: str
    at: datetime


@dataclass(frozen=True)
class TaskReport:
    """Báo cáo kết quả: the assignee's report back; `late` when made after the task's due date."""

    id: str
    notes: str
    completed: bool
    late: bool
    reported_at: datetime
    reported_by: str


@dataclass
class Task:
    id: str
    plan_id: str
    unit: str
    title: str
    assignee_agency: str
    assignee_staff_id: str | None
    given_on: date
    due_on: date
    assigned_at: datetime
    assigned_by: str
    completed_at: datetime | None = None
    completed_late: bool = False
    #: When `intake.response_task.overdue` was sent: it is sent once per task.
    overdue_announced_at: datetime | None = None
    reports: list[TaskReport] = dataclasses.field(default_factory=list)

    @property
    def completed(self) -> bool:
        return self.completed_at is not None

    def overdue_on(self, day: date) -> bool:
        return task_overdue_on(self.due_on, self.completed, day)

    def counted_overdue(self, day: date) -> bool:
        """Reported done late, or still not done after its due date: what a plan's `tasks_overdue` counts."""
        return self.completed_late or self.overdue_on(day)

    def report(self, report_id: str, notes: str, completed: bool, at: datetime, on: date, by: str) -> TaskReport:
        """A task reported done takes no further report (409)."""
        if self.completed:
            raise TransitionRefusedError("Nhiệm vụ đã được báo cáo hoàn thành.")
        entry = TaskReport(report_id, notes, completed, on > self.due_on, at, by)
        self.reports.append(entry)
        if completed:
            self.completed_at, self.completed_late = at, entry.late
        return entry


def task_date_problems(given_on: date, due_on: date) -> dict[str, list[str]]:
    """A task cannot be due before the day it was given."""
    errors = FieldErrors()
    if due_on < given_on:
        errors.add(
            "due_on",
            f"Hạn hoàn thành ({due_on:%d/%m/%Y}) không được trước ngày giao nhiệm vụ ({given_on:%d/%m/%Y}).",
        )
    return errors.errors


@dataclass(frozen=True)
class Closing:
    outcome: Outcome
    note: str
    at: datetime
    by: str
    tasks: int
    tasks_overdue: int


@dataclass
class ResponsePlan:
    id: str
    unit: str
    reason: Reason
    title: str
    content: str | None
    field: str | None
    subject: str | None
    area: str | None
    alert_ids: list[str]
    case_ids: list[str]
    opened_at: datetime
    opened_by: str
    status: PlanStatus = PlanStatus.OPEN
    closing: Closing | None = None
    directives: list[Directive] = dataclasses.field(default_factory=list)
    tasks: list[Task] = dataclasses.field(default_factory=list)

    def _refuse_if_closed(self, what: str) -> None:
        if self.status is PlanStatus.CLOSED:
            raise TransitionRefusedError(f"Phương án đã kết thúc: không {what}.")

    def direct(self, text: str, by: str, by_name: str, at: datetime) -> Directive:
        self._refuse_if_closed("ghi thêm chỉ đạo")
        directive = Directive(text, by, by_name, at)
        self.directives.append(directive)
        return directive

    def assign(self, task: Task) -> Task:
        """A closed plan takes no new task (409); a task due before it was given is 422 naming `due_on`."""
        self._refuse_if_closed("giao thêm nhiệm vụ")
        problems = FieldErrors()
        problems.extend(task_date_problems(task.given_on, task.due_on))
        problems.raise_if_any()
        self.tasks.append(task)
        return task

    def task(self, task_id: str) -> Task | None:
        return next((t for t in self.tasks if t.id == task_id), None)

    def close(self, outcome: Outcome, note: str, at: datetime, on: date, by: str) -> Closing:
        self._refuse_if_closed("kết thúc lại")
        overdue = sum(task.counted_overdue(on) for task in self.tasks)
        self.closing = Closing(outcome, note, at, by, len(self.tasks), overdue)
        self.status = PlanStatus.CLOSED
        return self.closing


# -- the events (never a person: assignees are officers by staff id, the matter by field, subject and area) ----------


def plan_opened(plan: ResponsePlan) -> dict[str, Any]:
    data: dict[str, Any] = {
        "plan_id": plan.id,
        "reason": plan.reason.value,
        "alert_ids": list(plan.alert_ids),
        "case_ids": list(plan.case_ids),
        "opened_at": plan.opened_at.isoformat(),
    }
    matter = {"field": plan.field, "subject": plan.subject, "area": plan.area}
    data.update({key: value for key, value in matter.items() if value is not None})
    return data


def plan_closed(plan: ResponsePlan, closing: Closing) -> dict[str, Any]:
    return {
        "plan_id": plan.id,
        "outcome": closing.outcome.value,
        "alert_ids": list(plan.alert_ids),
        "case_ids": list(plan.case_ids),
        "closed_at": closing.at.isoformat(),
        "reason": plan.reason.value,
        "tasks": closing.tasks,
        "tasks_overdue": closing.tasks_overdue,
    }


def _task_data(task: Task) -> dict[str, Any]:
    return {
        "task_id": task.id,
        "plan_id": task.plan_id,
        "assignee_agency": task.assignee_agency,
        "due_on": task.due_on.isoformat(),
        "assignee_staff_id": task.assignee_staff_id,
        "title": task.title,
        "assigned_at": task.assigned_at.isoformat(),
    }


def task_assigned(task: Task) -> dict[str, Any]:
    return _task_data(task)


def task_overdue(task: Task) -> dict[str, Any]:
    return _task_data(task)


def task_reported(task: Task, report: TaskReport) -> dict[str, Any]:
    return {
        "task_id": task.id,
        "plan_id": task.plan_id,
        "reported_at": report.reported_at.isoformat(),
        "assignee_agency": task.assignee_agency,
        "due_on": task.due_on.isoformat(),
        "completed": report.completed,
        "late": report.late,
    }
