"""The calendar and coverage-rule use cases on the in-memory unit of work."""

from __future__ import annotations

from typing import Any

import pytest
from roster_fakes import FakeRosterUnitOfWork

from tiepdan.kit.calendar import year_calendar_data
from tiepdan.roster.domain.errors import InvalidDocument
from tiepdan.roster.service import documents


def test_a_years_calendar_replaces_that_year_keeps_the_others_and_is_announced() -> None:
    uow = FakeRosterUnitOfWork()
    year = year_calendar_data(2027)
    year["days_off"] = [{"from": "2027-09-02", "to": "2027-09-03", "name": "Quốc khánh"}]
    with uow:
        stored = documents.replace_calendar(uow, year, "Quản trị")
    assert stored["years"] == [2026, 2027]
    assert [d for d in stored["days_off"] if d["from"].startswith("2027")] == year["days_off"]
    assert [d for d in stored["days_off"] if d["from"].startswith("2026")]  # 2026 kept
    assert uow.calendar.updated_by == "Quản trị"
    assert [(e.type, e.data) for e in uow.events] == [("roster.calendar.changed", stored)]
    with uow:
        assert documents.read_calendar(uow) == stored


def test_a_years_entry_outside_that_year_is_named_and_nothing_is_stored() -> None:
    uow = FakeRosterUnitOfWork()
    year = year_calendar_data(2027)
    year["days_off"] = [{"from": "2028-01-01", "to": "2028-01-01", "name": "Tết Dương lịch"}]
    with uow, pytest.raises(InvalidDocument) as refused:
        documents.replace_calendar(uow, year, "Quản trị")
    assert set(refused.value.errors) == {"days_off.0.from"}
    assert uow.calendar.stored is None
    assert uow.events == []


def test_coverage_rules_are_stored_normalised(rules_doc: dict[str, Any]) -> None:
    uow = FakeRosterUnitOfWork()
    with uow:
        stored = documents.replace_rules(uow, rules_doc, "Quản trị")
    assert uow.committed
    assert uow.rules.stored == stored
    with uow:
        assert documents.read_rules(uow) == stored


def test_coverage_naming_a_shift_the_rules_lack_is_named(rules_doc: dict[str, Any]) -> None:
    uow = FakeRosterUnitOfWork()
    rules_doc["coverage"][0]["shifts"] = ["no-such-shift"]
    with uow, pytest.raises(InvalidDocument) as refused:
        documents.replace_rules(uow, rules_doc, "Quản trị")
    assert any(path.startswith("coverage.0") for path in refused.value.errors)
    assert uow.rules.stored is None
    assert not uow.committed
