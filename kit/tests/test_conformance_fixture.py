"""The suite-wide fixture `events_conform`: a test whose events break their schema fails, naming what broke."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TESTS = """
import pytest
from tiepdan.kit.events import Envelope

GAP = {"roster_id": "r1", "date": "2026-01-19", "shift": "morning", "skill": "police", "missing": 1}


def gap(**change):
    return Envelope("roster.coverage.gap", GAP | change, "bach-quang", "roster", "c").validate()


def test_conforming():
    gap()


def test_wrong_type():
    gap(missing="2")


@pytest.mark.nonconforming_events
def test_wrong_on_purpose():
    gap(missing="2")


def test_wrong_is_recorded_not_raised():
    assert gap(date="19/01/2026").data["date"] == "19/01/2026"
"""


def test_a_test_emitting_a_nonconforming_event_fails(tmp_path: Path) -> None:
    (tmp_path / "test_events.py").write_text(TESTS, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tiepdan.kit.testing", "-q", "-rA", "-p", "no:cacheprovider", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = result.stdout
    assert result.returncode == 1, out
    assert "PASSED test_events.py::test_conforming" in out
    assert "PASSED test_events.py::test_wrong_on_purpose" in out
    assert "ERROR test_events.py::test_wrong_type" in out
    assert "roster.coverage.gap v1 from" in out
    assert "data.missing: '2' is not of type 'integer'" in out
    assert "ERROR test_events.py::test_wrong_is_recorded_not_raised" in out
    assert "data.date: '19/01/2026' is not a 'date'" in out
