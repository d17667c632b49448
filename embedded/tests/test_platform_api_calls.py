"""A service of pages calls the APIs through the platform's API dispatcher: a path no mounted service answers is a
503 problem (the page says the service is unavailable), never a page of the console run inside the calling request."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.test import Client

from tiepdan.embedded.platform import Platform
from tiepdan.kit import testing
from tiepdan.kit.service import API_DISPATCHER_STATE, discover_services


@pytest.fixture(scope="module")
def console_and_intake(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    data: Path = tmp_path_factory.mktemp("var")
    specs = {name: spec for name, spec in discover_services().items() if name in ("console", "intake")}
    built = Platform.build(specs, settings_for=lambda name: testing.test_settings(name, f"sqlite:///{data / name}.db"))
    yield built
    for runtime in built.runtimes.values():
        runtime.dispose()


def test_an_api_no_service_serves_is_unavailable_not_a_page(console_and_intake: Platform) -> None:
    api = Client(console_and_intake.runtimes["console"].state[API_DISPATCHER_STATE])
    missing = api.get("/api/v1/alerts", headers=testing.bearer("leader"))
    assert missing.status_code == 503
    assert missing.content_type == "application/problem+json"
    served = api.get("/api/v1/cases", headers=testing.bearer("clerk"))
    assert served.status_code == 200, served.get_data(as_text=True)
    assert api.get("/login").status_code == 503  # the console's own pages are not APIs


def test_the_url_space_still_serves_the_pages(console_and_intake: Platform) -> None:
    assert Client(console_and_intake.wsgi()).get("/login").status_code == 200
