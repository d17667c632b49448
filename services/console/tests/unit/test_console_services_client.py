"""The API client: what it sends (token, body, extra headers, query) and when it gives up on a service."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from tiepdan.console.adapters.services import ServicesClient, ServiceUnavailable, WsgiTransport


def echo(status: str) -> Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]:
    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        seen = {
            "method": environ["REQUEST_METHOD"],
            "path": environ["PATH_INFO"],
            "query": environ["QUERY_STRING"],
            "authorization": environ.get("HTTP_AUTHORIZATION"),
            "idempotency_key": environ.get("HTTP_IDEMPOTENCY_KEY"),
            "body": json.loads(environ["wsgi.input"].read(length) or b"null"),
        }
        start_response(status, [("Content-Type", "application/json")])
        return [json.dumps(seen).encode()]

    return app


def test_the_call_carries_the_token_body_headers_and_query() -> None:
    client = ServicesClient(WsgiTransport(echo("201 Created")))
    answer = client.call(
        "intake",
        "POST",
        "/api/v1/visits",
        "the-token",
        params={"limit": 5},
        body={"headcount": 7},
        headers={"Idempotency-Key": "k-1", "Authorization": "not this one"},
    )
    assert answer.status == 201
    assert answer.body == {
        "method": "POST",
        "path": "/api/v1/visits",
        "query": "limit=5",
        "authorization": "Bearer the-token",
        "idempotency_key": "k-1",
        "body": {"headcount": 7},
    }


def test_a_problem_is_an_answer_and_a_5xx_is_no_answer() -> None:
    assert (
        ServicesClient(WsgiTransport(echo("422 Unprocessable Entity"))).call("intake", "GET", "/x", "t").status == 422
    )
    with pytest.raises(ServiceUnavailable) as raised:
        ServicesClient(WsgiTransport(echo("503 Service Unavailable"))).call("alerts", "GET", "/x", "t")
    assert raised.value.service == "alerts"


def test_a_service_without_an_address_is_unavailable() -> None:
    with pytest.raises(ServiceUnavailable):
        ServicesClient(None).call("roster", "GET", "/api/v1/duty", "t")
    own = ServicesClient(None, {"roster": WsgiTransport(echo("200 OK"))})
    assert own.call("roster", "GET", "/api/v1/duty", "t").status == 200
