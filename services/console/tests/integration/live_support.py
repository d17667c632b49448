"""Helpers for the live pages' tests: a platform with the four services, the console and the alerts worker;
accounts of each role; the API calls a desk or the province's system would make."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import requests
from conftest import LiveServer, Ward
from console_support import add_account

from tiepdan.alerts.app import SERVICE as ALERTS
from tiepdan.console.app import SERVICE as CONSOLE
from tiepdan.console.service.tokens import TokenSigner
from tiepdan.intake.app import SERVICE as INTAKE
from tiepdan.reports.app import SERVICE as REPORTS
from tiepdan.roster.app import SERVICE as ROSTER

WARD = "bach-quang"
OTHER_WARD = "tran-phu"
WARD_TIME = ZoneInfo("Asia/Ho_Chi_Minh")
CITIZEN = {
    "full_name": "Trần Văn Bình",
    "id_number": "019085001234",
    "phone": "0912345678",
    "address": "Tổ 5, phường Bách Quang",
    "representative": True,
}
SERVICES = (INTAKE, ROSTER, ALERTS, REPORTS, CONSOLE)
ROLES = {"lan": "clerk", "hung": "leader", "loc": "police"}


@dataclass
class Wards(Ward):
    """A ward and the ward next to it, with the accounts `lan` (clerk), `hung` (leader), `loc` (police) of the
    first and `tinh` (the province, over both)."""

    other_unit: str = OTHER_WARD


def open_ward(served: LiveServer, unit: str = WARD, other_unit: str = OTHER_WARD, suffix: str = "") -> Wards:
    ward = Wards(served.base, served.platform, unit, suffix, other_unit)
    console = served.platform.runtimes["console"]
    for name, role in ROLES.items():
        add_account(console, ward.username(name), (role,), unit=unit)
    add_account(console, ward.username("tinh"), ("province",), unit=None, units=f"{unit},{other_unit}")
    return ward


def full_platform(serve_platform: Callable[..., LiveServer]) -> Wards:
    """Every service the live pages read, on a real socket, with the alerts worker running (it raises alerts)."""
    ward = open_ward(serve_platform(*SERVICES))
    ward.platform.worker.start()
    return ward


def token_of(served: Wards, roles: tuple[str, ...], **scope: Any) -> str:
    claims = {"sub": "test", "name": "Người thử", "roles": list(roles), **(scope or {"unit": served.unit})}
    return TokenSigner.for_runtime(served.platform.runtimes["console"]).sign(claims, 300, "person")


def api(served: Wards, method: str, path: str, token: str, body: Any = None) -> requests.Response:
    return requests.request(
        method, served.base + path, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10
    )


def rename_unit(served: Wards, code: str, name: str) -> None:
    """An administrator names a unit through reports' API; the console's copy of the names is dropped, as a rename
    through the console would (otherwise a page within its lifetime still shows the names read before)."""
    named = api(served, "PUT", f"/api/v1/units/{code}", token_of(served, ("admin",)), {"name": name})
    assert named.status_code == 200, named.text
    served.platform.apps["console"].extensions["tiepdan_console"].unit_names.forget()


def register_group(served: Wards, headcount: int, subject: str = "Dự án khu dân cư số 3") -> dict[str, Any]:
    """A clerk registers a group visit through intake's API, received now."""
    body = {
        "received_at": datetime.now(WARD_TIME).isoformat(timespec="seconds"),
        "reception": "regular",
        "host_name": "Nguyễn Thị Lan",
        "headcount": headcount,
        "citizens": [CITIZEN],
        "kind": "complaint",
        "field": "land",
        "subject": subject,
        "area": "Tổ dân phố 5",
        "summary": "Đề nghị xem xét lại giá bồi thường đất",
    }
    answer = api(served, "POST", "/api/v1/visits", token_of(served, ("clerk",)), body)
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


def report_over_level(served: Wards, level: str, unit: str | None = None, subject: str = "Thu hồi đất") -> str:
    body = {
        "reported_at": datetime.now(WARD_TIME).isoformat(timespec="seconds"),
        "place": "Trụ sở Tiếp công dân tỉnh",
        "level": level,
        "headcount": 6,
        "area": "Tổ dân phố 2",
        "field": "land",
        "subject": subject,
        "unit": unit or served.unit,
    }
    answer = api(served, "POST", "/api/v1/inbound-reports", token_of(served, ("province",), units="*"), body)
    assert answer.status_code == 202, answer.text
    alert_id: str = answer.json()["alert_id"]
    return alert_id


def active_alerts(served: Wards, **scope: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for status in ("open", "acknowledged"):
        answer = api(served, "GET", f"/api/v1/alerts?status={status}", token_of(served, ("leader",), **scope))
        found += answer.json()["items"]
    return found


def wait_for_alert(served: Wards, kind: str, timeout_s: float = 10.0) -> dict[str, Any]:
    """The worker raises alerts from intake's events: wait until it has."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for alert in active_alerts(served):
            if alert["kind"] == kind:
                return alert
        time.sleep(0.1)
    raise AssertionError(f"no {kind} alert within {timeout_s} s")
