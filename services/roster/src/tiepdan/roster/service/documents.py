"""Use cases for the two documents a unit edits as a whole: its working calendar and its coverage rules."""

from __future__ import annotations

from typing import Any

from tiepdan.kit.calendar import CALENDAR_LISTS, WorkingCalendar, merge_year
from tiepdan.roster.domain.errors import InvalidDocument
from tiepdan.roster.domain.rules import CoverageRules
from tiepdan.roster.service.unit_of_work import RosterWork


def read_calendar(uow: RosterWork) -> dict[str, Any]:
    return uow.calendar.document()


def replace_calendar(uow: RosterWork, document: dict[str, Any], by: str) -> dict[str, Any]:
    """Store the unit's calendar and tell every service that counts days (`roster.calendar.changed`).

    A year's document (`year`, no `years`) replaces that year and keeps the others; any other document replaces
    the whole calendar."""
    if "years" not in document and document.get("year") is not None:
        outside = _entries_outside_year(document)
        if outside:
            raise InvalidDocument(outside)
        stored = merge_year(uow.calendar.document(), document)
    else:
        stored = {**{key: [] for key in CALENDAR_LISTS}, **document}
    try:
        WorkingCalendar.from_dict(stored)
    except ValueError as exc:
        raise InvalidDocument({"": [str(exc)]}) from exc
    unit = uow.calendar.save(stored, by)
    uow.emit("roster.calendar.changed", stored, aggregate_id=unit)
    uow.commit()
    return stored


def _entries_outside_year(document: dict[str, Any]) -> dict[str, list[str]]:
    """A year's days off, make-up days, periods and events must touch that year (a Tết Dương lịch may start on
    31 December of the year before)."""
    year = int(document["year"])
    problems: dict[str, list[str]] = {}
    for key in CALENDAR_LISTS:
        for index, entry in enumerate(document.get(key, [])):
            where = "from" if "from" in entry else "date"
            first, last = entry[where], entry.get("to", entry[where])
            if int(str(first)[:4]) > year or int(str(last)[:4]) < year:
                problems[f"{key}.{index}.{where}"] = [f"Ngày này không thuộc năm {year} của lịch."]
    return problems


def read_rules(uow: RosterWork) -> dict[str, Any]:
    return CoverageRules.from_dict(uow.rules.document()).to_dict()


def replace_rules(uow: RosterWork, document: dict[str, Any], by: str) -> dict[str, Any]:
    """Validate every field (InvalidDocument names them) and store the normalised document."""
    normalised = CoverageRules.from_dict(document).to_dict()
    uow.rules.save(normalised, by)
    uow.commit()
    return normalised
