"""When a response plan's task (nhiệm vụ of a phương án xử lý) is overdue, for every service: intake announces it,
reports count it. Basis: the ward's 2026 plan — each agency reports back by its due date, one left undone goes to
the Chairman."""

from __future__ import annotations

from datetime import date


def task_overdue_on(due_on: date, done: bool, day: date) -> bool:
    """Not reported done and `day` is past its due date: the due date itself is still in time."""
    return not done and due_on < day
