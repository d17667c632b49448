"""The worker's timers: scheduled reports made once, delivered to the province signed, retried on failure."""

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from sqlalchemy import select

from tiepdan.kit.calendar import default_calendar_data
from tiepdan.kit.db import outbox_table
from tiepdan.kit.events import Envelope
from tiepdan.kit.service import Runtime
from tiepdan.reports.adapters.orm import Delivery, ReportSnapshot
from tiepdan.reports.config import ReportSettings
from tiepdan.reports.domain.schedule import AlreadyMade
from tiepdan.reports.service.schedule import deliver_pending, run_schedule
from tiepdan.reports.service.unit_of_work import reports_work

SECRET = "province-shared-secret"


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


class Receiver:
    """A province endpoint on the loopback interface that records what it gets and answers `status`."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.status = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *_: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/reports"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    receiver.thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


def _made(runtime: Runtime) -> list[tuple[str, str]]:
    with runtime.uow() as uow:
        snapshots = uow.session.scalars(select(ReportSnapshot).order_by(ReportSnapshot.template)).all()
        return sorted((s.template, s.period_from.isoformat()) for s in snapshots)


def test_election_day_makes_daily_and_q1_reports_once(projected: Runtime) -> None:
    made = run_schedule(projected, _at("2026-03-15T11:00:00Z"))  # 18:00 in the ward
    assert len(made) == 6
    assert _made(projected) == [
        ("01/TCD", "2025-12-15"),
        ("02/XLD", "2025-12-15"),
        ("daily", "2026-03-12"),
        ("daily", "2026-03-13"),
        ("daily", "2026-03-14"),
        ("daily", "2026-03-15"),
    ]
    assert run_schedule(projected, _at("2026-03-15T12:00:00Z")) == []
    with projected.uow() as uow:
        q1 = uow.session.scalars(select(ReportSnapshot).where(ReportSnapshot.template == "01/TCD")).one()
        events = uow.session.scalars(select(outbox_table.c.body)).all()
        assert uow.session.scalars(select(Delivery)).all() == []  # no province webhook configured
    assert q1.figures["total"] == {"visits": 8, "persons": 35, "cases": 6}
    assert q1.trigger == "schedule"
    generated = [json.loads(body) for body in events if "reports.report.generated" in body]
    assert len(generated) == 6
    assert {event["unit"] for event in generated} == {"bach-quang"}


def test_a_unit_whose_calendar_has_no_special_period_gets_no_daily_report(reports_runtime: Runtime, project) -> None:
    calendar = {**default_calendar_data(), "special_periods": []}
    event = Envelope("roster.calendar.changed", calendar, "tran-phu", "roster", "c").validate()
    project(reports_runtime, [event])
    run_schedule(reports_runtime, _at("2026-01-19T11:00:00Z"))
    with reports_runtime.uow() as uow:
        units = uow.session.scalars(select(ReportSnapshot.units)).all()
    assert units == [["bach-quang"]] * 4


def test_reports_reach_the_province_signed_and_failures_are_retried(
    reports_runtime: Runtime, receiver: Receiver
) -> None:
    reports_runtime.state["reports"] = ReportSettings(webhook_url=receiver.url, webhook_secret=SECRET)
    made = run_schedule(reports_runtime, _at("2026-06-15T11:00:00Z"))  # Q2 and the 6 months have closed
    assert len(made) == 4
    receiver.status = 503
    assert deliver_pending(reports_runtime, _at("2026-06-15T11:00:01Z")) == 0
    with reports_runtime.uow() as uow:
        deliveries = uow.session.scalars(select(Delivery)).all()
    assert {(d.status, d.attempts, d.last_status) for d in deliveries} == {("retrying", 1, 503)}
    # not due again before the back-off has passed
    assert deliver_pending(reports_runtime, _at("2026-06-15T11:00:10Z")) == 0
    receiver.status = 200
    assert deliver_pending(reports_runtime, _at("2026-06-15T11:01:00Z")) == 4
    assert len(receiver.requests) == 8
    headers, body = receiver.requests[-1]
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-TiepDan-Signature"] == expected
    payload = json.loads(body)
    assert headers["X-TiepDan-Delivery"] == payload["id"]
    assert payload["template"] in ("01/TCD", "02/XLD")
    assert set(payload["sha256"]) == {"csv", "xlsx", "pdf"}
    assert deliver_pending(reports_runtime, _at("2026-06-15T12:00:00Z")) == 0


def test_a_scheduled_report_another_worker_made_first_is_already_made(reports_runtime: Runtime) -> None:
    """Two workers may both find a key free; the second to write it learns so from the repository, not from SQL."""
    key = "daily|bach-quang|2026-01-19"
    with reports_work(reports_runtime.uow()) as uow:
        uow.schedule.add(key, "report-1", _at("2026-01-19T11:00:00Z"))
        uow.commit()
    with reports_work(reports_runtime.uow()) as uow, pytest.raises(AlreadyMade):
        uow.schedule.add(key, "report-2", _at("2026-01-19T11:00:00Z"))
