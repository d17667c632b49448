"""A congress day across all four services, over the real broker, on the local stack (issue 7).

Staff imported and a roster published (roster); a group of 7 citizens received (intake); the crowd alert
delivered to the police over AMQP (a pika consumer bound as an outside agency would bind) and acknowledged
(alerts); the province reports the ward's citizens at the province (over_level); the day's report figures
match what was posted (reports).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pika
import pytest

# The shared stack starts with the first test (two minutes on a busy machine): more than the default 300 s.
pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.rabbitmq, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
WARD_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
T = TypeVar("T")


def eventually(probe: Callable[[], T | None], what: str, timeout: float = 30.0) -> T:
    """Events travel outbox → relay → broker → consumer: poll until the effect shows."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {what}")
        time.sleep(0.3)


def ward_today() -> date:
    return datetime.now(WARD_TZ).date()


class PoliceInbox:
    """The police's own queue, bound to `alerts.notify.police` on the events exchange (services/alerts/README.md)."""

    def __init__(self, amqp_url: str, prefix: str) -> None:
        self.connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
        self.channel = self.connection.channel()
        exchange = f"{prefix}tiepdan.events"
        self.channel.exchange_declare(exchange, exchange_type="topic", durable=True)
        self.queue = self.channel.queue_declare("", exclusive=True).method.queue
        self.channel.queue_bind(self.queue, exchange, routing_key="alerts.notify.police")

    def next(self, timeout: float = 30.0) -> tuple[Any, dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            method, properties, body = self.channel.basic_get(self.queue, auto_ack=True)
            if method is not None:
                return properties, json.loads(body)
            self.connection.process_data_events(time_limit=0.3)
        raise AssertionError("no alert reached the police's queue")

    def close(self) -> None:
        self.connection.close()


@pytest.fixture
def police_inbox(stack: Any, amqp_url: str) -> Any:
    inbox = PoliceInbox(amqp_url, stack.amqp_prefix)
    yield inbox
    inbox.close()


def test_congress_day(stack: Any, police_inbox: PoliceInbox) -> None:
    today = ward_today()

    # 1. Roster: the ward's staff imported, a week's roster solved and published; someone is on duty now.
    staff = json.loads((ROOT / "services/roster/src/tiepdan/roster/data/ward-staff.json").read_text(encoding="utf-8"))
    imported = stack.call("POST", "roster", "/api/v1/staff/import", "scheduler", json=staff)
    assert imported.status_code in (200, 201), imported.text
    solving = stack.call(
        "POST",
        "roster",
        "/api/v1/rosters",
        "scheduler",
        json={"start": today.isoformat(), "end": (today + timedelta(days=6)).isoformat(), "time_limit_s": 10},
    )
    assert solving.status_code == 202, solving.text
    roster_id = solving.json()["id"]

    def solved() -> dict[str, Any] | None:
        body = stack.call("GET", "roster", f"/api/v1/rosters/{roster_id}", "scheduler").json()
        return body if body["status"] != "solving" else None

    roster = eventually(solved, "the roster solved", timeout=120)
    assert roster["status"] == "draft", roster.get("violations")
    assert roster["assignments"]
    published = stack.call("POST", "roster", f"/api/v1/rosters/{roster_id}/publish", "scheduler")
    assert published.status_code == 200, published.text
    duty = stack.call("GET", "roster", "/api/v1/duty", "police", params={"at": datetime.now(WARD_TZ).isoformat()})
    assert duty.status_code == 200, duty.text

    # The day's figures before: other tests may have posted visits today on this stack.
    def figures() -> dict[str, Any]:
        params = {"from": today.isoformat(), "to": today.isoformat(), "by": "day"}
        items = stack.call("GET", "reports", "/api/v1/figures", "leader", params=params).json()["items"]
        (day,) = [item for item in items if item["key"] == today.isoformat()]
        return day

    before = figures()

    # 2. A group of 7 citizens about a land compensation project, two representatives.
    visit = {
        "reception": "regular",
        "host_name": "Nguyễn Thị Lan",
        "headcount": 7,
        "citizens": [
            {"full_name": "Trần Văn Bình", "id_number": "019085001234", "phone": "0912345678", "representative": True},
            {"full_name": "Lê Thị Hoa", "id_number": "019185004321", "representative": True},
        ],
        "kind": "complaint",
        "field": "compensation",
        "subject": "Dự án khu dân cư số 3",
        "area": "Tổ dân phố 5",
        "summary": "Đề nghị xem xét lại giá bồi thường đất",
        "party_related": False,
    }
    registered = stack.call("POST", "intake", "/api/v1/visits", "clerk", json=visit)
    assert registered.status_code == 201, registered.text
    assert registered.json()["is_group"] is True

    # 3. The crowd alert reaches the police over AMQP, without anyone's identity, and the police acknowledge it.
    properties, message = police_inbox.next()
    assert properties.type == "alerts.notify.police"
    alert = message["data"]["alert"] if "alert" in message["data"] else message["data"]
    assert alert["kind"] == "crowd"
    assert alert["headcount"] == 7
    wire = json.dumps(message, ensure_ascii=False)
    for secret in ("Trần Văn Bình", "019085001234", "0912345678", "Lê Thị Hoa"):
        assert secret not in wire, "a citizen's identity left the ward"
    alert_id = alert.get("id") or alert.get("alert_id")
    acked = stack.call("POST", "alerts", f"/api/v1/alerts/{alert_id}/ack", "police", json={"note": "Đã cử cán bộ"})
    assert acked.status_code == 200, acked.text
    assert acked.json()["status"] == "acknowledged"

    # 4. The province reports the ward's citizens at the provincial reception office: over_level.
    report = {
        "reported_at": datetime.now(WARD_TZ).isoformat(),
        "place": "Trụ sở Tiếp công dân tỉnh",
        "level": "province",
        "headcount": 4,
        "area": "Tổ dân phố 5",
        "field": "compensation",
        "subject": "Dự án khu dân cư số 3",
        "summary": "Công dân phường Bách Quang đến Trụ sở Tiếp công dân tỉnh",
    }
    accepted = stack.call("POST", "alerts", "/api/v1/inbound-reports", "province", json=report)
    assert accepted.status_code == 202, accepted.text
    over_level = stack.call("GET", "alerts", f"/api/v1/alerts/{accepted.json()['alert_id']}", "leader").json()
    assert over_level["kind"] == "over_level"

    # 5. The day's figures count exactly what was posted: one visit of a group of 7.
    day = eventually(lambda: (f := figures())["visits"] > before["visits"] and f, "the visit in the reports")
    counted = ("visits", "persons", "groups", "group_persons")
    assert [day[k] - before[k] for k in counted] == [1, 7, 1, 7]
    snapshot = stack.call(
        "POST",
        "reports",
        "/api/v1/reports",
        "leader",
        json={"template": "daily", "period": {"from": today.isoformat(), "to": today.isoformat()}},
    )
    assert snapshot.status_code == 201, snapshot.text
    daily = snapshot.json()
    assert daily["sha256"]
    totals = find_counts(daily["figures"])
    assert totals is not None, daily["figures"]
    assert (totals["visits"], totals["persons"]) == (day["visits"], day["persons"]), daily["figures"]


def find_counts(figures: Any) -> dict[str, Any] | None:
    """The first mapping in the daily report's figures that carries the day's visit and person counts."""
    if isinstance(figures, dict):
        if isinstance(figures.get("visits"), int) and isinstance(figures.get("persons"), int):
            return figures
        children = list(figures.values())
    elif isinstance(figures, list):
        children = figures
    else:
        return None
    for child in children:
        found = find_counts(child)
        if found is not None:
            return found
    return None
