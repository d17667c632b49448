from datetime import date

from tiepdan.kit.response_tasks import task_overdue_on

DUE = date(2026, 1, 20)


def test_a_task_not_done_is_overdue_from_the_day_after_its_due_date() -> None:
    assert not task_overdue_on(DUE, done=False, day=date(2026, 1, 19))
    assert not task_overdue_on(DUE, done=False, day=DUE)
    assert task_overdue_on(DUE, done=False, day=date(2026, 1, 21))


def test_a_task_reported_done_is_never_overdue() -> None:
    assert not task_overdue_on(DUE, done=True, day=date(2026, 1, 21))
