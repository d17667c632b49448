"""Agencies and staff in the format of `ward-staff.json`, plus unavailability, leave and preferences."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

from tiepdan.kit.calendar import WEEKDAY_CODES
from tiepdan.roster.domain.errors import ErrorCollector, InvalidDocument


@dataclass(frozen=True)
class Agency:
    code: str
    name: str


@dataclass(frozen=True)
class Leave:
    start: date
    end: date
    reason: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Preferences:
    """Soft wishes: each assignment that matches one of them costs a little in the objective."""

    avoid_shifts: frozenset[str] = frozenset()
    avoid_weekdays: frozenset[int] = frozenset()
    avoid_dates: frozenset[date] = frozenset()

    def dislikes(self, day: date, shift_code: str) -> int:
        return (shift_code in self.avoid_shifts) + (day.weekday() in self.avoid_weekdays) + (day in self.avoid_dates)

    def to_dict(self) -> dict[str, Any]:
        return {
            "avoid_shifts": sorted(self.avoid_shifts),
            "avoid_weekdays": [WEEKDAY_CODES[d] for d in sorted(self.avoid_weekdays)],
            "avoid_dates": [d.isoformat() for d in sorted(self.avoid_dates)],
        }


@dataclass(frozen=True)
class Staff:
    id: str
    full_name: str
    agency: str
    skills: frozenset[str]
    unavailable: frozenset[date] = frozenset()
    leave: tuple[Leave, ...] = ()
    preferences: Preferences = field(default_factory=Preferences)
    active: bool = True

    def is_available(self, day: date) -> bool:
        return self.active and day not in self.unavailable and not any(leave.covers(day) for leave in self.leave)

    def has(self, skill: str | None) -> bool:
        return skill is not None and skill in self.skills

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "full_name": self.full_name,
            "agency": self.agency,
            "skills": sorted(self.skills),
            "unavailable": [d.isoformat() for d in sorted(self.unavailable)],
            "leave": [{"from": v.start.isoformat(), "to": v.end.isoformat(), "reason": v.reason} for v in self.leave],
            "preferences": self.preferences.to_dict(),
            "active": self.active,
        }
        return data


@dataclass(frozen=True)
class StaffDirectory:
    agencies: tuple[Agency, ...]
    staff: tuple[Staff, ...]

    @classmethod
    def from_dict(cls, data: Any) -> StaffDirectory:
        """Parse the import format; raises InvalidDocument listing every offending field."""
        errors = ErrorCollector()
        if not isinstance(data, dict):
            errors.add("", "Phải là một đối tượng JSON có 'agencies' và 'staff'.")
            errors.raise_if_any()
        agencies = _parse_agencies(data.get("agencies", []), errors)
        codes = {a.code for a in agencies}
        staff_items = data.get("staff")
        if not isinstance(staff_items, list):
            errors.add("staff", "Phải là một danh sách cán bộ.")
            staff_items = []
        staff: list[Staff] = []
        seen_ids: set[str] = set()
        for i, item in enumerate(staff_items):
            raw_id = item.get("id") if isinstance(item, dict) else None
            if isinstance(raw_id, str) and raw_id.strip() in seen_ids:
                errors.add(f"staff.{i}.id", f"Mã cán bộ '{raw_id}' bị trùng.")
                continue
            if isinstance(raw_id, str):
                seen_ids.add(raw_id.strip())
            person = parse_staff(item, f"staff.{i}", errors, codes or None)
            if person is not None:
                staff.append(person)
        errors.raise_if_any()
        return cls(tuple(agencies), tuple(staff))


def parse_one_staff(data: Any) -> Staff:
    """One staff record on its own (agency not checked against a list); errors name the record's own fields."""
    try:
        return StaffDirectory.from_dict({"agencies": [], "staff": [data]}).staff[0]
    except InvalidDocument as exc:
        raise InvalidDocument(
            {
                path.removeprefix("staff.0.").removeprefix("staff.0") or "": messages
                for path, messages in exc.errors.items()
            }
        ) from exc


def sample_ward_data() -> dict[str, Any]:
    """The shared sample ward (32 staff) shipped with the package for demos and benchmarks."""
    text = resources.files("tiepdan.roster").joinpath("data/ward-staff.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def parse_staff(item: Any, path: str, errors: ErrorCollector, agency_codes: set[str] | None = None) -> Staff | None:
    """One staff record; `agency_codes` (when given) is the set the agency must belong to."""
    if not isinstance(item, dict):
        errors.add(path, "Phải là một đối tượng.")
        return None
    before = len(errors.errors)
    staff_id, name, agency, skills = item.get("id"), item.get("full_name"), item.get("agency"), item.get("skills")
    if not isinstance(staff_id, str) or not staff_id.strip():
        errors.add(f"{path}.id", "Mã cán bộ không được để trống.")
    if not isinstance(name, str) or not name.strip():
        errors.add(f"{path}.full_name", "Họ tên không được để trống.")
    if not isinstance(agency, str) or not agency.strip():
        errors.add(f"{path}.agency", "Cơ quan không được để trống.")
    elif agency_codes is not None and agency not in agency_codes:
        errors.add(f"{path}.agency", f"Cơ quan '{agency}' không có trong danh sách agencies.")
    if not isinstance(skills, list) or not all(isinstance(s, str) and s.strip() for s in skills):
        errors.add(f"{path}.skills", "Phải là danh sách kỹ năng (chuỗi không rỗng).")
    unavailable = _parse_dates(item.get("unavailable", []), f"{path}.unavailable", errors)
    leave = _parse_leave(item.get("leave", []), f"{path}.leave", errors)
    preferences = _parse_preferences(item.get("preferences", {}), f"{path}.preferences", errors)
    active = item.get("active", True)
    if not isinstance(active, bool):
        errors.add(f"{path}.active", "Phải là true hoặc false.")
    if len(errors.errors) != before:
        return None
    return Staff(
        id=str(staff_id).strip(),
        full_name=str(name).strip(),
        agency=str(agency).strip(),
        skills=frozenset(str(s).strip() for s in skills or []),
        unavailable=frozenset(unavailable),
        leave=tuple(leave),
        preferences=preferences,
        active=active,
    )


def _parse_date(value: Any, path: str, errors: ErrorCollector) -> date | None:
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    errors.add(path, "Ngày phải có dạng YYYY-MM-DD.")
    return None


def _parse_dates(items: Any, path: str, errors: ErrorCollector) -> list[date]:
    if not isinstance(items, list):
        errors.add(path, "Phải là danh sách ngày YYYY-MM-DD.")
        return []
    days: list[date] = []
    for i, value in enumerate(items):
        day = _parse_date(value, f"{path}.{i}", errors)
        if day is not None:
            days.append(day)
    return days


def _parse_leave(items: Any, path: str, errors: ErrorCollector) -> list[Leave]:
    if not isinstance(items, list):
        errors.add(path, "Phải là danh sách khoảng nghỉ {from, to, reason}.")
        return []
    leave: list[Leave] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            errors.add(f"{path}.{i}", "Phải là một đối tượng {from, to, reason}.")
            continue
        start = _parse_date(item.get("from"), f"{path}.{i}.from", errors)
        end = _parse_date(item.get("to"), f"{path}.{i}.to", errors)
        reason = item.get("reason", "")
        if start and end and end < start:
            errors.add(f"{path}.{i}.to", "Ngày kết thúc nghỉ phải không trước ngày bắt đầu.")
        elif start and end:
            leave.append(Leave(start, end, reason if isinstance(reason, str) else ""))
    return leave


def _parse_preferences(item: Any, path: str, errors: ErrorCollector) -> Preferences:
    if not isinstance(item, dict):
        errors.add(path, "Phải là một đối tượng.")
        return Preferences()
    shifts = item.get("avoid_shifts", [])
    weekdays = item.get("avoid_weekdays", [])
    if not isinstance(shifts, list) or not all(isinstance(s, str) for s in shifts):
        errors.add(f"{path}.avoid_shifts", "Phải là danh sách mã ca.")
        shifts = []
    if not isinstance(weekdays, list) or not all(w in WEEKDAY_CODES for w in weekdays):
        errors.add(f"{path}.avoid_weekdays", f"Mỗi thứ phải là một trong {', '.join(WEEKDAY_CODES)}.")
        weekdays = []
    dates = _parse_dates(item.get("avoid_dates", []), f"{path}.avoid_dates", errors)
    return Preferences(frozenset(shifts), frozenset(WEEKDAY_CODES.index(w) for w in weekdays), frozenset(dates))


def _parse_agencies(items: Any, errors: ErrorCollector) -> list[Agency]:
    if not isinstance(items, list):
        errors.add("agencies", "Phải là danh sách cơ quan {code, name}.")
        return []
    agencies: list[Agency] = []
    for i, item in enumerate(items):
        code = item.get("code") if isinstance(item, dict) else None
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(code, str) or not code.strip():
            errors.add(f"agencies.{i}.code", "Mã cơ quan không được để trống.")
        elif not isinstance(name, str) or not name.strip():
            errors.add(f"agencies.{i}.name", "Tên cơ quan không được để trống.")
        elif any(a.code == code for a in agencies):
            errors.add(f"agencies.{i}.code", f"Mã cơ quan '{code}' bị trùng.")
        else:
            agencies.append(Agency(code.strip(), name.strip()))
    return agencies
