"""The console on a real database (SQLite and PostgreSQL): its runtime, app and a browser-like client."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from tiepdan.alerts.app import SERVICE as ALERTS
from tiepdan.console.app import SERVICE
from tiepdan.console.config import ConsoleConfig
from tiepdan.console.web.app import create_console_app
from tiepdan.embedded.platform import Platform
from tiepdan.kit import auth
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import test_settings as settings_for_test


@pytest.fixture
def runtime(make_runtime: Any, db_url: str) -> Runtime:
    built: Runtime = make_runtime(SERVICE, db_url)
    return built


@pytest.fixture
def make_app(runtime: Runtime) -> Callable[..., Flask]:
    def build(**config: Any) -> Flask:
        app = create_console_app(runtime, ConsoleConfig(**config))
        app.testing = True
        return app

    return build


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@dataclass
class LiveServer:
    base: str
    platform: Platform


@dataclass
class Ward(LiveServer):
    """The platform as one ward's people use it: its unit, and the suffix its accounts' names carry (`-<unit>` on
    a platform a module shares, so that each test's accounts are its own)."""

    unit: str = "bach-quang"
    suffix: str = ""

    def username(self, name: str) -> str:
        return name + self.suffix


class PlatformServer:
    """Embedded platforms on real sockets, each service on its own SQLite file under `directory`, verifying tokens
    against the console's JWKS at that socket (as behind the Ingress); `stop()` ends them all."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.started: list[tuple[Any, threading.Thread, Platform]] = []

    def serve(self, *specs: Any) -> LiveServer:
        holder: dict[str, Any] = {}

        def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
            return holder["wsgi"](environ, start_response)

        server = make_server("127.0.0.1", 0, app, threaded=True)
        base = f"http://127.0.0.1:{server.port}"
        files = self.directory / f"platform-{len(self.started)}"
        files.mkdir()

        def settings_for(name: str) -> Any:
            settings = settings_for_test(name, f"sqlite:///{files / (name + '.db')}")
            return replace(settings, jwt_jwks_url=f"{base}/.well-known/jwks.json")

        platform = Platform.build({spec.name: spec for spec in specs}, settings_for)
        holder["wsgi"] = platform.wsgi()
        # shutdown() waits for the loop to poll: one wait per platform
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        self.started.append((server, thread, platform))
        return LiveServer(base, platform)

    def stop(self) -> None:
        for server, thread, platform in self.started:
            server.shutdown()
            thread.join(10)
            platform.stop()


@pytest.fixture
def serve_platform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., LiveServer]]:
    """`serve_platform(SERVICE_A, SERVICE_B, ...)`: those services in one embedded platform on a real socket, new for
    this test: for tests that read what the whole platform holds (counts, lists, the only alert)."""
    monkeypatch.setattr(auth, "JWKS_REFETCH_COOLDOWN_S", 0.0)
    platforms = PlatformServer(tmp_path)
    yield platforms.serve
    platforms.stop()


@pytest.fixture(scope="module")
def serve_module_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., LiveServer]]:
    """`serve_platform`, built once for a test module: each test brings its own unit and accounts
    (`fresh_unit`), so it sees only what it made."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(auth, "JWKS_REFETCH_COOLDOWN_S", 0.0)
        platforms = PlatformServer(tmp_path_factory.mktemp("platform"))
        yield platforms.serve
        platforms.stop()


@pytest.fixture
def live_platform(serve_platform: Callable[..., LiveServer]) -> LiveServer:
    """Alerts and the console, served for real."""
    return serve_platform(ALERTS, SERVICE)
