from datetime import UTC, datetime

import pytest
from intake_testkit import FERNET_KEY, INDEX_KEY

from tiepdan.intake.adapters.identity_vault import IdentityVault
from tiepdan.intake.api.context import CONFIG_KEY
from tiepdan.intake.app import SERVICE
from tiepdan.intake.config import IntakeConfig
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import test_settings
from tiepdan.kit.web import create_service_app


class Clock:
    """A settable clock: the ward's "now" in every test."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 19, 3, 0, tzinfo=UTC)  # Mon 19/1/2026 10:00 in Hà Nội

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock()


def make_config(clock, **overrides):
    return IntakeConfig(vault=IdentityVault([FERNET_KEY], INDEX_KEY), clock=clock, **overrides)


@pytest.fixture
def intake_runtime(tmp_path, clock):
    runtime = Runtime(SERVICE, test_settings("intake", f"sqlite:///{tmp_path / 'intake.db'}"))
    runtime.migrate()  # a copy of the session's migrated file (tiepdan.kit.testing.MigratedTemplates)
    runtime.state[CONFIG_KEY] = make_config(clock)
    yield runtime
    runtime.dispose()


@pytest.fixture
def pg_runtime(make_runtime, pg_url, clock):
    runtime = make_runtime(SERVICE, pg_url)
    runtime.state[CONFIG_KEY] = make_config(clock)
    return runtime


@pytest.fixture
def client(intake_runtime):
    return create_service_app(intake_runtime).test_client()
