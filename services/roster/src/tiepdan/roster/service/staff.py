"""Use cases for agencies and staff. A change of availability re-plans the published rosters it touches."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

from tiepdan.kit.errors import conflict, not_found
from tiepdan.roster.adapters.repository import Page
from tiepdan.roster.domain.errors import InvalidDocument
from tiepdan.roster.domain.staff import Agency, Leave, Staff, StaffDirectory, parse_one_staff
from tiepdan.roster.service.results import DirectoryImported, StaffChanged
from tiepdan.roster.service.rosters import request_replans
from tiepdan.roster.service.unit_of_work import RosterWork


def import_directory(uow: RosterWork, document: dict[str, Any], by: str) -> DirectoryImported:
    """Upsert agencies and staff of the `ward-staff.json` format, keeping the ids given there (the caller commits,
    with the request's answer)."""
    directory = StaffDirectory.from_dict(document)
    for agency in directory.agencies:
        uow.agencies.save(agency)
    existing = {person.id for person in uow.staff.all()}
    for person in directory.staff:
        if person.id in existing:
            uow.staff.save(person)
        else:
            uow.staff.add(person)
    replans = request_replans(uow, {p.id for p in directory.staff}, by, "nhập lại danh sách cán bộ")
    created = sum(1 for p in directory.staff if p.id not in existing)
    return DirectoryImported(
        agencies=len(directory.agencies),
        staff=len(directory.staff),
        created=created,
        updated=len(directory.staff) - created,
        replans=replans,
    )


def create_staff(uow: RosterWork, document: dict[str, Any]) -> Staff:
    """Add an officer; without an `id` one is made up (the caller commits, with the request's answer)."""
    person = _valid(uow, {**document, "id": document.get("id") or f"st-{uuid.uuid4().hex[:10]}"})
    if uow.staff.get(person.id) is not None:
        raise conflict(f"Mã cán bộ '{person.id}' đã tồn tại.")
    uow.staff.add(person)
    return person


def replace_staff(uow: RosterWork, staff_id: str, document: dict[str, Any], by: str) -> StaffChanged:
    _existing(uow, staff_id)
    person = _valid(uow, {**document, "id": staff_id})
    uow.staff.save(person)
    replans = request_replans(uow, {staff_id}, by, f"cập nhật cán bộ {staff_id}")
    uow.commit()
    return StaffChanged(person, replans)


def add_leave(uow: RosterWork, staff_id: str, leave: Leave, by: str) -> StaffChanged:
    """Mark a person unavailable after publishing: only the affected days of published rosters are re-planned."""
    person = _existing(uow, staff_id)
    if leave not in person.leave:  # the same leave sent twice is recorded once
        person = dataclasses.replace(person, leave=(*person.leave, leave))
        uow.staff.save(person)
    reason = f"cán bộ {staff_id} nghỉ {leave.start:%d/%m/%Y}–{leave.end:%d/%m/%Y}"
    replans = request_replans(uow, {staff_id}, by, reason)
    uow.commit()
    return StaffChanged(person, replans)


def read_staff(uow: RosterWork, staff_id: str) -> Staff:
    return _existing(uow, staff_id)


def list_staff(uow: RosterWork, limit: int, cursor: str | None) -> Page[Staff]:
    return uow.staff.page(limit, cursor)


def list_agencies(uow: RosterWork) -> list[Agency]:
    return uow.agencies.all()


def _existing(uow: RosterWork, staff_id: str) -> Staff:
    person = uow.staff.get(staff_id)
    if person is None:
        raise not_found(f"cán bộ '{staff_id}'")
    return person


def _valid(uow: RosterWork, raw: dict[str, Any]) -> Staff:
    person = parse_one_staff(raw)
    known = {a.code for a in uow.agencies.all()}
    if known and person.agency not in known:
        raise InvalidDocument({"agency": [f"Cơ quan '{person.agency}' chưa có trong danh sách cơ quan."]})
    return person
