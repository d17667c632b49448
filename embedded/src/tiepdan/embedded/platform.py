"""All four services and their workers in one process: SQLite files and the in-process bus fed by the outbox.

The only code that imports more than one service; it composes them, it does not reach into them.
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
from tiepdan.kit.service import Runtime, ServiceSpec, discover_services
from tiepdan.kit.web import create_service_app
from tiepdan.kit.worker import Worker

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


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
        apps = {name: create_service_app(runtime) for name, runtime in runtimes.items()}
        any_settings = next(iter(runtimes.values())).settings
        worker = Worker(
            list(runtimes.values()), delivery_limit=any_settings.delivery_limit, relay_idle_s=any_settings.relay_idle_s
        )
        return cls(runtimes, apps, worker)

    def wsgi(self) -> WSGIApp:
        return PathDispatcher(self)

    def stop(self) -> None:
        self.worker.stop()
        for runtime in self.runtimes.values():
            runtime.dispose()


class PathDispatcher:
    """One URL space: `/api/v1/<resource>` to the service owning it, `/<service>/…` for each one's docs and health."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self.events_document = build_document(
            [runtime.spec for runtime in platform.runtimes.values()], "Tiếp Dân: events of every service"
        )
        self.prefixes = sorted(
            ((prefix, name) for name, rt in platform.runtimes.items() for prefix in rt.spec.resources),
            key=lambda item: -len(item[0]),
        )

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path: str = environ.get("PATH_INFO", "") or "/"
        for prefix, name in self.prefixes:
            if path == prefix or path.startswith(prefix + "/"):
                return self.platform.apps[name](environ, start_response)
        first, _, rest = path.lstrip("/").partition("/")
        if first in self.platform.apps:
            environ = dict(environ)
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + "/" + first
            environ["PATH_INFO"] = "/" + rest
            return self.platform.apps[first](environ, start_response)
        if path.startswith("/docs/static/"):
            return next(iter(self.platform.apps.values()))(environ, start_response)
        return self._platform_route(path)(environ, start_response)

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
        if path in ("/", "/docs"):
            return _json(
                {
                    "name": "Tiếp Dân",
                    "docs": {name: f"/{name}/docs" for name in self.platform.apps},
                    "openapi": {name: f"/{name}/openapi.json" for name in self.platform.apps},
                    "asyncapi": {"all": "/asyncapi.json"}
                    | {name: f"/{name}/asyncapi.json" for name in self.platform.apps},
                }
            )
        return problem_response(404, f"Không có tài nguyên {path}.")


def _json(body: dict[str, Any], status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")
