"""Handling plans (phương án xử lý) for a crowd, hotspot, over-level or complex matter: opened on alerts and the
unit's cases, directed by the leader, carried out as tasks that are reported back on, closed with an outcome; and
the worker's announcement of tasks left past their due date. Each use case works in the caller's unit of work."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from tiepdan.intake.config import IntakeConfig
from tiepdan.intake.domain.access import CaseView, case_view
from tiepdan.intake.domain.cases import Actor, Case
from tiepdan.intake.domain.errors import InvalidFieldsError, NotFoundError
from tiepdan.intake.domain.response_plans import (
    PLAN_CLOSED,
    PLAN_OPENED,
    TASK_ASSIGNED,
    TASK_OVERDUE,
    TASK_REPORTED,
    Outcome,
    Reason,
    ResponsePlan,
    Task,
    plan_closed,
    plan_opened,
    task_assigned,
    task_overdue,
    task_reported,
)
from tiepdan.intake.service.timers import ward_today
from tiepdan.intake.service.unit_of_work import IntakeUnitOfWork, PlanWork
from tiepdan.kit.service import Runtime

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlanInput:
    reason: Reason
    title: str
    content: str | None = None
    field: str | None = None
    subject: str | None = None
    area: str | None = None
    alert_ids: tuple[str, ...] = ()
    case_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class TaskInput:
    title: str
    assignee_agency: str
    due_on: date
    assignee_staff_id: str | None = None
    #: the day the task was given; today when not said
    given_on: date | None = None


@dataclass(frozen=True)
class ReportInput:
    notes: str
    completed: bool = False


def _name(actor: Actor) -> str:
    return actor.name or actor.sub


def _unique(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i.strip() for i in ids))


def _linked_cases(uow: PlanWork, actor: Actor, unit: str, case_ids: Iterable[str]) -> list[Case]:
    """The plan's cases: each one the plan's unit holds and the caller may see. Another unit's case, one the caller
    may not see at all and an unknown id are told apart by nobody (422 naming `case_ids`). A merged case stands for
    the case it joined."""
    found: list[Case] = []
    unknown: list[str] = []
    for case_id in _unique(case_ids):
        case = uow.cases.get(case_id)
        if case is not None and case.merged_into:
            case = uow.cases.get(case.merged_into)
        if case is None or case.unit != unit or case_view(actor.roles, case.kind, case.party_related) is CaseView.NONE:
            unknown.append(case_id)
        elif all(case.id != other.id for other in found):
            found.append(case)
    if unknown:
        message = f"Đơn vị không có vụ việc: {', '.join(unknown)}."
        raise InvalidFieldsError({"case_ids": [message]})
    return found


def open_plan(uow: PlanWork, config: IntakeConfig, actor: Actor, unit: str, cmd: PlanInput) -> ResponsePlan:
    """The plan's field, subject and area are its first case's unless given."""
    cases = _linked_cases(uow, actor, unit, cmd.case_ids)
    first = cases[0] if cases else None
    plan = ResponsePlan(
        id=str(uuid.uuid4()),
        unit=unit,
        reason=cmd.reason,
        title=cmd.title.strip(),
        content=cmd.content,
        field=cmd.field or (first.field if first else None),
        subject=cmd.subject or (first.subject if first else None),
        area=cmd.area or (first.area if first else None),
        alert_ids=_unique(cmd.alert_ids),
        case_ids=[case.id for case in cases],
        opened_at=config.clock(),
        opened_by=_name(actor),
    )
    uow.response_plans.add(plan)
    uow.emit(PLAN_OPENED, plan_opened(plan), unit=unit, aggregate_id=plan.id)
    return plan


def _plan(uow: PlanWork, plan_id: str, for_update: bool = False) -> ResponsePlan:
    """Another unit's plan does not exist for the caller (404), as every intake record."""
    plan = uow.response_plans.get(plan_id, for_update=for_update)
    if plan is None:
        raise NotFoundError(plan_id, "phương án xử lý")
    return plan


def add_directive(uow: PlanWork, config: IntakeConfig, actor: Actor, plan_id: str, text: str) -> ResponsePlan:
    plan = _plan(uow, plan_id, for_update=True)
    directive = plan.direct(text.strip(), actor.sub, _name(actor), config.clock())
    uow.response_plans.add_directive(plan, directive)
    return plan


def assign_task(uow: PlanWork, config: IntakeConfig, actor: Actor, plan_id: str, cmd: TaskInput) -> Task:
    plan = _plan(uow, plan_id, for_update=True)
    task = plan.assign(
        Task(
            id=str(uuid.uuid4()),
            plan_id=plan.id,
            unit=plan.unit,
            title=cmd.title.strip(),
            assignee_agency=cmd.assignee_agency.strip(),
            assignee_staff_id=(cmd.assignee_staff_id or "").strip() or None,
            given_on=cmd.given_on or ward_today(config),
            due_on=cmd.due_on,
            assigned_at=config.clock(),
            assigned_by=_name(actor),
        )
    )
    uow.response_plans.add_task(task)
    uow.emit(TASK_ASSIGNED, task_assigned(task), unit=plan.unit, aggregate_id=plan.id)
    return task


def report_on_task(
    uow: PlanWork, config: IntakeConfig, actor: Actor, plan_id: str, task_id: str, cmd: ReportInput
) -> Task:
    """A report is taken after the plan closed too: the assignee's account still arrives, and it clears the
    leader's overdue alert."""
    plan = _plan(uow, plan_id, for_update=True)
    task = plan.task(task_id)
    if task is None:
        raise NotFoundError(task_id, "nhiệm vụ")
    report = task.report(
        str(uuid.uuid4()), cmd.notes.strip(), cmd.completed, config.clock(), ward_today(config), _name(actor)
    )
    uow.response_plans.add_report(task, report)
    uow.emit(TASK_REPORTED, task_reported(task, report), unit=plan.unit, aggregate_id=plan.id)
    return task


def close_plan(
    uow: PlanWork, config: IntakeConfig, actor: Actor, plan_id: str, outcome: Outcome, note: str
) -> ResponsePlan:
    plan = _plan(uow, plan_id, for_update=True)
    closing = plan.close(outcome, note.strip(), config.clock(), ward_today(config), _name(actor))
    uow.response_plans.close(plan)
    uow.emit(PLAN_CLOSED, plan_closed(plan, closing), unit=plan.unit, aggregate_id=plan.id)
    return plan


# -- reads ----------------------------------------------------------------------------------------------------------


def task_view(task: Task, today: date) -> dict[str, Any]:
    return {
        "id": task.id,
        "plan_id": task.plan_id,
        "title": task.title,
        "assignee_agency": task.assignee_agency,
        "assignee_staff_id": task.assignee_staff_id,
        "given_on": task.given_on,
        "due_on": task.due_on,
        "assigned_at": task.assigned_at,
        "assigned_by": task.assigned_by,
        "status": "completed" if task.completed else "open",
        "completed_at": task.completed_at,
        "late": task.completed_late,
        "overdue": task.overdue_on(today),
        "overdue_announced_at": task.overdue_announced_at,
        "reports": task.reports,
    }


def plan_view(plan: ResponsePlan, today: date) -> dict[str, Any]:
    closing = plan.closing
    overdue = closing.tasks_overdue if closing else sum(task.counted_overdue(today) for task in plan.tasks)
    return {
        "id": plan.id,
        "reason": plan.reason.value,
        "title": plan.title,
        "content": plan.content,
        "field": plan.field,
        "subject": plan.subject,
        "area": plan.area,
        "alert_ids": plan.alert_ids,
        "case_ids": plan.case_ids,
        "status": plan.status.value,
        "opened_at": plan.opened_at,
        "opened_by": plan.opened_by,
        "directives": plan.directives,
        "tasks": [task_view(task, today) for task in plan.tasks],
        "task_counts": {
            "total": len(plan.tasks),
            "completed": sum(task.completed for task in plan.tasks),
            "overdue": overdue,
        },
        "outcome": closing.outcome.value if closing else None,
        "closing_note": closing.note if closing else None,
        "closed_at": closing.at if closing else None,
        "closed_by": closing.by if closing else None,
    }


def plan_detail(uow: PlanWork, plan_id: str, today: date) -> dict[str, Any]:
    return plan_view(_plan(uow, plan_id), today)


def list_plans(
    uow: PlanWork, status: str | None, reason: str | None, page: dict[str, Any], today: date
) -> dict[str, Any]:
    """Newest first; each plan with its tasks, without their reports."""
    plans, cursor = uow.response_plans.page(status, reason, page)
    return {"items": [plan_view(plan, today) for plan in plans], "next_cursor": cursor}


# -- the worker --------------------------------------------------------------------------------------------------------


def announce_overdue_tasks(uow: PlanWork, today: date, now: datetime) -> int:
    """`intake.response_task.overdue` for each task of an open plan past its due date without a completing report,
    once: the task's mark and the event are staged in this unit of work, so they commit together or not at all,
    and a run that died before its commit is done again by the next."""
    announced = 0
    for task in uow.response_plans.unannounced_overdue(today):
        if uow.response_plans.mark_announced(task, now):
            uow.emit(TASK_OVERDUE, task_overdue(task), unit=task.unit, aggregate_id=task.plan_id)
            announced += 1
    return announced


def emit_overdue_tasks(runtime: Runtime, config: IntakeConfig) -> int:
    """The worker's periodic task (one replica per tick holds its lease)."""
    with cast(IntakeUnitOfWork, runtime.uow()) as uow:
        announced = announce_overdue_tasks(uow, ward_today(config), config.clock())
        uow.commit()
    if announced:
        log.info("overdue response tasks announced", extra={"count": announced})
    return announced
