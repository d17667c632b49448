"""The leader's home reads the published rosters soonest first, and only as far as one could hold an earlier day."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tiepdan.console.web import leader_day

TODAY = date(2026, 12, 8)


def _reader(monkeypatch: pytest.MonkeyPatch, rosters: dict[str, dict[str, Any]]) -> list[str]:
    read: list[str] = []

    def call(service: str, method: str, path: str, **_: Any) -> dict[str, Any]:
        read.append(path)
        if path == "/api/v1/rosters":
            return {"items": [{"id": key, "start": r["start"], "end": r["end"]} for key, r in rosters.items()]}
        return rosters[path.rsplit("/", 1)[1]]

    monkeypatch.setattr(leader_day, "call", call)
    return read


def _reception(day: str, duty: str = "leader_reception") -> dict[str, str]:
    return {"date": day, "duty": duty, "staff_name": "Chủ tịch"}


def test_a_roster_starting_after_the_day_found_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    read = _reader(
        monkeypatch,
        {
            "next": {"start": "2026-12-14", "end": "2026-12-20", "assignments": [_reception("2026-12-15")]},
            "ended": {"start": "2026-11-30", "end": "2026-12-06", "assignments": [_reception("2026-12-01")]},
            "current": {
                "start": "2026-12-07",
                "end": "2026-12-13",
                "assignments": [
                    _reception("2026-12-07"),
                    _reception("2026-12-08", "reception"),
                    _reception("2026-12-10"),
                ],
            },
        },
    )
    found = leader_day._next_leader_reception(TODAY)
    assert found is not None
    assert found["date"] == "2026-12-10"
    assert read == ["/api/v1/rosters", "/api/v1/rosters/current"]


def test_an_overlapping_roster_with_an_earlier_day_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    read = _reader(
        monkeypatch,
        {
            "week": {"start": "2026-12-07", "end": "2026-12-13", "assignments": [_reception("2026-12-11")]},
            "special": {"start": "2026-12-09", "end": "2026-12-09", "assignments": [_reception("2026-12-09")]},
        },
    )
    found = leader_day._next_leader_reception(TODAY)
    assert found is not None
    assert found["date"] == "2026-12-09"
    assert read == ["/api/v1/rosters", "/api/v1/rosters/week", "/api/v1/rosters/special"]


def test_without_a_coming_leader_reception_every_current_roster_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    read = _reader(
        monkeypatch,
        {
            "week": {"start": "2026-12-07", "end": "2026-12-13", "assignments": [_reception("2026-12-07")]},
            "next": {"start": "2026-12-14", "end": "2026-12-20", "assignments": []},
        },
    )
    assert leader_day._next_leader_reception(TODAY) is None
    assert read == ["/api/v1/rosters", "/api/v1/rosters/week", "/api/v1/rosters/next"]
