"""What the reports service does when another service's event arrives: project it, idempotently."""

from tiepdan.kit.inbox import BatchHandler, Handler
from tiepdan.reports.handlers.alerts import project_alert
from tiepdan.reports.handlers.coordination import project_plan_closed, project_plan_opened, project_task
from tiepdan.reports.handlers.intake import (
    project_case_change,
    project_case_merge,
    project_deadline_event,
    project_petition,
    project_petition_correction,
    project_register_day,
    project_visit,
    project_visit_correction,
    project_visits,
)
from tiepdan.reports.handlers.roster import project_calendar

HANDLERS: dict[str, Handler] = {
    "intake.visit.registered": project_visit,
    "intake.petition.received": project_petition,
    "intake.case.opened": project_case_change,
    "intake.case.changed": project_case_change,
    "intake.case.deadline_due": project_deadline_event,
    "intake.case.overdue": project_deadline_event,
    "intake.register.closed": project_register_day,
    "intake.visit.corrected": project_visit_correction,
    "intake.petition.corrected": project_petition_correction,
    "intake.case.merged": project_case_merge,
    "intake.response_plan.opened": project_plan_opened,
    "intake.response_plan.closed": project_plan_closed,
    "intake.response_task.assigned": project_task,
    "intake.response_task.reported": project_task,
    "intake.response_task.overdue": project_task,
    "alerts.alert.raised": project_alert,
    "alerts.alert.updated": project_alert,
    "alerts.alert.acknowledged": project_alert,
    "alerts.alert.escalated": project_alert,
    "alerts.alert.resolved": project_alert,
    "roster.calendar.changed": project_calendar,
}

BATCH_HANDLERS: dict[str, BatchHandler] = {"intake.visit.registered": project_visits}
