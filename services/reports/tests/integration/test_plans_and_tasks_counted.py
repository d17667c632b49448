"""On PostgreSQL and RabbitMQ: intake's response plan and task events, published out of order and twice, are
projected by the reports worker, and the plan report (plan III.2) and the daily report count them for their
period: plans opened and closed by outcome, tasks given, reported done (late), and overdue at the period's end."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from tiepdan.kit.events import Envelope
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import bearer, wait_until
from tiepdan.kit.web import create_service_app
from tiepdan.reports.adapters.orm import ResponsePlanFact, ResponseTaskFact
from tiepdan.reports.config import ReportSettings

WARD = "bach-quang"
LEADER = bearer("leader", unit=WARD, sub="u-chairman")


def _events(make_envelope: Callable[..., Envelope]) -> list[Envelope]:
    """p0 ran before the period and closed in it; p1 gave three tasks (t1 done late, t2 not yet due, t3 overdue
    with only a progress report); p2 opened and closed on 19/01 with t4 not done (a closed plan's task is not
    followed); tran-phu's plan is another unit's."""

    def plan_opened(plan_id: str, at: str, unit: str = WARD) -> Envelope:
        data = {"plan_id": plan_id, "reason": "crowd", "alert_ids": [], "case_ids": ["c1"], "opened_at": at}
        return make_envelope("intake.response_plan.opened", data, unit, at)

    def plan_closed(plan_id: str, at: str, outcome: str) -> Envelope:
        data = {"plan_id": plan_id, "outcome": outcome, "alert_ids": [], "case_ids": ["c1"], "closed_at": at}
        return make_envelope("intake.response_plan.closed", data, WARD, at)

    def task(kind: str, task_id: str, plan_id: str, due_on: str, at: str, **more: Any) -> Envelope:
        data = {"task_id": task_id, "plan_id": plan_id, "assignee_agency": "CA", "due_on": due_on, **more}
        return make_envelope(f"intake.response_task.{kind}", data, WARD, at)

    return [
        plan_opened("p0", "2026-01-10T09:00:00+07:00"),
        plan_closed("p0", "2026-01-17T10:00:00+07:00", "settled"),
        plan_opened("p1", "2026-01-16T09:00:00+07:00"),
        task(
            "assigned", "t1", "p1", "2026-01-16", "2026-01-16T09:30:00+07:00", assigned_at="2026-01-16T09:30:00+07:00"
        ),
        task(
            "assigned", "t2", "p1", "2026-01-20", "2026-01-16T10:00:00+07:00", assigned_at="2026-01-16T10:00:00+07:00"
        ),
        task(
            "assigned", "t3", "p1", "2026-01-18", "2026-01-17T08:00:00+07:00", assigned_at="2026-01-17T08:00:00+07:00"
        ),
        task(
            "reported",
            "t1",
            "p1",
            "2026-01-16",
            "2026-01-17T15:00:00+07:00",
            **_report("2026-01-17T15:00", True, late=True),
        ),
        task("overdue", "t3", "p1", "2026-01-18", "2026-01-19T00:05:00+07:00", assigned_at="2026-01-17T08:00:00+07:00"),
        task("reported", "t3", "p1", "2026-01-18", "2026-01-19T10:00:00+07:00", **_report("2026-01-19T10:00", False)),
        plan_opened("p2", "2026-01-19T08:00:00+07:00"),
        task(
            "assigned", "t4", "p2", "2026-01-19", "2026-01-19T08:30:00+07:00", assigned_at="2026-01-19T08:30:00+07:00"
        ),
        plan_closed("p2", "2026-01-19T16:00:00+07:00", "citizens_returned"),
        task(
            "reported",
            "t2",
            "p1",
            "2026-01-20",
            "2026-01-21T09:00:00+07:00",
            **_report("2026-01-21T09:00", True, late=True),
        ),
        plan_opened("p-other", "2026-01-19T08:00:00+07:00", unit="tran-phu"),
    ]


def _report(at: str, completed: bool, late: bool = False) -> dict[str, Any]:
    return {"reported_at": f"{at}:00+07:00", "completed": completed, "late": late}


def _projected(runtime: Runtime) -> tuple[int, int]:
    with runtime.uow() as uow:
        plans = uow.session.scalar(select(func.count()).select_from(ResponsePlanFact)) or 0
        done = uow.session.scalar(
            select(func.count()).select_from(ResponseTaskFact).where(ResponseTaskFact.completed_at.is_not(None))
        )
        return int(plans), int(done or 0)


@pytest.fixture
def projected_over_the_bus(on_the_bus: Callable[..., Any], pg_url: str, make_envelope) -> Runtime:
    with on_the_bus(pg_url, ReportSettings(unit=WARD)) as (runtime, bus):
        events = _events(make_envelope)
        bus.publish([*reversed(events), *events])  # closings before openings, reports before assignments; twice
        wait_until(lambda: _projected(runtime) == (4, 2), 60, what="4 plans and 2 tasks done projected")
    return runtime


@pytest.mark.rabbitmq
def test_the_plan_and_daily_reports_count_plans_and_tasks_of_their_period(
    projected_over_the_bus: Runtime, pdf_text
) -> None:
    client = create_service_app(projected_over_the_bus).test_client()
    asked = {"template": "plan", "period": {"from": "2026-01-15", "to": "2026-01-19"}}
    made = client.post("/api/v1/reports", json=asked, headers=LEADER)
    assert made.status_code == 201, made.json
    assert made.json["figures"]["coordination"] == {
        "plans_opened": 2,  # p1, p2 (p0 before the period; tran-phu's is another unit's)
        "plans_closed": 2,
        "settled": 1,
        "citizens_returned": 1,
        "transferred": 0,
        "monitoring": 0,
        "tasks_assigned": 4,
        "tasks_reported": 1,  # t1; t3's report says it is not done; t2's came after the period
        "tasks_reported_late": 1,
        "tasks_overdue": 1,  # t3 (t2 not yet due, t4's plan closed)
    }
    paper = " ".join(pdf_text(client.get(made.json["files"]["pdf"], headers=LEADER).data).split())
    assert "Phương án xử lý lập mới 2" in paper
    assert "Nhiệm vụ quá hạn chưa hoàn thành 1" in paper

    days = {"template": "daily", "period": {"from": "2026-01-17", "to": "2026-01-19"}}
    daily = client.post("/api/v1/reports", json=days, headers=LEADER)
    assert daily.status_code == 201, daily.json
    by_day = {day["date"]: day["coordination"] for day in daily.json["figures"]["days"]}
    counted = ("plans_opened", "plans_closed", "tasks_assigned", "tasks_reported", "tasks_overdue")
    assert {day: tuple(of_day[key] for key in counted) for day, of_day in by_day.items()} == {
        "2026-01-17": (0, 1, 1, 1, 0),
        "2026-01-18": (0, 0, 0, 0, 1),  # t3 was due that day: at its end, past due
        "2026-01-19": (1, 1, 1, 0, 1),
    }
    csv_text = client.get(daily.json["files"]["csv"], headers=LEADER).data.decode("utf-8-sig")
    assert "Phương án xử lý — Lập mới" in csv_text
