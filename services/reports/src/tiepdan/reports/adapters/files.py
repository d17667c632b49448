"""The snapshot's files: CSV (UTF-8 with BOM, so Excel shows Vietnamese), XLSX in the form's layout, PDF.

The PDF embeds DejaVu Sans, which matplotlib's wheel ships: reportlab's built-in fonts cannot encode Vietnamese,
and taking the font from the wheel keeps the service free of system font packages.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from pathlib import Path

import matplotlib
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tiepdan.reports.domain.forms import TOTAL_ROW, FormTable

# the chart goes into the PDF as a binary stream: reportlab's pure-Python ASCII85 encoding took ~0.3 s per report
rl_config.useA85 = 0

PDF_FONT = "DejaVuSans"
PDF_FONT_BOLD = "DejaVuSans-Bold"
#: units (or days) side by side on one PDF table before it continues below
PDF_COLUMNS_PER_TABLE = 6


def render_csv(table: FormTable) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([table.row_heading, *(f"{column.group} — {column.label}" for column in table.columns)])
    for label, values in table.rows:
        writer.writerow([label, *values])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render_xlsx(table: FormTable, notes: Sequence[str], created: datetime) -> bytes:
    """The form as printed: title, period, merged group headings, column labels, column numbers, then the rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.code.replace("/", "-")[:31]
    width = len(table.columns) + 1
    bold, thin = Font(bold=True), Side(style="thin")
    boxed = Border(left=thin, right=thin, top=thin, bottom=thin)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)

    sheet.cell(row=1, column=1, value=table.code).font = bold
    sheet.cell(row=2, column=1, value=table.title).font = Font(bold=True, size=13)
    sheet.cell(row=3, column=1, value=table.period_line)
    for offset, note in enumerate(notes):
        sheet.cell(row=4 + offset, column=1, value=note).font = Font(italic=True)
    for row in range(2, 4 + len(notes)):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        sheet.cell(row=row, column=1).alignment = Alignment(horizontal="center")

    group_row = 5 + len(notes)
    sheet.cell(row=group_row, column=1, value=table.row_heading)
    sheet.merge_cells(start_row=group_row, start_column=1, end_row=group_row + 1, end_column=1)
    column = 2
    for heading, span in table.heading_groups:
        sheet.cell(row=group_row, column=column, value=heading)
        if span > 1:
            sheet.merge_cells(start_row=group_row, start_column=column, end_row=group_row, end_column=column + span - 1)
        column += span
    for index, form_column in enumerate(table.columns, start=2):
        sheet.cell(row=group_row + 1, column=index, value=form_column.label)
        sheet.cell(row=group_row + 2, column=index, value=index - 1)
    sheet.cell(row=group_row + 2, column=1, value="A")
    for row in sheet.iter_rows(min_row=group_row, max_row=group_row + 2, max_col=width):
        for cell in row:
            cell.font, cell.alignment, cell.border = bold, centred, boxed

    for offset, (label, values) in enumerate(table.rows):
        row = group_row + 3 + offset
        sheet.cell(row=row, column=1, value=label).border = boxed
        for index, value in enumerate(values, start=2):
            sheet.cell(row=row, column=index, value=value).border = boxed
        if offset == len(table.rows) - 1 and label == TOTAL_ROW:
            for cell in sheet[row]:
                cell.font = bold
    sheet.column_dimensions["A"].width = 24
    for index in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 11
    sheet.row_dimensions[group_row + 1].height = 45
    sheet.freeze_panes = sheet.cell(row=group_row + 3, column=2)
    workbook.properties.created = workbook.properties.modified = created.replace(tzinfo=None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@cache
def _register_fonts() -> None:
    font_dir = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(PDF_FONT, str(font_dir / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(PDF_FONT_BOLD, str(font_dir / "DejaVuSans-Bold.ttf")))


def render_pdf(table: FormTable, notes: Sequence[str], chart_png: bytes | None = None) -> bytes:
    """The form turned on its side — one line per figure, one column per unit — so it fits A4 and reads back line
    by line (a text extractor's layout mode); reportlab's invariant mode makes the same figures give the same bytes."""
    _register_fonts()
    styles = {
        "code": ParagraphStyle("code", fontName=PDF_FONT, fontSize=9),
        "title": ParagraphStyle("title", fontName=PDF_FONT_BOLD, fontSize=13, alignment=1, spaceAfter=4),
        "line": ParagraphStyle("line", fontName=PDF_FONT, fontSize=9, alignment=1),
    }
    story: list[object] = [
        Paragraph(table.code, styles["code"]),
        Paragraph(table.title, styles["title"]),
        Paragraph(table.period_line, styles["line"]),
        *(Paragraph(note, styles["line"]) for note in notes),
        Spacer(1, 4 * mm),
    ]
    for first in range(0, len(table.rows), PDF_COLUMNS_PER_TABLE) or [0]:
        rows = table.rows[first : first + PDF_COLUMNS_PER_TABLE]
        data: list[list[object]] = [["Chỉ tiêu", *(label for label, _ in rows)]]
        data += [
            [f"{column.group} — {column.label}", *(values[index] for _, values in rows)]
            for index, column in enumerate(table.columns)
        ]
        grid = Table(data, colWidths=[110 * mm] + [25 * mm] * len(rows), repeatRows=1)
        grid.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), PDF_FONT, 8),
                    ("FONT", (0, 0), (-1, 0), PDF_FONT_BOLD, 8),
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ]
            )
        )
        story += [grid, Spacer(1, 4 * mm)]
    if chart_png is not None:
        story.append(Image(io.BytesIO(chart_png), width=250 * mm, height=125 * mm))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=f"{table.code} — {table.title}",
        invariant=True,
    )
    document.build(story)
    return buffer.getvalue()
