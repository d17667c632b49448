"""Webhook delivery against a real local HTTP receiver: HMAC-SHA256 signature, retries with back-off, the log."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from alerts_harness import visit

from tiepdan.alerts.domain.delivery import RetryPolicy
from tiepdan.kit.testing import bearer
from tiepdan.kit.webhook import encode, sign

SECRET = "khoa-bi-mat-cua-cong-an-phuong"
ADMIN = bearer("admin")
LEADER = bearer("leader")


class Receiver:
    """An agency's endpoint: answers with the scripted statuses in turn (then 200) and records every request."""

    def __init__(self) -> None:
        self.statuses: list[int] = []
        self.requests: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/tiepdan/alerts"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    endpoint = Receiver()
    thread = threading.Thread(target=endpoint.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield endpoint
    endpoint.server.shutdown()
    endpoint.server.server_close()


def give_police_a_webhook(client, url: str) -> None:
    rules = client.get("/api/v1/alert-rules", headers=ADMIN).get_json()
    for item in rules["receivers"]:
        if item["name"] == "police":
            item["webhook"] = {"url": url, "secret": SECRET}
    saved = client.put("/api/v1/alert-rules", json=rules, headers=ADMIN)
    assert saved.status_code == 200, saved.get_json()
    police = next(r for r in saved.get_json()["receivers"] if r["name"] == "police")
    assert police["webhook"] == {"url": url, "has_secret": True}


def pump(runtime) -> None:
    (task,) = [t for t in runtime.spec.periodic if t.name == "deliveries"]
    task.run(runtime)


def webhook_delivery(client):
    (alert,) = client.get("/api/v1/alerts", headers=LEADER).get_json()["items"]
    items = client.get(f"/api/v1/alerts/{alert['id']}/deliveries", headers=LEADER).get_json()["items"]
    (delivery,) = [d for d in items if d["channel"] == "webhook"]
    return delivery


def test_signed_post_retried_with_back_off_until_accepted(runtime, client, clock, receiver):
    give_police_a_webhook(client, receiver.url)
    receiver.statuses = [500, 503]
    visit(runtime, headcount=6)
    pump(runtime)
    assert webhook_delivery(client)["outcome"] == "retrying"
    pump(runtime)  # nothing is due before the back-off has passed
    assert len(receiver.requests) == 1
    clock.advance(seconds=2)
    pump(runtime)
    assert len(receiver.requests) == 2
    clock.advance(seconds=3)
    pump(runtime)
    assert len(receiver.requests) == 2  # the second wait is 4 s
    clock.advance(seconds=1)
    pump(runtime)
    delivery = webhook_delivery(client)
    assert (delivery["outcome"], delivery["attempts"], delivery["last_status"]) == ("delivered", 3, 200)
    assert [entry["status"] for entry in delivery["log"]] == [500, 503, 200]
    for headers, body in receiver.requests:
        expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["X-TiepDan-Signature"], expected)
        assert headers["X-TiepDan-Delivery"] == delivery["id"]
        assert headers["Content-Type"].startswith("application/json")
    notice = json.loads(receiver.requests[-1][1])
    assert (notice["receiver"], notice["reason"]) == ("police", "raised")
    assert notice["alert"]["kind"] == "crowd"
    assert notice["alert"]["headcount"] == 6


def test_a_refusing_receiver_is_not_retried(runtime, client, receiver):
    give_police_a_webhook(client, receiver.url)
    receiver.statuses = [404]
    visit(runtime, headcount=6)
    pump(runtime)
    delivery = webhook_delivery(client)
    assert (delivery["outcome"], delivery["attempts"], delivery["last_error"]) == ("failed", 1, "HTTP 404")


def test_an_unreachable_receiver_gives_up_after_the_last_attempt(runtime, client, clock, receiver):
    url = receiver.url
    receiver.server.shutdown()
    receiver.server.server_close()
    give_police_a_webhook(client, url)
    visit(runtime, headcount=6)
    for _ in range(RetryPolicy().max_attempts):
        pump(runtime)
        clock.advance(minutes=5)
    delivery = webhook_delivery(client)
    assert (delivery["outcome"], delivery["attempts"]) == ("failed", RetryPolicy().max_attempts)
    assert "ConnectionError" in delivery["last_error"]


def test_a_tampered_body_fails_the_signature():
    body = encode({"alert": {"headcount": 6}})
    assert sign(SECRET, body) != sign(SECRET, body.replace(b"6", b"60"))
    assert sign(SECRET, body) != sign("other-secret", body)
