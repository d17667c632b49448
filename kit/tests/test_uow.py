"""The unit of work's commit hooks: what must happen only once the work is durable."""

from __future__ import annotations

from typing import Any

from sample.service import SAMPLE

from tiepdan.kit.db import UnitScope


def test_on_committed_runs_after_the_commit_and_never_after_a_rollback(make_runtime: Any, db_url: str) -> None:
    runtime = make_runtime(SAMPLE, db_url)
    ran: list[str] = []
    with runtime.uow(UnitScope(units=None, write_unit="bach-quang")) as uow:
        uow.on_committed(lambda: ran.append("rolled back"))
        uow.rollback()
        uow.on_committed(lambda: ran.append("committed"))
        assert ran == []
        uow.commit()
        assert ran == ["committed"]
    with runtime.uow(UnitScope(units=None, write_unit="bach-quang")) as uow:
        uow.on_committed(lambda: ran.append("left without commit"))
    assert ran == ["committed"]
