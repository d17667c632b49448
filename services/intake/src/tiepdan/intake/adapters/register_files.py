"""The register (Mẫu 03) as CSV and XLSX, columns in the form's order, Vietnamese text exact."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from tiepdan.intake.domain.register import REGISTER_COLUMNS
from tiepdan.kit.text import xml_safe

TITLE = "SỔ TIẾP CÔNG DÂN"
FORM = "Mẫu số 03 (Thông tư 04/2021/TT-TTCP)"
HEADINGS = [heading for _, heading in REGISTER_COLUMNS]
KEYS = [key for key, _ in REGISTER_COLUMNS]


def register_csv(rows: list[dict[str, Any]]) -> bytes:
    """UTF-8 with BOM so spreadsheet programs show Vietnamese correctly; one header row of the form's headings."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADINGS)
    for row in rows:
        writer.writerow([row[key] for key in KEYS])
    return buffer.getvalue().encode("utf-8-sig")


def register_xlsx(rows: list[dict[str, Any]], unit: str, date_from: date, date_to: date) -> bytes:
    """Title and period above the table, then the form's header row (row 4) and one row per visit."""
    book = Workbook()
    sheet = book.active
    sheet.title = "So tiep cong dan"
    sheet.append([TITLE])
    sheet.append([f"{FORM} — đơn vị {unit}, từ {date_from:%d/%m/%Y} đến {date_to:%d/%m/%Y}"])
    sheet.append([])
    sheet.append(HEADINGS)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=14)
    for row in rows:
        sheet.append([xml_safe(row[key]) for key in KEYS])
    for column, width in zip("ABCDEFGHIJ", (6, 12, 36, 18, 48, 24, 24, 30, 28, 28), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
