from collections.abc import Callable, Iterable

import pytest

from tiepdan.kit.events import Envelope
from tiepdan.kit.inbox import Outcome
from tiepdan.kit.service import Runtime
from tiepdan.reports.app import SERVICE
from tiepdan.reports.config import ReportSettings


@pytest.fixture
def reports_runtime(make_runtime: Callable[..., Runtime], sqlite_url: str) -> Runtime:
    runtime = make_runtime(SERVICE, sqlite_url)
    runtime.state["reports"] = ReportSettings()
    return runtime


Project = Callable[[Runtime, Iterable[Envelope]], list[Outcome]]


def _project(runtime: Runtime, events: Iterable[Envelope]) -> list[Outcome]:
    """Through the real consumer path: inbox, handler, commit."""
    processor = runtime.processor()
    return [processor.process(event.to_json().encode()).outcome for event in events]


@pytest.fixture
def project() -> Project:
    return _project


@pytest.fixture
def projected(reports_runtime: Runtime, dataset_events: list[Envelope]) -> Runtime:
    assert set(_project(reports_runtime, dataset_events)) == {Outcome.DONE}
    return reports_runtime
