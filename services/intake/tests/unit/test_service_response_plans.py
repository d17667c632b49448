"""Handling plans through the service layer with the fake unit of work: the plan on the unit's own cases, tasks and
their due dates, reports back, the overdue announcement once per task (also after a run that died), the closing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from intake_fakes import FakeIntakeUnitOfWork

from tiepdan.intake.adapters.identity_vault import IdentityVault
from tiepdan.intake.config import IntakeConfig
from tiepdan.intake.domain.cases import Actor
from tiepdan.intake.domain.errors import InvalidFieldsError, NotFoundError, TransitionRefusedError
from tiepdan.intake.domain.response_plans import Outcome, PlanStatus, Reason
from tiepdan.intake.domain.vocabulary import Kind
from tiepdan.intake.service.response_plans import (
    PlanInput,
    ReportInput,
    TaskInput,
    add_directive,
    announce_overdue_tasks,
    assign_task,
    close_plan,
    list_plans,
    open_plan,
    plan_detail,
    report_on_task,
)
from tiepdan.kit.db import UnitScope

UNIT = "bach-quang"
CLERK = Actor(sub="u-clerk", name="Nguyễn Thị Lan", roles=frozenset({"clerk"}))
LEADER = Actor(sub="u-leader", name="Chủ tịch", roles=frozenset({"leader"}))


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 10, 2, 30, tzinfo=UTC)  # Tuesday 10/03/2026, 09:30 in the ward

    def __call__(self) -> datetime:
        return self.now

    def to_day(self, day: date) -> None:
        self.now = datetime.combine(day, self.now.timetz())


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def config(clock: Clock) -> IntakeConfig:
    vault = IdentityVault([Fernet.generate_key().decode()], b"0123456789abcdef-index")
    return IntakeConfig(vault=vault, clock=clock)


@pytest.fixture
def uow(config: IntakeConfig, make_case) -> FakeIntakeUnitOfWork:
    work = FakeIntakeUnitOfWork(config.vault, UnitScope(units=frozenset({UNIT}), write_unit=UNIT))
    work.store.cases["c1"] = make_case(id="c1", area="Tổ dân phố 5")
    work.store.cases["c-other"] = make_case(id="c-other", unit="tran-hung-dao")
    work.store.cases["c-party"] = make_case(id="c-party", kind=Kind.DENUNCIATION, party_related=True)
    return work


def _open(uow: FakeIntakeUnitOfWork, config: IntakeConfig, **given):
    cmd = PlanInput(**{"reason": Reason.CROWD, "title": "Đoàn đông người dự án khu dân cư số 3", **given})
    with uow:
        plan = open_plan(uow, config, CLERK, UNIT, cmd)
        uow.commit()
    return plan


def _task(uow, config, plan_id, due_on=date(2026, 3, 12), **given):
    cmd = TaskInput(title="Vận động công dân trở về địa phương", assignee_agency="CA", due_on=due_on, **given)
    with uow:
        task = assign_task(uow, config, LEADER, plan_id, cmd)
        uow.commit()
    return task


def _types(uow: FakeIntakeUnitOfWork) -> list[str]:
    return [e.type for e in uow.events]


def test_a_plan_on_alerts_and_the_unit_s_case_is_written_at_the_commit_and_announced(uow, config) -> None:
    with uow:
        plan = open_plan(
            uow,
            config,
            CLERK,
            UNIT,
            PlanInput(Reason.CROWD, "Đoàn đông người", alert_ids=("a1", "a1", "a2"), case_ids=("c1", "c1")),
        )
        assert uow.store.response_plans == {}
        assert uow.events == []
        uow.commit()
    stored = uow.store.response_plans[plan.id]
    assert (stored.alert_ids, stored.case_ids, stored.status) == (["a1", "a2"], ["c1"], PlanStatus.OPEN)
    [opened] = uow.events
    assert opened.type == "intake.response_plan.opened"
    assert opened.data == {
        "plan_id": plan.id,
        "reason": "crowd",
        "alert_ids": ["a1", "a2"],
        "case_ids": ["c1"],
        "opened_at": "2026-03-10T02:30:00+00:00",
        "field": "land",
        "subject": "Dự án khu dân cư số 3",
        "area": "Tổ dân phố 5",
    }


@pytest.mark.parametrize("case_id", ["c-other", "no-such-case", "c-party"])
def test_a_plan_for_a_case_the_unit_or_the_caller_does_not_hold_is_refused_naming_case_ids(
    uow, config, case_id
) -> None:
    """Another unit's case, an unknown one and one the clerk may not see answer alike: nothing tells them apart."""
    with uow, pytest.raises(InvalidFieldsError) as refused:
        open_plan(uow, config, CLERK, UNIT, PlanInput(Reason.COMPLEX, "Phức tạp", case_ids=("c1", case_id)))
    assert list(refused.value.errors) == ["case_ids"]
    assert case_id in refused.value.errors["case_ids"][0]
    assert uow.store.response_plans == {}
    assert uow.events == []


def test_a_task_due_before_it_was_given_is_refused_naming_due_on(uow, config) -> None:
    plan = _open(uow, config)
    with pytest.raises(InvalidFieldsError) as refused:
        _task(uow, config, plan.id, due_on=date(2026, 3, 9), given_on=date(2026, 3, 10))
    assert list(refused.value.errors) == ["due_on"]
    with pytest.raises(InvalidFieldsError):  # given today when not said
        _task(uow, config, plan.id, due_on=date(2026, 3, 9))
    assert uow.store.response_plans[plan.id].tasks == []
    assert _types(uow) == ["intake.response_plan.opened"]


def test_a_task_to_an_officer_is_assigned_given_today_and_announced(uow, config) -> None:
    plan = _open(uow, config)
    task = _task(uow, config, plan.id, assignee_staff_id=" st-7 ")
    assert (task.given_on, task.assignee_staff_id) == (date(2026, 3, 10), "st-7")
    assigned = uow.events[-1]
    assert assigned.type == "intake.response_task.assigned"
    assert assigned.data == {
        "task_id": task.id,
        "plan_id": plan.id,
        "assignee_agency": "CA",
        "due_on": "2026-03-12",
        "assignee_staff_id": "st-7",
        "title": "Vận động công dân trở về địa phương",
        "assigned_at": "2026-03-10T02:30:00+00:00",
    }


def test_reports_back_late_then_done_and_no_report_after_done(uow, config, clock) -> None:
    plan = _open(uow, config)
    task = _task(uow, config, plan.id)
    with uow:
        report_on_task(uow, config, CLERK, plan.id, task.id, ReportInput("Đã gặp đại diện đoàn"))
        uow.commit()
    clock.to_day(date(2026, 3, 13))
    with uow:
        done = report_on_task(uow, config, CLERK, plan.id, task.id, ReportInput("Công dân đã về", completed=True))
        uow.commit()
    assert done.completed
    assert done.completed_late
    reported = [e.data for e in uow.events if e.type == "intake.response_task.reported"]
    assert [(r["completed"], r["late"]) for r in reported] == [(False, False), (True, True)]
    with uow, pytest.raises(TransitionRefusedError):
        report_on_task(uow, config, CLERK, plan.id, task.id, ReportInput("Thêm"))
    with uow, pytest.raises(NotFoundError):
        report_on_task(uow, config, CLERK, plan.id, "no-such-task", ReportInput("Thêm"))
    stored = uow.store.response_plans[plan.id].tasks[0]
    assert [r.notes for r in stored.reports] == ["Đã gặp đại diện đoàn", "Công dân đã về"]


def _overdue_events(uow: FakeIntakeUnitOfWork) -> list[str]:
    return [e.data["task_id"] for e in uow.events if e.type == "intake.response_task.overdue"]


def _run_timer(uow: FakeIntakeUnitOfWork, config: IntakeConfig, commit: bool = True) -> int:
    with uow:
        announced = announce_overdue_tasks(uow, config.clock().date(), config.clock())
        if commit:
            uow.commit()
    return announced


def test_an_overdue_task_is_announced_once_even_after_a_run_that_died_before_its_commit(uow, config, clock) -> None:
    plan = _open(uow, config)
    late = _task(uow, config, plan.id, due_on=date(2026, 3, 11))
    done = _task(uow, config, plan.id, due_on=date(2026, 3, 11))
    _task(uow, config, plan.id, due_on=date(2026, 3, 20))
    with uow:
        report_on_task(uow, config, CLERK, plan.id, done.id, ReportInput("Xong", completed=True))
        uow.commit()
    assert _run_timer(uow, config) == 0  # on its due day a task is not overdue yet
    clock.to_day(date(2026, 3, 12))
    assert _run_timer(uow, config, commit=False) == 1  # the worker is killed before its commit
    assert _overdue_events(uow) == []
    assert uow.store.response_plans[plan.id].task(late.id).overdue_announced_at is None
    assert _run_timer(uow, config) == 1
    assert _run_timer(uow, config) == 0
    assert _overdue_events(uow) == [late.id]
    assert uow.store.response_plans[plan.id].task(late.id).overdue_announced_at == clock.now
    overdue = next(e for e in uow.events if e.type == "intake.response_task.overdue")
    assert overdue.data["due_on"] == "2026-03-11"
    assert overdue.unit == UNIT


def test_closing_counts_tasks_and_the_overdue_then_refuses_more(uow, config, clock) -> None:
    plan = _open(uow, config)
    on_time = _task(uow, config, plan.id, due_on=date(2026, 3, 12))
    late = _task(uow, config, plan.id, due_on=date(2026, 3, 11))
    _task(uow, config, plan.id, due_on=date(2026, 3, 11))  # never reported
    _task(uow, config, plan.id, due_on=date(2026, 3, 30))  # not due yet at the closing
    with uow:
        report_on_task(uow, config, CLERK, plan.id, on_time.id, ReportInput("Xong", completed=True))
        uow.commit()
    clock.to_day(date(2026, 3, 13))
    with uow:
        report_on_task(uow, config, CLERK, plan.id, late.id, ReportInput("Xong muộn", completed=True))
        uow.commit()
    with uow:
        close_plan(uow, config, LEADER, plan.id, Outcome.CITIZENS_RETURNED, "Công dân đã trở về địa phương")
        uow.commit()
    closed = uow.events[-1]
    assert closed.type == "intake.response_plan.closed"
    assert {k: closed.data[k] for k in ("outcome", "reason", "tasks", "tasks_overdue", "case_ids")} == {
        "outcome": "citizens_returned",
        "reason": "crowd",
        "tasks": 4,
        "tasks_overdue": 2,
        "case_ids": [],
    }
    with pytest.raises(TransitionRefusedError):
        _task(uow, config, plan.id, due_on=date(2026, 3, 30))
    with uow, pytest.raises(TransitionRefusedError):
        close_plan(uow, config, LEADER, plan.id, Outcome.SETTLED, "Lần nữa")
    with uow, pytest.raises(TransitionRefusedError):
        add_directive(uow, config, LEADER, plan.id, "Tiếp tục theo dõi")
    clock.to_day(date(2026, 3, 31))
    assert _run_timer(uow, config) == 0  # a closed plan's tasks alert nobody
    shown = plan_detail(uow, plan.id, date(2026, 3, 31))
    assert shown["task_counts"] == {"total": 4, "completed": 2, "overdue": 2}
    assert (shown["status"], shown["outcome"], shown["closed_by"]) == ("closed", "citizens_returned", "Chủ tịch")


def test_directives_are_kept_with_who_and_when_and_another_unit_s_plan_does_not_exist(uow, config) -> None:
    plan = _open(uow, config)
    with uow:
        add_directive(uow, config, LEADER, plan.id, "  Công an phường bố trí lực lượng giữ trật tự  ")
        uow.commit()
    [directive] = uow.store.response_plans[plan.id].directives
    assert (directive.text, directive.by, directive.by_name) == (
        "Công an phường bố trí lực lượng giữ trật tự",
        "u-leader",
        "Chủ tịch",
    )
    other = FakeIntakeUnitOfWork(config.vault, UnitScope(units=frozenset({"tran-hung-dao"}), write_unit="x"), uow.store)
    with other, pytest.raises(NotFoundError):
        plan_detail(other, plan.id, date(2026, 3, 10))
    assert list_plans(other, None, None, {"limit": 50}, date(2026, 3, 10))["items"] == []
    listed = list_plans(uow, "open", None, {"limit": 50}, date(2026, 3, 10) + timedelta(days=1))
    assert [p["id"] for p in listed["items"]] == [plan.id]
