import importlib.util
import sys
from pathlib import Path

import pytest

from tiepdan.intake.domain.cases import Actor
from tiepdan.intake.domain.deadlines import DeadlinePolicy
from tiepdan.kit.calendar import WorkingCalendar

# tests/fakes.py as `intake_fakes`: every service has a tests/fakes.py, and one pytest run imports them all
_FAKES = importlib.util.spec_from_file_location("intake_fakes", Path(__file__).parent.parent / "fakes.py")
assert _FAKES is not None
assert _FAKES.loader is not None
sys.modules["intake_fakes"] = importlib.util.module_from_spec(_FAKES)
_FAKES.loader.exec_module(sys.modules["intake_fakes"])
intake_fakes = sys.modules["intake_fakes"]


@pytest.fixture(scope="session")
def calendar():
    return WorkingCalendar.default()


@pytest.fixture
def policy():
    return DeadlinePolicy.default()


@pytest.fixture
def leader():
    return Actor(sub="u-leader", name="Chủ tịch", roles=frozenset({"leader"}))


@pytest.fixture
def make_case():
    return intake_fakes.build_case
