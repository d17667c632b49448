"""The process's copy of the platform's units' names: kept for its lifetime, read again after, kept when reports
does not answer, dropped on demand, read by one request at a time."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable
from typing import Any

from tiepdan.console.adapters.services import ServicesClient, WsgiTransport
from tiepdan.console.service.unit_names import UnitNames, platform_unit_names


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Reports:
    """What reports answers next (None: no answer), and how many times it was asked."""

    def __init__(self, names: dict[str, str] | None) -> None:
        self.names = names
        self.asked = 0

    def __call__(self) -> dict[str, str] | None:
        self.asked += 1
        return None if self.names is None else dict(self.names)


def test_the_copy_is_kept_for_its_lifetime_and_read_again_after() -> None:
    clock, reports = Clock(), Reports({"bach-quang": "UBND phường Bách Quang"})
    names = UnitNames(reports, lifetime_s=60, clock=clock)
    assert names.current() == {"bach-quang": "UBND phường Bách Quang"}
    reports.names = {"bach-quang": "Ủy ban nhân dân phường Bách Quang"}
    clock.now += 59
    assert names.current() == {"bach-quang": "UBND phường Bách Quang"}
    assert reports.asked == 1
    clock.now += 1
    assert names.current() == {"bach-quang": "Ủy ban nhân dân phường Bách Quang"}
    assert reports.asked == 2


def test_reports_not_answering_keeps_the_last_copy_and_is_asked_again_only_a_lifetime_later() -> None:
    clock, reports = Clock(), Reports({"bach-quang": "UBND phường Bách Quang"})
    names = UnitNames(reports, lifetime_s=60, clock=clock)
    names.current()
    reports.names = None
    clock.now += 60
    for _ in range(5):
        assert names.current() == {"bach-quang": "UBND phường Bách Quang"}
    assert reports.asked == 2
    clock.now += 60
    reports.names = {"tran-phu": "UBND phường Trần Phú"}
    assert names.current() == {"tran-phu": "UBND phường Trần Phú"}


def test_before_any_answer_there_are_no_names() -> None:
    names = UnitNames(Reports(None), clock=Clock())
    assert names.current() == {}


def test_forgotten_names_are_read_again_at_once() -> None:
    reports = Reports({"bach-quang": "UBND phường Bách Quang"})
    names = UnitNames(reports, clock=Clock())
    names.current()
    reports.names = {"bach-quang": "Ủy ban nhân dân phường Bách Quang"}
    names.forget()
    assert names.current() == {"bach-quang": "Ủy ban nhân dân phường Bách Quang"}
    assert reports.asked == 2


def test_one_request_reads_at_a_time_the_others_keep_the_copy_and_a_rename_meanwhile_is_read_again() -> None:
    started, release = threading.Event(), threading.Event()
    answers = iter([{"a": "Tên cũ"}, {"a": "Tên trước khi đổi"}, {"a": "Tên mới"}])
    asked = 0

    def slow_reports() -> dict[str, str]:
        nonlocal asked
        asked += 1
        if asked == 2:
            started.set()
            assert release.wait(5)
        return next(answers)

    clock = Clock()
    names = UnitNames(slow_reports, lifetime_s=60, clock=clock)
    names.current()
    clock.now += 60
    seen: list[Any] = []
    reading = threading.Thread(target=lambda: seen.append(names.current()))
    reading.start()
    assert started.wait(5)
    assert names.current() == {"a": "Tên cũ"}  # no second call while one is out, no waiting for it either
    names.forget()  # a rename while the slow answer, which may predate it, is out
    release.set()
    reading.join(5)
    assert seen == [{"a": "Tên trước khi đổi"}]
    assert names.current() == {"a": "Tên mới"}
    assert asked == 3


def reports_answering(status: str, body: Any) -> Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]:
    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        assert (environ["PATH_INFO"], environ["HTTP_AUTHORIZATION"]) == ("/api/v1/units", "Bearer the-token")
        start_response(status, [("Content-Type", "application/json")])
        return [json.dumps(body).encode()]

    return app


def test_reports_names_by_code_and_none_when_it_refuses_or_is_down() -> None:
    items = {"items": [{"code": "bach-quang", "name": "UBND phường Bách Quang"}]}
    answered = ServicesClient(WsgiTransport(reports_answering("200 OK", items)))
    assert platform_unit_names(answered, "the-token") == {"bach-quang": "UBND phường Bách Quang"}
    for status in ("403 Forbidden", "503 Service Unavailable"):
        refused = ServicesClient(WsgiTransport(reports_answering(status, {"title": "Không"})))
        assert platform_unit_names(refused, "the-token") is None
    assert platform_unit_names(ServicesClient(None), "the-token") is None
