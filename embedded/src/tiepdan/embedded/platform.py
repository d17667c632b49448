"""Every service and its worker in one process: SQLite files and the in-process bus fed by the outbox.

The only code that imports more than one service; it composes them, it does not reach into them. The console (a
service declaring the resource "/") answers every path no API owns; the JSON index of the APIs is at `/api`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask
from werkzeug.wrappers import Response

from tiepdan.kit.asyncapi import build_document
from tiepdan.kit.config import Settings
from tiepdan.kit.errors import problem_response
from tiepdan.kit.metrics import exposition
from tiepdan.kit.service import API_DISPATCHER_STATE, Runtime, ServiceSpec, discover_services
from tiepdan.kit.web import create_service_app
from tiepdan.kit.worker import Worker

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
#: The resource a service of pages declares: every path that no API owns.
PAGES_RESOURCE = "/"
PLATFORM_PATHS = frozenset({"/healthz", "/readyz", "/metrics", "/api", "/api/", "/docs", "/asyncapi.json"})
#: What `/<service>/…` reaches of an API's own app; any other `/<service>…` path (the console's `/alerts`) is a page.
SERVICE_OWN_PATHS = frozenset({"docs", "openapi.json", "asyncapi.json", "healthz", "readyz", "metrics"})


@dataclass
class Platform:
    runtimes: dict[str, Runtime]
    apps: dict[str, Flask]
    worker: Worker

    @classmethod
    def build(
        cls,
        specs: dict[str, ServiceSpec] | None = None,
        settings_for: Callable[[str], Settings] | None = None,
    ) -> Platform:
        specs = specs if specs is not None else discover_services()
        settings_for = settings_for or Settings.from_env
        runtimes = {name: Runtime(spec, settings_for(name)) for name, spec in specs.items()}
        for runtime in runtimes.values():
            runtime.start()
        apps = {
            name: runtime.spec.web_app(runtime) if runtime.spec.web_app else create_service_app(runtime)
            for name, runtime in runtimes.items()
        }
        any_settings = next(iter(runtimes.values())).settings
        worker = Worker(
            list(runtimes.values()), delivery_limit=any_settings.delivery_limit, relay_idle_s=any_settings.relay_idle_s
        )
        platform = cls(runtimes, apps, worker)
        dispatcher = PathDispatcher(platform)
        for runtime in runtimes.values():
            # a service of pages calls the APIs through this same dispatcher: routing, tokens, problems as over HTTP
            runtime.state[API_DISPATCHER_STATE] = dispatcher.api_only
        return platform

    def wsgi(self) -> WSGIApp:
        return PathDispatcher(self)

    @property
    def api_services(self) -> list[str]:
        """The services with an API (OpenAPI, Swagger UI), not those serving pages."""
        return sorted(name for name, runtime in self.runtimes.items() if runtime.spec.web_app is None)

    @property
    def pages(self) -> str | None:
        """The service that answers every path no API owns (the console), if installed."""
        return next((name for name, rt in self.runtimes.items() if PAGES_RESOURCE in rt.spec.resources), None)

    def stop(self) -> None:
        self.worker.stop()
        for runtime in self.runtimes.values():
            runtime.dispose()


class PathDispatcher:
    """One URL space: `/api/v1/<resource>` to the service owning it, `/<service>/…` for each API's docs and health,
    the platform's health, metrics and API index, then every other path to the console."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self.events_document = build_document(
            [runtime.spec for runtime in platform.runtimes.values()], "Tiếp Dân: events of every service"
        )
        self.prefixes = sorted(
            (
                (prefix, name)
                for name, rt in platform.runtimes.items()
                for prefix in rt.spec.resources
                if prefix != PAGES_RESOURCE
            ),
            key=lambda item: -len(item[0]),
        )
        self.mounted = set(platform.api_services)
        self.pages = platform.pages

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path: str = environ.get("PATH_INFO", "") or "/"
        for prefix, name in self.prefixes:
            if path == prefix or path.startswith(prefix + "/"):
                return self.platform.apps[name](environ, start_response)
        first, _, rest = path.lstrip("/").partition("/")
        if first in self.mounted and (self.pages is None or rest.partition("/")[0] in SERVICE_OWN_PATHS):
            environ = dict(environ)
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + "/" + first
            environ["PATH_INFO"] = "/" + rest
            return self.platform.apps[first](environ, start_response)
        if path.startswith("/docs/static/") and self.mounted:
            return self.platform.apps[next(iter(self.mounted))](environ, start_response)
        if self.pages is not None and path not in PLATFORM_PATHS:
            return self.platform.apps[self.pages](environ, start_response)
        return self._platform_route(path)(environ, start_response)

    def api_only(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        """The APIs alone, for a service of pages calling them: a path no mounted service answers is a 503, never
        a page (a page answering its own API call would run inside the request that made it)."""
        path: str = environ.get("PATH_INFO", "") or "/"
        for prefix, name in self.prefixes:
            if path == prefix or path.startswith(prefix + "/"):
                return self.platform.apps[name](environ, start_response)
        return problem_response(503, f"Không có dịch vụ nào phục vụ {path}.")(environ, start_response)

    def _platform_route(self, path: str) -> Response:
        if path == "/healthz":
            return _json({"status": "ok", "services": sorted(self.platform.apps)})
        if path == "/readyz":
            problems = {n: rt.readiness_problems(broker=True) for n, rt in self.platform.runtimes.items()}
            failing = {n: p for n, p in problems.items() if p}
            if failing:
                return problem_response(503, json.dumps(failing, ensure_ascii=False))
            return _json({"status": "ready", "services": sorted(problems)})
        if path == "/metrics":
            for runtime in self.platform.runtimes.values():
                runtime.relay.observe()
            body, content_type = exposition()
            return Response(body, content_type=content_type)
        if path == "/asyncapi.json":
            return _json(self.events_document)
        if path in ("/", "/api", "/api/", "/docs"):
            return _json(
                {
                    "name": "Tiếp Dân",
                    "console": "/" if self.pages else None,
                    "docs": {name: f"/{name}/docs" for name in sorted(self.mounted)},
                    "openapi": {name: f"/{name}/openapi.json" for name in sorted(self.mounted)},
                    "asyncapi": {"all": "/asyncapi.json"}
                    | {name: f"/{name}/asyncapi.json" for name in sorted(self.mounted)},
                }
            )
        return problem_response(404, f"Không có tài nguyên {path}.")


def _json(body: dict[str, Any], status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")
