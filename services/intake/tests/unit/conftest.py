import importlib.util
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tiepdan.intake.domain.cases import Actor, Case, Status
from tiepdan.intake.domain.deadlines import DeadlinePolicy
from tiepdan.intake.domain.vocabulary import Kind
from tiepdan.kit.calendar import WorkingCalendar

# tests/fakes.py as `intake_fakes`: every service has a tests/fakes.py, and one pytest run imports them all
_FAKES = importlib.util.spec_from_file_location("intake_fakes", Path(__file__).parent.parent / "fakes.py")
assert _FAKES is not None
assert _FAKES.loader is not None
sys.modules["intake_fakes"] = importlib.util.module_from_spec(_FAKES)
_FAKES.loader.exec_module(sys.modules["intake_fakes"])


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
    return build_case


def build_case(kind=Kind.COMPLAINT, status="received", **overrides):
    fields = {
        "id": "c1",
        "unit": "bach-quang",
        "kind": kind,
        "field": "land",
        "subject": "Dự án khu dân cư số 3",
        "area": "Tổ 5",
        "party_related": False,
        "opened_at": datetime(2026, 1, 5, 2, 0, tzinfo=UTC),
        "received_on": date(2026, 1, 5),
    }
    fields.update(overrides)
    case = Case(**fields)
    case.status = Status(status)
    return case
