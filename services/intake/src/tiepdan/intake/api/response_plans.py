"""`/api/v1/response-plans`: handling plans (phương án xử lý) for a crowd, hotspot, over-level or complex matter,
the leader's directives, tasks given to agencies and officers, their reports back, and the plan's closing."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.intake.api.context import actor, config, domain_errors, home_unit, reading, request_work, today
from tiepdan.intake.api.schemas import (
    DirectiveIn,
    PlanCloseIn,
    ResponsePlanArgs,
    ResponsePlanIn,
    ResponsePlanOut,
    ResponsePlanPage,
    ResponseTaskIn,
    ResponseTaskOut,
    TaskReportIn,
)
from tiepdan.intake.domain.response_plans import (
    DIRECTING_ROLES,
    PLAN_READ_ROLES,
    PLAN_WRITE_ROLES,
    REPORTING_ROLES,
    Outcome,
    Reason,
)
from tiepdan.intake.service.response_plans import (
    PlanInput,
    ReportInput,
    TaskInput,
    add_directive,
    assign_task,
    close_plan,
    list_plans,
    open_plan,
    plan_detail,
    plan_view,
    report_on_task,
    task_view,
)
from tiepdan.kit.auth import roles_required
from tiepdan.kit.idempotency import answer, idempotent
from tiepdan.kit.openapi import links

blp = Blueprint(
    "response_plans", __name__, url_prefix="/api/v1/response-plans", description="Phương án xử lý, nhiệm vụ"
)

PLAN_LINK = {"plan_id": "$response.body#/id"}
TASK_LINK = {"plan_id": "$response.body#/plan_id", "task_id": "$response.body#/id"}


@blp.route("")
class ResponsePlans(MethodView):
    @roles_required(*PLAN_READ_ROLES)
    @blp.arguments(ResponsePlanArgs(), location="query")
    @blp.response(200, ResponsePlanPage())
    @domain_errors
    def get(self, args: dict[str, Any]) -> Any:
        """The unit's plans, newest first, each with its tasks (not their reports); `status`, `reason` filter."""
        page = {"limit": args.pop("limit"), "cursor": args.pop("cursor")}
        with reading() as uow:
            return list_plans(uow, args["status"], args["reason"], page, today())

    @roles_required(*PLAN_WRITE_ROLES)
    @idempotent
    @blp.arguments(ResponsePlanIn())
    @blp.response(201, ResponsePlanOut())
    @links(201, PLAN_LINK, "getResponsePlanById", "postPlanTasks", "postPlanDirectives", "postPlanClose")
    @domain_errors
    def post(self, body: dict[str, Any]) -> Any:
        """Open a handling plan on alerts (ids from the alerts service, as given) and cases of the caller's unit.

        Every `case_ids` entry must be a case of the caller's unit that the caller may see: any other id, another
        unit's case or an unknown one alike, is 422 naming `case_ids`. `field`, `subject` and `area` are the
        first case's unless given. Emits `intake.response_plan.opened`."""
        cmd = PlanInput(
            reason=Reason(body["reason"]),
            title=body["title"],
            content=body["content"],
            field=body["field"],
            subject=body["subject"],
            area=body["area"],
            alert_ids=tuple(body["alert_ids"]),
            case_ids=tuple(body["case_ids"]),
        )
        with request_work() as uow:
            plan = open_plan(uow, config(), actor(), home_unit(), cmd)
            response = answer(uow, plan_view(plan, today()), 201, ResponsePlanOut)
            uow.commit()
        return response


@blp.route("/<plan_id>")
class ResponsePlanById(MethodView):
    @roles_required(*PLAN_READ_ROLES)
    @blp.response(200, ResponsePlanOut())
    @domain_errors
    def get(self, plan_id: str) -> Any:
        """The plan with its directives, tasks and their reports; another unit's plan is 404."""
        with reading() as uow:
            return plan_detail(uow, plan_id, today())


@blp.route("/<plan_id>/directives")
class PlanDirectives(MethodView):
    @roles_required(*DIRECTING_ROLES)
    @idempotent
    @blp.arguments(DirectiveIn())
    @blp.response(201, ResponsePlanOut())
    @domain_errors
    def post(self, body: dict[str, Any], plan_id: str) -> Any:
        """The leader's directive (chỉ đạo), recorded with who gave it and when; a closed plan takes none (409)."""
        with request_work() as uow:
            plan = add_directive(uow, config(), actor(), plan_id, body["text"])
            response = answer(uow, plan_view(plan, today()), 201, ResponsePlanOut)
            uow.commit()
        return response


@blp.route("/<plan_id>/tasks")
class PlanTasks(MethodView):
    @roles_required(*PLAN_WRITE_ROLES)
    @idempotent
    @blp.arguments(ResponseTaskIn())
    @blp.response(201, ResponseTaskOut())
    @links(201, TASK_LINK, "postTaskReports")
    @domain_errors
    def post(self, body: dict[str, Any], plan_id: str) -> Any:
        """Give a task to an agency (its code), or to an officer of it (staff id), due on `due_on`.

        `due_on` may not be before `given_on` (the ward's today when absent): 422 naming `due_on`. A closed plan
        takes no new task (409). Emits `intake.response_task.assigned`; a task still not reported done after its
        due date is announced once (`intake.response_task.overdue`, the leader's alert)."""
        cmd = TaskInput(
            title=body["title"],
            assignee_agency=body["assignee_agency"],
            assignee_staff_id=body["assignee_staff_id"],
            due_on=body["due_on"],
            given_on=body["given_on"],
        )
        with request_work() as uow:
            task = assign_task(uow, config(), actor(), plan_id, cmd)
            response = answer(uow, task_view(task, today()), 201, ResponseTaskOut)
            uow.commit()
        return response


@blp.route("/<plan_id>/tasks/<task_id>/reports")
class TaskReports(MethodView):
    @roles_required(*REPORTING_ROLES)
    @idempotent
    @blp.arguments(TaskReportIn())
    @blp.response(201, ResponseTaskOut())
    @domain_errors
    def post(self, body: dict[str, Any], plan_id: str, task_id: str) -> Any:
        """Report back on a task (báo cáo kết quả); `completed: true` says it is done, and a task done takes no
        further report (409). `late` when reported after its due date. Emits `intake.response_task.reported`."""
        with request_work() as uow:
            task = report_on_task(
                uow, config(), actor(), plan_id, task_id, ReportInput(body["notes"], body["completed"])
            )
            response = answer(uow, task_view(task, today()), 201, ResponseTaskOut)
            uow.commit()
        return response


@blp.route("/<plan_id>/close")
class PlanClose(MethodView):
    @roles_required(*PLAN_WRITE_ROLES)
    @idempotent
    @blp.arguments(PlanCloseIn())
    @blp.response(200, ResponsePlanOut())
    @domain_errors
    def post(self, body: dict[str, Any], plan_id: str) -> Any:
        """Close the plan with its outcome and a note; closing again is 409. Emits `intake.response_plan.closed`
        with the plan's tasks and of those the ones reported done late or not done past their due date."""
        with request_work() as uow:
            plan = close_plan(uow, config(), actor(), plan_id, Outcome(body["outcome"]), body["note"])
            response = answer(uow, plan_view(plan, today()), 200, ResponsePlanOut)
            uow.commit()
        return response
