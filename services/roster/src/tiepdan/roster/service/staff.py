"""Use cases for agencies and staff. A change of availability re-plans the published rosters it touches."""

from __future__ import annotations

import uuid
from typing import Any

from tiepdan.kit.errors import conflict, not_found
from tiepdan.kit.uow import UnitOfWork
from tiepdan.roster.adapters import repository
from tiepdan.roster.adapters.orm import AgencyRecord, StaffRecord
from tiepdan.roster.domain.errors import InvalidDocument
from tiepdan.roster.domain.staff import Leave, Staff, StaffDirectory, parse_one_staff
from tiepdan.roster.service.rosters import request_replans


def import_directory(uow: UnitOfWork, document: Any, by: str) -> dict[str, Any]:
    """Upsert agencies and staff of the `ward-staff.json` format, keeping the ids given there (the caller commits,
    with the request's answer)."""
    directory = StaffDirectory.from_dict(document)
    agencies = {a.code: a for a in repository.agency_records(uow.session)}
    for agency in directory.agencies:
        record = agencies.get(agency.code)
        if record is None:
            uow.session.add(AgencyRecord(id=str(uuid.uuid4()), code=agency.code, name=agency.name))
        else:
            record.name = agency.name
    existing = {r.staff_id: r for r in repository.staff_records(uow.session)}
    created = updated = 0
    for person in directory.staff:
        record = existing.get(person.id)
        if record is None:
            uow.session.add(repository.new_staff_record(person))
            created += 1
        else:
            repository.apply_staff(record, person)
            updated += 1
    uow.session.flush()
    replans = request_replans(uow, {p.id for p in directory.staff}, by, "nhập lại danh sách cán bộ")
    return {
        "agencies": len(directory.agencies),
        "staff": len(directory.staff),
        "created": created,
        "updated": updated,
        "replans": [r.id for r in replans],
    }


def create_staff(uow: UnitOfWork, document: dict[str, Any]) -> dict[str, Any]:
    """A new officer (the caller commits, with the request's answer)."""
    raw = {**document, "id": document.get("id") or f"st-{uuid.uuid4().hex[:10]}"}
    person = _valid(uow, raw)
    if repository.staff_record(uow.session, person.id) is not None:
        raise conflict(f"Mã cán bộ '{person.id}' đã tồn tại.")
    record = repository.new_staff_record(person)
    uow.session.add(record)
    return repository.staff_record_to_dict(record)


def replace_staff(uow: UnitOfWork, staff_id: str, document: dict[str, Any], by: str) -> dict[str, Any]:
    record = _existing(uow, staff_id)
    person = _valid(uow, {**document, "id": staff_id})
    repository.apply_staff(record, person)
    uow.session.flush()
    replans = request_replans(uow, {staff_id}, by, f"cập nhật cán bộ {staff_id}")
    uow.commit()
    return {**repository.staff_record_to_dict(record), "replans": [r.id for r in replans]}


def add_leave(uow: UnitOfWork, staff_id: str, leave: Leave, by: str) -> dict[str, Any]:
    """Mark a person unavailable after publishing: only the affected days of published rosters are re-planned."""
    record = _existing(uow, staff_id)
    entry = {"from": leave.start.isoformat(), "to": leave.end.isoformat(), "reason": leave.reason}
    if entry not in (record.leave or []):  # the same leave sent twice is recorded once
        record.leave = [*(record.leave or []), entry]
    uow.session.flush()
    reason = f"cán bộ {staff_id} nghỉ {leave.start:%d/%m/%Y}–{leave.end:%d/%m/%Y}"
    replans = request_replans(uow, {staff_id}, by, reason)
    uow.commit()
    return {**repository.staff_record_to_dict(record), "replans": [r.id for r in replans]}


def read_staff(uow: UnitOfWork, staff_id: str) -> dict[str, Any]:
    return repository.staff_record_to_dict(_existing(uow, staff_id))


def list_agencies(uow: UnitOfWork) -> list[dict[str, str]]:
    return [{"code": a.code, "name": a.name} for a in repository.agency_records(uow.session)]


def _existing(uow: UnitOfWork, staff_id: str) -> StaffRecord:
    record = repository.staff_record(uow.session, staff_id)
    if record is None:
        raise not_found(f"cán bộ '{staff_id}'")
    return record


def _valid(uow: UnitOfWork, raw: dict[str, Any]) -> Staff:
    person = parse_one_staff(raw)
    known = {a.code for a in repository.agency_records(uow.session)}
    if known and person.agency not in known:
        raise InvalidDocument({"agency": [f"Cơ quan '{person.agency}' chưa có trong danh sách cơ quan."]})
    return person
