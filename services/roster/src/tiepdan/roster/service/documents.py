"""Use cases for the two documents a unit edits as a whole: its working calendar and its coverage rules."""

from __future__ import annotations

import uuid
from typing import Any

from tiepdan.kit.calendar import CALENDAR_LISTS, WorkingCalendar, merge_year
from tiepdan.kit.db import utcnow
from tiepdan.kit.uow import UnitOfWork
from tiepdan.roster.adapters import repository
from tiepdan.roster.adapters.orm import CalendarRecord, CoverageRulesRecord
from tiepdan.roster.domain.errors import InvalidDocument
from tiepdan.roster.domain.rules import CoverageRules


def read_calendar(uow: UnitOfWork) -> dict[str, Any]:
    return repository.calendar_document(uow.session)


def replace_calendar(uow: UnitOfWork, document: dict[str, Any], by: str) -> dict[str, Any]:
    """Store the unit's calendar and tell every service that counts days (`roster.calendar.changed`).

    A year's document (`year`, no `years`) replaces that year and keeps the others; any other document replaces
    the whole calendar."""
    if "years" not in document and document.get("year") is not None:
        outside = _entries_outside_year(document)
        if outside:
            raise InvalidDocument(outside)
        stored = merge_year(repository.calendar_document(uow.session), document)
    else:
        stored = {**{key: [] for key in CALENDAR_LISTS}, **document}
    try:
        WorkingCalendar.from_dict(stored)
    except ValueError as exc:
        raise InvalidDocument({"": [str(exc)]}) from exc
    record = repository.calendar_record(uow.session)
    if record is None:
        record = CalendarRecord(id=str(uuid.uuid4()), document=stored, updated_at=utcnow(), updated_by=by)
        uow.session.add(record)
    else:
        record.document, record.updated_at, record.updated_by = stored, utcnow(), by
    uow.session.flush()
    uow.emit("roster.calendar.changed", stored, aggregate_id=record.unit)
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


def read_rules(uow: UnitOfWork) -> dict[str, Any]:
    return CoverageRules.from_dict(repository.rules_document(uow.session)).to_dict()


def replace_rules(uow: UnitOfWork, document: Any, by: str) -> dict[str, Any]:
    """Validate every field (InvalidDocument names them) and store the normalised document."""
    normalised = CoverageRules.from_dict(document).to_dict()
    record = repository.rules_record(uow.session)
    if record is None:
        uow.session.add(
            CoverageRulesRecord(id=str(uuid.uuid4()), document=normalised, updated_at=utcnow(), updated_by=by)
        )
    else:
        record.document, record.updated_at, record.updated_by = normalised, utcnow(), by
    uow.commit()
    return normalised
