"""Exports of a published roster: XLSX (one sheet per month, names by day and shift) and iCalendar (RFC 5545)."""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from tiepdan.kit.text import xml_safe
from tiepdan.roster.domain.roster import Assignment, Duty
from tiepdan.roster.domain.rules import Shift

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ICS = "text/calendar; charset=utf-8"
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
DUTY_MARKS = {Duty.LEADER_RECEPTION: " (tiếp định kỳ)", Duty.ON_CALL: " (trực)", Duty.RECEPTION: ""}
DUTY_TITLES = {
    Duty.RECEPTION: "Trực tiếp công dân",
    Duty.LEADER_RECEPTION: "Lãnh đạo tiếp công dân định kỳ",
    Duty.ON_CALL: "Trực đêm",
}


def roster_xlsx(
    start: date,
    end: date,
    shifts: list[Shift],
    assignments: list[Assignment],
    staff: dict[str, Any],
    day_kinds: dict[date, str],
) -> bytes:
    """A sheet per month ("01-2026"): a row per day, a column per shift, the officers' names in each cell."""
    names: dict[tuple[date, str], list[str]] = defaultdict(list)
    for a in sorted(assignments, key=lambda a: (a.date, a.shift, a.staff_id)):
        name = staff.get(a.staff_id, {}).get("name") or a.staff_id
        names[(a.date, a.shift)].append(xml_safe(name) + DUTY_MARKS[a.duty])
    book = Workbook()
    book.remove(book.active)
    day = start
    while day <= end:
        title = f"{day:%m-%Y}"
        sheet = book[title] if title in book.sheetnames else _new_sheet(book, title, shifts)
        kind = "nghỉ" if day_kinds.get(day) == "off" else ""
        row = [day.strftime("%d/%m/%Y"), WEEKDAY_NAMES[day.weekday()], kind]
        row += ["\n".join(names.get((day, s.code), [])) for s in shifts]
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        day += timedelta(days=1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _new_sheet(book: Workbook, title: str, shifts: list[Shift]) -> Any:
    sheet = book.create_sheet(title)
    sheet.append(["Ngày", "Thứ", "Ngày nghỉ"] + [f"{s.code} {s.start:%H:%M}–{s.end:%H:%M}" for s in shifts])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 10
    for index in range(len(shifts)):
        sheet.column_dimensions[chr(ord("D") + index)].width = 36
    sheet.freeze_panes = "D2"
    return sheet


def roster_ics(
    roster_id: str, shifts: list[Shift], assignments: list[Assignment], staff: dict[str, Any], timezone: str
) -> str:
    """One VEVENT per assignment, times in UTC (no VTIMEZONE needed); lines folded at 75 octets, CRLF."""
    zone = ZoneInfo(timezone)
    by_code = {s.code: s for s in shifts}
    stamp = _utc(datetime.now(UTC))
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tiep Dan//roster//VI", "CALSCALE:GREGORIAN"]
    lines.append(f"X-WR-CALNAME:{_text('Lịch trực tiếp công dân')}")
    for a in sorted(assignments, key=lambda a: (a.date, a.shift, a.staff_id)):
        shift = by_code[a.shift]
        person = staff.get(a.staff_id, {})
        begins = shift.starts_at(a.date).replace(tzinfo=zone)
        ends = shift.ends_at(a.date).replace(tzinfo=zone)
        summary = f"{DUTY_TITLES[a.duty]}: {person.get('name') or a.staff_id} ({a.shift})"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{roster_id}-{a.date:%Y%m%d}-{a.shift}-{a.staff_id}@tiepdan",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(begins)}",
            f"DTEND:{_utc(ends)}",
            f"SUMMARY:{_text(summary)}",
            f"CATEGORIES:{_text(str(a.duty))}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """RFC 5545 §3.1: at most 75 octets a line, continuation lines start with a space; never split a character."""
    pieces: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not pieces else 74
        if len((current + char).encode("utf-8")) > limit:
            pieces.append(current)
            current = char
        else:
            current += char
    pieces.append(current)
    return "\r\n ".join(pieces)
