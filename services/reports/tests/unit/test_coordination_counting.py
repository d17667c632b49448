"""Response plans and tasks as the reports count them: events merge in any order, a progress report is not the task
done, and a task is overdue by intake's rule only while its plan is open."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from tiepdan.reports.domain.coordination import PlanSeen, TaskSeen, coordination_counts

WARD = "bach-quang"
DAY = datetime(2026, 1, 19, 1, tzinfo=UTC)  # 08:00 in the ward


def _merged(events):
    merged = None
    for seen in events:
        merged = seen.after(merged)
    return merged


def test_a_plan_and_a_task_come_out_the_same_whatever_the_order_of_their_events() -> None:
    plan_events = [
        PlanSeen("p1", WARD, DAY, opened_at=DAY),
        PlanSeen("p1", WARD, DAY + timedelta(hours=5), closed_at=DAY + timedelta(hours=5), outcome="transferred"),
    ]
    task_events = [
        TaskSeen("t1", "p1", WARD, DAY, "CA", date(2026, 1, 19), assigned_at=DAY),
        TaskSeen("t1", "p1", WARD, DAY + timedelta(hours=1), "CA", date(2026, 1, 19)),  # a progress report
        TaskSeen("t1", "p1", WARD, DAY + timedelta(hours=2), "CA", date(2026, 1, 19), None, DAY + timedelta(hours=2)),
    ]
    assert {_merged(order) for order in itertools.permutations(plan_events)} == {
        PlanSeen("p1", WARD, DAY + timedelta(hours=5), DAY, DAY + timedelta(hours=5), "transferred")
    }
    tasks = {_merged(order) for order in itertools.permutations(task_events)}
    assert len(tasks) == 1
    [task] = tasks
    assert (task.assigned_at, task.completed_at, task.due_on) == (DAY, DAY + timedelta(hours=2), date(2026, 1, 19))


def test_tasks_overdue_at_the_end_of_the_period_only_while_not_done_and_their_plan_open() -> None:
    start, end = datetime(2026, 1, 18, 17, tzinfo=UTC), datetime(2026, 1, 19, 17, tzinfo=UTC)  # the ward's 19/01
    plans = [PlanSeen("open", WARD, DAY, opened_at=DAY), PlanSeen("closed", WARD, DAY, DAY, DAY, "settled")]
    due = date(2026, 1, 18)
    tasks = [
        TaskSeen("late", "open", WARD, DAY, "CA", due, assigned_at=DAY - timedelta(days=3)),
        TaskSeen("done", "open", WARD, DAY, "CA", due, DAY - timedelta(days=3), DAY, completed_late=True),
        TaskSeen("of-closed", "closed", WARD, DAY, "CA", due, DAY - timedelta(days=3)),
        TaskSeen("due-today", "open", WARD, DAY, "CA", date(2026, 1, 19), DAY),
    ]
    counts = coordination_counts(plans, tasks, start, end, end)
    assert (counts["plans_opened"], counts["plans_closed"], counts["settled"]) == (2, 1, 1)
    assert (counts["tasks_assigned"], counts["tasks_reported"], counts["tasks_reported_late"]) == (1, 1, 1)
    # "due-today" is past due at the day's end (the next day begins); "of-closed" is no longer followed
    assert counts["tasks_overdue"] == 2
    # an hour before DAY "done" was not yet done and "closed" not yet closed; during the day "due-today" is not late
    assert coordination_counts(plans, tasks, start, end, DAY - timedelta(hours=1))["tasks_overdue"] == 3
    assert coordination_counts(plans, tasks, start, end, DAY + timedelta(minutes=1))["tasks_overdue"] == 1
