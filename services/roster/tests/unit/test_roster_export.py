"""Exports without I/O: iCalendar lines folded at 75 octets without splitting a Vietnamese letter; XLSX sheets."""

import io
from datetime import date

from openpyxl import load_workbook

from tiepdan.roster.adapters.export import roster_ics, roster_xlsx
from tiepdan.roster.domain.roster import Assignment, Duty
from tiepdan.roster.domain.rules import CoverageRules

SHIFTS = list(CoverageRules.default().shifts)
STAFF = {"s011": {"name": "Ngô Văn Cường " * 4 + "Đặng Thị Ánh Tuyết"}, "s015": {"name": "Mai Đức Lộc"}}


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_ics_lines_are_folded_at_75_octets_on_character_boundaries():
    roster = [
        Assignment(date(2026, 1, 22), "morning", "s011", Duty.LEADER_RECEPTION),
        Assignment(date(2026, 1, 22), "night", "s015", Duty.ON_CALL),
    ]
    text = roster_ics("r1", SHIFTS, roster, STAFF, "Asia/Ho_Chi_Minh")
    physical = text.split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    logical = unfold(text)
    summary = next(line for line in logical if line.startswith("SUMMARY:Lãnh đạo"))
    assert summary.endswith("Đặng Thị Ánh Tuyết (morning)")
    assert "DTSTART:20260122T003000Z" in logical  # 07:30 in Hà Nội
    assert "DTSTART:20260122T140000Z" in logical  # the night shift starts 21:00
    assert "DTEND:20260123T003000Z" in logical  # and ends at 07:30 the next morning
    assert logical.count("BEGIN:VEVENT") == 2


def test_xlsx_has_a_sheet_per_month_and_names_by_day_and_shift():
    roster = [
        Assignment(date(2026, 1, 31), "night", "s015", Duty.ON_CALL),
        Assignment(date(2026, 2, 1), "morning", "s015"),
    ]
    kinds = {date(2026, 1, 31): "off", date(2026, 2, 1): "off"}
    body = roster_xlsx(date(2026, 1, 31), date(2026, 2, 1), SHIFTS, roster, STAFF, kinds)
    book = load_workbook(io.BytesIO(body))
    assert book.sheetnames == ["01-2026", "02-2026"]
    january = [list(row) for row in book["01-2026"].iter_rows(values_only=True)]
    assert january[0][:4] == ["Ngày", "Thứ", "Ngày nghỉ", "morning 07:30–11:30"]
    assert january[1][:3] == ["31/01/2026", "Thứ Bảy", "nghỉ"]
    assert january[1][6] == "Mai Đức Lộc (trực)"


def test_xlsx_drops_control_characters_a_cell_cannot_hold():
    staff = {"s015": {"name": "Mai\u0001 Đức\u001b Lộc"}}
    body = roster_xlsx(
        date(2026, 2, 1), date(2026, 2, 1), SHIFTS, [Assignment(date(2026, 2, 1), "morning", "s015")], staff, {}
    )
    february = [list(row) for row in load_workbook(io.BytesIO(body))["02-2026"].iter_rows(values_only=True)]
    assert february[1][3] == "Mai Đức Lộc"
