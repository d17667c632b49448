"""The console's client of the four services' public HTTP APIs, carrying the signed-in person's short-lived token.

Two transports with the same semantics (method, path, headers, JSON body, status): HTTP to `TIEPDAN_CONSOLE_API_URL`
(the Ingress, or the local stack's front), and in embedded mode the platform's own WSGI dispatcher, so a call goes
through the same routing, authentication and problem+json answers as any agency's request, without a socket.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import requests
from werkzeug.test import Client

from tiepdan.kit.logs import correlation_id

from .metrics import UPSTREAM_FAILURES

#: Statuses that say the service is not there (a proxy's answer, or the service's own readiness failing).
UNAVAILABLE = frozenset({502, 503, 504})


class ServiceUnavailable(Exception):
    """No usable answer from a service: the page says so instead of failing."""

    def __init__(self, service: str) -> None:
        super().__init__(service)
        self.service = service


@dataclass(frozen=True)
class ApiAnswer:
    status: int
    body: Any


@dataclass(frozen=True)
class FileAnswer:
    """A file from a service, passed on to the browser as it arrives: status, the headers worth passing on, chunks."""

    status: int
    headers: dict[str, str]
    chunks: Iterable[bytes]


#: The headers of a file answer the console passes on to the browser.
FILE_HEADERS = ("Content-Type", "Content-Disposition", "X-Content-SHA256")
FILE_CHUNK_BYTES = 64 * 1024


class Transport(Protocol):
    def request(
        self, method: str, path: str, headers: dict[str, str], params: dict[str, Any] | None, body: Any
    ) -> ApiAnswer: ...

    def download(self, path: str, headers: dict[str, str], params: dict[str, Any] | None) -> FileAnswer: ...


class HttpTransport:
    def __init__(self, base_url: str, timeout_s: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self.http = requests.Session()

    def request(
        self, method: str, path: str, headers: dict[str, str], params: dict[str, Any] | None, body: Any
    ) -> ApiAnswer:
        response = self.http.request(
            method, self.base_url + path, headers=headers, params=params, json=body, timeout=self.timeout_s
        )
        try:
            parsed = response.json()
        except ValueError:
            parsed = None
        return ApiAnswer(response.status_code, parsed)

    def download(self, path: str, headers: dict[str, str], params: dict[str, Any] | None) -> FileAnswer:
        response = self.http.get(
            self.base_url + path, headers=headers, params=params, timeout=self.timeout_s, stream=True
        )
        kept = {name: response.headers[name] for name in FILE_HEADERS if name in response.headers}
        return FileAnswer(response.status_code, kept, _released(response))


def _released(response: requests.Response) -> Iterator[bytes]:
    """The body chunk by chunk; the connection goes back to the pool when the browser has it all or goes away."""
    try:
        yield from response.iter_content(FILE_CHUNK_BYTES)
    finally:
        response.close()


WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class WsgiTransport:
    def __init__(self, app: WSGIApp) -> None:
        self.client = Client(app)

    def request(
        self, method: str, path: str, headers: dict[str, str], params: dict[str, Any] | None, body: Any
    ) -> ApiAnswer:
        response = self.client.open(path, method=method, headers=headers, query_string=params, json=body)
        parsed = response.get_json(silent=True)
        return ApiAnswer(response.status_code, parsed)

    def download(self, path: str, headers: dict[str, str], params: dict[str, Any] | None) -> FileAnswer:
        response = self.client.get(path, headers=headers, query_string=params)
        kept = {name: response.headers[name] for name in FILE_HEADERS if name in response.headers}
        return FileAnswer(response.status_code, kept, response.iter_encoded())


class ServicesClient:
    """`transports`: a service's own transport where it has one; `default` for the others (None: none known)."""

    def __init__(self, default: Transport | None, transports: dict[str, Transport] | None = None) -> None:
        self.default = default
        self.transports = transports or {}

    def call(
        self,
        service: str,
        method: str,
        path: str,
        token: str | None,
        *,
        params: dict[str, Any] | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> ApiAnswer:
        """The service's answer, 4xx included (the page shows its problem); ServiceUnavailable when none came.
        `headers`: more request headers, e.g. an `Idempotency-Key` for a form that must not register twice.
        `token` None: a public endpoint, called without Authorization."""
        transport = self._transport(service)
        sent = _headers(token, headers)
        try:
            answer = transport.request(method, path, sent, params, body)
        except (requests.RequestException, OSError) as exc:
            UPSTREAM_FAILURES.labels(service).inc()
            raise ServiceUnavailable(service) from exc
        return self._usable(service, answer)

    def download(self, service: str, path: str, token: str, *, params: dict[str, Any] | None = None) -> FileAnswer:
        """A file (XLSX, ICS, PDF, PNG...) to stream on to the browser; a 4xx answer's chunks hold its problem."""
        transport = self._transport(service)
        try:
            answer = transport.download(path, _headers(token, {"Accept": "*/*"}), params)
        except (requests.RequestException, OSError) as exc:
            UPSTREAM_FAILURES.labels(service).inc()
            raise ServiceUnavailable(service) from exc
        return self._usable(service, answer)

    def _transport(self, service: str) -> Transport:
        transport = self.transports.get(service, self.default)
        if transport is None:
            UPSTREAM_FAILURES.labels(service).inc()
            raise ServiceUnavailable(service)
        return transport

    def _usable(self, service: str, answer: AnswerT) -> AnswerT:
        if answer.status in UNAVAILABLE or answer.status >= 500:
            UPSTREAM_FAILURES.labels(service).inc()
            raise ServiceUnavailable(service)
        return answer


AnswerT = TypeVar("AnswerT", ApiAnswer, FileAnswer)


def _headers(token: str | None, more: dict[str, str] | None) -> dict[str, str]:
    sent = {"Accept": "application/json", **(more or {}), "X-Correlation-ID": correlation_id()}
    if token is not None:
        sent["Authorization"] = f"Bearer {token}"
    return sent
