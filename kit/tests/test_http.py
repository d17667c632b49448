"""The kit's HTTP behaviour through a sample service: errors, auth, roles, unit scoping, idempotency."""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import datetime
from typing import Any

import jwt
import pytest
from flask.testing import FlaskClient
from sample.service import SAMPLE
from sqlalchemy import insert

from tiepdan.kit import auth, idempotency
from tiepdan.kit import testing as kit_testing
from tiepdan.kit.auth import TokenVerifier
from tiepdan.kit.db import idempotency_table, utcnow
from tiepdan.kit.errors import Problem
from tiepdan.kit.idempotency import STALE_AFTER
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import bearer
from tiepdan.kit.web import create_service_app

CLERK = bearer("clerk")
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def client(make_runtime: Any, db_url: str) -> FlaskClient:
    runtime = make_runtime(SAMPLE, db_url)
    return create_service_app(runtime).test_client()


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body: dict[str, Any] = response.get_json(force=True)
    assert body["status"] == status
    assert set(body) >= {"type", "title", "errors", "detail"}
    return body


def test_create_and_read_round_trips_vietnamese(client: FlaskClient) -> None:
    created = client.post("/api/v1/notes", json={"text": "Đề nghị xem xét lại giá bồi thường đất"}, headers=CLERK)
    assert created.status_code == 201
    note = created.get_json()
    assert note["unit"] == "bach-quang"
    read = client.get(f"/api/v1/notes/{note['id']}", headers=CLERK)
    assert read.get_json()["text"] == "Đề nghị xem xét lại giá bồi thường đất"


def test_malformed_json_is_400(client: FlaskClient) -> None:
    response = client.post("/api/v1/notes", data=b'{"text": ', content_type="application/json", headers=CLERK)
    assert_problem(response, 400)


def test_wrong_content_type_is_415(client: FlaskClient) -> None:
    response = client.post("/api/v1/notes", data=b"text=x", content_type="text/plain", headers=CLERK)
    assert_problem(response, 415)


def test_oversize_body_is_413(client: FlaskClient) -> None:
    body = json.dumps({"text": "x" * (1024 * 1024 + 10)})
    response = client.post("/api/v1/notes", data=body, content_type="application/json", headers=CLERK)
    assert_problem(response, 413)


def test_invalid_fields_are_422_with_paths(client: FlaskClient) -> None:
    response = client.post("/api/v1/notes", json={"text": "", "headcount": 0, "extra": 1}, headers=CLERK)
    body = assert_problem(response, 422)
    assert set(body["errors"]) == {"text", "headcount", "extra"}


def test_missing_token_is_401(client: FlaskClient) -> None:
    assert_problem(client.get("/api/v1/notes"), 401)


def test_expired_token_is_401(client: FlaskClient) -> None:
    body = assert_problem(client.get("/api/v1/notes", headers=bearer("clerk", ttl_s=-10)), 401)
    assert "hết hạn" in body["detail"]


def test_forged_token_is_401(client: FlaskClient) -> None:
    header, payload, _sig = CLERK["Authorization"].split(".")
    forged = {"Authorization": f"{header}.{payload}.c2lnbmF0dXJlLWZvcmdlZA"}
    assert_problem(client.get("/api/v1/notes", headers=forged), 401)


def test_wrong_role_is_403(client: FlaskClient) -> None:
    assert_problem(client.post("/api/v1/notes", json={"text": "a"}, headers=bearer("police")), 403)


def test_unknown_route_and_method_are_problems(client: FlaskClient) -> None:
    assert_problem(client.get("/nowhere"), 404)
    assert_problem(client.delete("/api/v1/notes", headers=CLERK), 405)


def test_unit_scoping(client: FlaskClient) -> None:
    other = bearer("clerk", unit="tran-phu")
    note = client.post("/api/v1/notes", json={"text": "của phường khác"}, headers=other).get_json()
    assert note["unit"] == "tran-phu"
    assert_problem(client.get(f"/api/v1/notes/{note['id']}", headers=CLERK), 404)
    assert client.get("/api/v1/notes", headers=CLERK).get_json() == []
    province = bearer("province", units=["tran-phu", "hai-ba-trung"])
    assert client.get(f"/api/v1/notes/{note['id']}", headers=province).status_code == 200
    everywhere = bearer("province", units="*")
    assert [n["id"] for n in client.get("/api/v1/notes", headers=everywhere).get_json()] == [note["id"]]


def test_idempotency_key(client: FlaskClient) -> None:
    headers = {**CLERK, "Idempotency-Key": "k-1"}
    first = client.post("/api/v1/notes", json={"text": "một lần"}, headers=headers)
    again = client.post("/api/v1/notes", json={"text": "một lần"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(client.get("/api/v1/notes", headers=CLERK).get_json()) == 1
    assert_problem(client.post("/api/v1/notes", json={"text": "khác"}, headers=headers), 409)


def test_health_ready_metrics_need_no_token(client: FlaskClient) -> None:
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").get_json()["status"] == "ready"
    client.get("/api/v1/notes", headers=CLERK)
    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'tiepdan_http_requests_total{method="GET",route="/api/v1/notes",service="test",status="200"}' in metrics
    assert "tiepdan_outbox_pending" in metrics


def test_openapi_document(client: FlaskClient) -> None:
    spec = client.get("/openapi.json").get_json()
    assert "/api/v1/notes" in spec["paths"]


def _claim_row(key: str, body: bytes, created_at: datetime) -> dict[str, Any]:
    """An unanswered claim of `key` for `body`, as a request of CLERK's token leaves it while it runs."""
    digest = hashlib.sha256(body).hexdigest()
    return {
        "scope": "tester:POST:/api/v1/notes",
        "key": key,
        "request_hash": digest,
        "status": 0,
        "created_at": created_at,
    }


@pytest.fixture
def runtime_and_client(make_runtime: Any, db_url: str) -> tuple[Runtime, FlaskClient]:
    runtime = make_runtime(SAMPLE, db_url)
    return runtime, create_service_app(runtime).test_client()


def test_a_refused_request_leaves_its_idempotency_key_free(client: FlaskClient) -> None:
    headers = {**CLERK, "Idempotency-Key": "k-refused"}
    assert_problem(client.post("/api/v1/notes", json={"text": ""}, headers=headers), 422)
    assert client.post("/api/v1/notes", json={"text": "lần hai"}, headers=headers).status_code == 201


def test_a_claim_in_progress_is_409_and_a_stale_one_is_taken_over(
    runtime_and_client: tuple[Runtime, FlaskClient],
) -> None:
    runtime, client = runtime_and_client
    body = json.dumps({"text": "đang xử lý"}).encode()
    with runtime.engine.begin() as conn:
        conn.execute(insert(idempotency_table), [_claim_row("k-busy", body, utcnow())])
        conn.execute(insert(idempotency_table), [_claim_row("k-stale", body, utcnow() - 2 * STALE_AFTER)])
    assert_problem(client.post("/api/v1/notes", data=body, headers={**CLERK, "Idempotency-Key": "k-busy", **JSON}), 409)
    taken = client.post("/api/v1/notes", data=body, headers={**CLERK, "Idempotency-Key": "k-stale", **JSON})
    assert taken.status_code == 201
    again = client.post("/api/v1/notes", data=body, headers={**CLERK, "Idempotency-Key": "k-stale", **JSON})
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == taken.get_json()
    assert len(client.get("/api/v1/notes", headers=CLERK).get_json()) == 1


@pytest.mark.parametrize("first_commits", [True, False])
def test_a_concurrent_retry_waits_for_the_first_claim(make_runtime: Any, pg_url: str, first_commits: bool) -> None:
    """The claim is part of the view's transaction: a retry arriving meanwhile waits for it, then creates nothing
    if the first request committed, and creates once if it rolled back."""
    runtime = make_runtime(SAMPLE, pg_url)
    client = create_service_app(runtime).test_client()
    body = json.dumps({"text": "hai lần gửi"}).encode()
    headers = {**CLERK, "Idempotency-Key": "k-race", **JSON}
    answers: list[int] = []
    with runtime.engine.connect() as first:
        first.execute(insert(idempotency_table), [_claim_row("k-race", body, utcnow())])  # in flight, uncommitted
        retry = threading.Thread(
            target=lambda: answers.append(client.post("/api/v1/notes", data=body, headers=headers).status_code)
        )
        retry.start()
        retry.join(timeout=1.0)
        assert retry.is_alive(), "the retry must wait for the first request's transaction"
        if first_commits:
            first.commit()
        else:
            first.rollback()
    retry.join(timeout=30)
    notes = client.get("/api/v1/notes", headers=CLERK).get_json()
    assert answers == ([409] if first_commits else [201])
    assert len(notes) == (0 if first_commits else 1)


def test_a_retry_in_flight_answers_what_the_first_request_recorded(make_runtime: Any, pg_url: str) -> None:
    """The retry does its work, then waits on the first request's key; once that commits, the retry's work rolls
    back and it answers the first response."""
    runtime = make_runtime(SAMPLE, pg_url)
    client = create_service_app(runtime).test_client()
    body = json.dumps({"text": "gửi lại khi lần đầu chưa xong"}).encode()
    headers = {**CLERK, "Idempotency-Key": "k-in-flight", **JSON}
    first_answer = {
        **_claim_row("k-in-flight", body, utcnow()),
        "status": 201,
        "body": b'{"id": "first"}',
        "headers": {"Content-Type": "application/json"},
    }
    answers: list[Any] = []
    with runtime.engine.connect() as first:
        first.execute(insert(idempotency_table), [first_answer])  # committed below, after the retry started
        retry = threading.Thread(
            target=lambda: answers.append(client.post("/api/v1/notes", data=body, headers=headers))
        )
        retry.start()
        retry.join(timeout=1.0)
        assert retry.is_alive(), "the retry must wait for the first request's transaction"
        first.commit()
    retry.join(timeout=30)
    (answer,) = answers
    assert answer.status_code == 201
    assert answer.get_json() == {"id": "first"}
    assert answer.headers["Idempotent-Replayed"] == "true"
    assert client.get("/api/v1/notes", headers=CLERK).get_json() == []


def test_the_work_and_its_answer_commit_together(
    runtime_and_client: tuple[Runtime, FlaskClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the answer cannot be recorded (the process dies first), the work is not kept either: the retry does it
    once, where a separate answer would have left a done request that the retry repeats."""
    _runtime, client = runtime_and_client
    headers = {**CLERK, "Idempotency-Key": "k-together"}

    def dies(*_args: Any) -> None:
        raise RuntimeError("the process dies before its answer is recorded")

    monkeypatch.setattr(idempotency, "_write_answer", dies)
    assert_problem(client.post("/api/v1/notes", json={"text": "một lần thôi"}, headers=headers), 500)
    assert client.get("/api/v1/notes", headers=CLERK).get_json() == []
    monkeypatch.undo()
    first = client.post("/api/v1/notes", json={"text": "một lần thôi"}, headers=headers)
    again = client.post("/api/v1/notes", json={"text": "một lần thôi"}, headers=headers)
    assert first.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(client.get("/api/v1/notes", headers=CLERK).get_json()) == 1


def test_a_remembered_token_is_checked_again_at_its_expiry(monkeypatch: pytest.MonkeyPatch) -> None:
    verifier = TokenVerifier(kit_testing.test_settings("test", "sqlite://"))
    token = CLERK["Authorization"].split(" ", 1)[1]
    first = verifier.verify(token)

    def decoded_again(_token: str) -> dict[str, Any]:
        raise Problem(401, "decoded again")

    monkeypatch.setattr(verifier, "_decode", decoded_again)
    assert verifier.verify(token) is first  # remembered
    expires = jwt.decode(token, options={"verify_signature": False})["exp"]
    monkeypatch.setattr(auth.time, "time", lambda: expires + 1.0)
    with pytest.raises(Problem, match="decoded again"):
        verifier.verify(token)
