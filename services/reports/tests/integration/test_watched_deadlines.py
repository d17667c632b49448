"""Reports count a case's overdue deadlines as intake watches them: the case events say which, on both databases."""

from datetime import date

import pytest

from tiepdan.kit.events import Envelope
from tiepdan.kit.inbox import Outcome
from tiepdan.reports.app import SERVICE
from tiepdan.reports.config import ReportSettings
from tiepdan.reports.domain.daily import overdue_cases


def opened(case_id: str, watched: list[str] | None) -> Envelope:
    data = {
        "case_id": case_id,
        "changed_at": "2026-01-05T08:00:00+07:00",
        "kind": "denunciation",
        "field": "land",
        "area": "Tổ 5",
        "subject": "Lấn chiếm đất",
        "status": "received",
        "previous_status": None,
        "competent": None,
        "deadlines": {
            "process_by": {
                "date": "2026-01-30",
                "rule": "10 ngày",
                "rule_code": "denunciation_initial",
                "day_type": "calendar",
            },
            "transfer_by": {
                "date": "2026-01-12",
                "rule": "5 ngày làm việc",
                "rule_code": "denunciation_transfer",
                "day_type": "working",
            },
        },
    }
    if watched is not None:
        data["watched"] = watched
    return Envelope("intake.case.opened", data, "bach-quang", "intake", "c-1")


@pytest.mark.postgres
def test_a_received_denunciation_whose_transfer_intake_does_not_watch_is_not_overdue(make_runtime, db_url):
    runtime = make_runtime(SERVICE, db_url)
    runtime.state["reports"] = ReportSettings()
    processor = runtime.processor()
    events = [opened("watched-by-intake", ["process_by", "transfer_by"]), opened("ours", ["process_by"])]
    assert [processor.process(e.to_json().encode()).outcome for e in events] == [Outcome.DONE, Outcome.DONE]
    with runtime.uow() as uow:
        deadlines, changes = uow.figures.deadlines_past(None, date(2026, 1, 20))
    assert {(d.case_id, d.name) for d in deadlines} == {("watched-by-intake", "transfer_by"), ("ours", "transfer_by")}
    assert overdue_cases(deadlines, changes, date(2026, 1, 20)) == 1


def test_a_case_event_from_before_watched_is_read_by_status(reports_runtime):
    assert reports_runtime.processor().process(opened("old", None).to_json().encode()).outcome is Outcome.DONE
    with reports_runtime.uow() as uow:
        deadlines, changes = uow.figures.deadlines_past(None, date(2026, 1, 20))
    assert overdue_cases(deadlines, changes, date(2026, 1, 20)) == 1
