"""Projecting intake's response plans and their tasks (`intake.response_plan.*`, `intake.response_task.*`): what
the plan report and the daily report count of them."""

from __future__ import annotations

from tiepdan.kit.events import Envelope
from tiepdan.kit.uow import UnitOfWork
from tiepdan.reports.domain.coordination import PlanSeen, TaskSeen
from tiepdan.reports.handlers.parsing import day, instant, optional_instant, text
from tiepdan.reports.service import projections
from tiepdan.reports.service.unit_of_work import reports_work


def project_plan_opened(uow: UnitOfWork, event: Envelope) -> None:
    data = event.data
    seen = PlanSeen(str(data["plan_id"]), event.unit, event.occurred, opened_at=instant(data["opened_at"]))
    projections.record_plan(reports_work(uow), seen)


def project_plan_closed(uow: UnitOfWork, event: Envelope) -> None:
    data = event.data
    seen = PlanSeen(
        str(data["plan_id"]),
        event.unit,
        event.occurred,
        closed_at=instant(data["closed_at"]),
        outcome=text(data, "outcome", 32),
    )
    projections.record_plan(reports_work(uow), seen)


def project_task(uow: UnitOfWork, event: Envelope) -> None:
    """`assigned`, `reported` and `overdue` each name the task, its plan, agency and due date; `assigned` (and
    `overdue`) when it was given; a `reported` one with `completed` when it was done."""
    data = event.data
    done = event.type == "intake.response_task.reported" and bool(data.get("completed"))
    seen = TaskSeen(
        task_id=str(data["task_id"]),
        plan_id=str(data["plan_id"]),
        unit=event.unit,
        seen_at=event.occurred,
        assignee_agency=text(data, "assignee_agency", 64),
        due_on=day(data["due_on"]) if data.get("due_on") else None,
        assigned_at=optional_instant(data.get("assigned_at")),
        completed_at=instant(data["reported_at"]) if done else None,
        completed_late=done and bool(data.get("late")),
    )
    projections.record_task(reports_work(uow), seen)
