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
from xml.sax.saxutils import escape

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
from reportlab.platypus import Image, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tiepdan.reports.domain.forms import TOTAL_ROW, FormTable, column_sections, header_cells
from tiepdan.reports.domain.ward_time import WARD_TZ

# the chart goes into the PDF as a binary stream: reportlab's pure-Python ASCII85 encoding is slow (bench/README.md)
rl_config.useA85 = 0

PDF_FONT = "DejaVuSans"
PDF_FONT_BOLD = "DejaVuSans-Bold"
PDF_FONT_ITALIC = "DejaVuSans-Oblique"
#: the most form columns one PDF table holds before the form continues in another (landscape A4)
PDF_COLUMNS_PER_TABLE = 30


NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
PREPARER = "Người lập biểu"
HEAD = "Thủ trưởng đơn vị"
PREPARER_HINT = "(Ký, ghi rõ họ tên)"
HEAD_HINT = "(Ký, ghi rõ họ tên, đóng dấu)"


def render_csv(table: FormTable) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([table.row_heading, *(" — ".join(column.headings) for column in table.columns)])
    for label, values in table.rows:
        writer.writerow([label, *values])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _place_and_date(created: datetime) -> str:
    day = created.astimezone(WARD_TZ)
    return f"Ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def render_xlsx(table: FormTable, notes: Sequence[str], created: datetime) -> bytes:
    """The form as printed: issuer, national heading and form code, title, period, the merged multi-level column
    headings, column numbers, the rows, then the two signature blocks."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.code.replace("/", "-")[:31]
    width = len(table.columns) + 1
    bold, thin = Font(bold=True), Side(style="thin")
    boxed = Border(left=thin, right=thin, top=thin, bottom=thin)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    third = max(width // 3, 1)
    thirds = [(1, third), (third + 1, max(width - third, third + 1)), (max(width - third, third + 1) + 1, width)]

    def banner(row: int, span: tuple[int, int], text: str, font: Font) -> None:
        first, last = span
        cell = sheet.cell(row=row, column=first, value=text)
        cell.font, cell.alignment = font, Alignment(horizontal="center", vertical="center", wrap_text=True)
        if last > first:
            sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)

    banner(1, thirds[0], table.issuer.upper(), bold)
    banner(1, thirds[1], NATIONAL_NAME, bold)
    banner(1, thirds[2], table.code, bold)
    banner(2, thirds[1], NATIONAL_MOTTO, bold)
    lines = [
        (table.title, Font(bold=True, size=13)),
        (table.period_line, Font()),
        *((n, Font(italic=True)) for n in notes),
    ]
    for offset, (text, font) in enumerate(lines):
        banner(4 + offset, (1, width), text, font)

    top = 5 + len(lines)
    depth, cells = header_cells(table.columns)
    sheet.cell(row=top, column=1, value=table.row_heading)
    if depth > 1:
        sheet.merge_cells(start_row=top, start_column=1, end_row=top + depth - 1, end_column=1)
    for cell in cells:
        row, column = top + cell.row, 2 + cell.column
        sheet.cell(row=row, column=column, value=cell.text)
        if cell.rows > 1 or cell.columns > 1:
            sheet.merge_cells(
                start_row=row, start_column=column, end_row=row + cell.rows - 1, end_column=column + cell.columns - 1
            )
    numbers = top + depth
    sheet.cell(row=numbers, column=1, value="A")
    for index in range(2, width + 1):
        sheet.cell(row=numbers, column=index, value=index - 1)
    for row in sheet.iter_rows(min_row=top, max_row=numbers, max_col=width):
        for cell in row:
            cell.font, cell.alignment, cell.border = bold, centred, boxed

    for offset, (label, values) in enumerate(table.rows):
        row = numbers + 1 + offset
        sheet.cell(row=row, column=1, value=label).border = boxed
        for index, value in enumerate(values, start=2):
            sheet.cell(row=row, column=index, value=value).border = boxed
        if offset == len(table.rows) - 1 and label == TOTAL_ROW:
            for cell in sheet[row]:
                cell.font = bold
    signatures = numbers + len(table.rows) + 2
    banner(signatures, thirds[2], _place_and_date(created), Font(italic=True))
    banner(signatures + 1, thirds[0], PREPARER, bold)
    banner(signatures + 1, thirds[2], HEAD, bold)
    banner(signatures + 2, thirds[0], PREPARER_HINT, Font(italic=True))
    banner(signatures + 2, thirds[2], HEAD_HINT, Font(italic=True))

    sheet.column_dimensions["A"].width = 28
    for index in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 11
    for row in range(top, numbers):
        sheet.row_dimensions[row].height = 45
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{top}:{numbers}"
    sheet.freeze_panes = sheet.cell(row=numbers + 1, column=2)
    workbook.properties.created = workbook.properties.modified = created.replace(tzinfo=None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@cache
def _register_fonts() -> None:
    font_dir = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(PDF_FONT, str(font_dir / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(PDF_FONT_BOLD, str(font_dir / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(PDF_FONT_ITALIC, str(font_dir / "DejaVuSans-Oblique.ttf")))


def _pdf_styles() -> dict[str, ParagraphStyle]:
    return {
        "banner": ParagraphStyle("banner", fontName=PDF_FONT_BOLD, fontSize=9, leading=11, alignment=1),
        "motto": ParagraphStyle("motto", fontName=PDF_FONT_BOLD, fontSize=9.5, leading=12, alignment=1),
        "title": ParagraphStyle("title", fontName=PDF_FONT_BOLD, fontSize=12, leading=15, alignment=1, spaceAfter=2),
        "line": ParagraphStyle("line", fontName=PDF_FONT, fontSize=8.5, leading=11, alignment=1),
        "note": ParagraphStyle("note", fontName=PDF_FONT_ITALIC, fontSize=7.5, leading=10, alignment=1),
        "head": ParagraphStyle("head", fontName=PDF_FONT_BOLD, fontSize=5.5, leading=6.5, alignment=1),
        "unit": ParagraphStyle("unit", fontName=PDF_FONT, fontSize=7, leading=8.5),
        "sign": ParagraphStyle("sign", fontName=PDF_FONT_BOLD, fontSize=9, leading=12, alignment=1),
        "hint": ParagraphStyle("hint", fontName=PDF_FONT_ITALIC, fontSize=8, leading=11, alignment=1),
    }


def _heading_block(table: FormTable, styles: dict[str, ParagraphStyle], usable: float) -> Table:
    """Issuer on the left, Quốc hiệu and Tiêu ngữ in the middle, the form's code on the right."""
    left = [Paragraph(escape(table.issuer.upper()), styles["banner"])]
    middle = [Paragraph(NATIONAL_NAME, styles["banner"]), Paragraph(f"<u>{NATIONAL_MOTTO}</u>", styles["motto"])]
    right = [Paragraph(escape(table.code), styles["banner"])]
    block = Table([[left, middle, right]], colWidths=[usable * 0.3, usable * 0.4, usable * 0.3])
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return block


def _form_grid(table: FormTable, first: int, last: int, styles: dict[str, ParagraphStyle], usable: float) -> Table:
    """Columns `first`..`last` of the form after the unit column, with their merged headings and numbers."""
    columns = table.columns[first:last]
    depth, cells = header_cells(columns)
    unit_width = 40 * mm
    column_width = (usable - unit_width) / max(len(columns), 1)
    data: list[list[object]] = [["" for _ in range(len(columns) + 1)] for _ in range(depth)]
    data[0][0] = Paragraph(escape(table.row_heading), styles["head"])
    spans: list[tuple[str, tuple[int, int], tuple[int, int]]] = [("SPAN", (0, 0), (0, depth - 1))]
    for cell in cells:
        data[cell.row][1 + cell.column] = Paragraph(escape(cell.text), styles["head"])
        if cell.rows > 1 or cell.columns > 1:
            spans.append(("SPAN", (1 + cell.column, cell.row), (cell.column + cell.columns, cell.row + cell.rows - 1)))
    data.append(["A", *(str(first + index + 1) for index in range(len(columns)))])
    data += [[Paragraph(escape(label), styles["unit"]), *values[first:last]] for label, values in table.rows]
    grid = Table(data, colWidths=[unit_width] + [column_width] * len(columns), repeatRows=depth + 1)
    style = [
        ("FONT", (0, 0), (-1, -1), PDF_FONT, 7),
        ("FONT", (0, depth), (-1, depth), PDF_FONT_BOLD, 6),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, depth), (-1, depth), "CENTER"),
        ("ALIGN", (1, depth + 1), (-1, -1), "RIGHT"),
        ("BACKGROUND", (0, 0), (-1, depth), colors.whitesmoke),
        ("LEFTPADDING", (1, 0), (-1, -1), 1),
        ("RIGHTPADDING", (1, 0), (-1, -1), 1),
        *spans,
    ]
    if table.rows and table.rows[-1][0] == TOTAL_ROW:
        style.append(("FONT", (1, -1), (-1, -1), PDF_FONT_BOLD, 7))
    grid.setStyle(TableStyle(style))
    return grid


def _signatures(created: datetime, styles: dict[str, ParagraphStyle], usable: float) -> Table:
    left = [
        Paragraph("&nbsp;", styles["hint"]),
        Paragraph(PREPARER, styles["sign"]),
        Paragraph(PREPARER_HINT, styles["hint"]),
    ]
    right = [
        Paragraph(_place_and_date(created), styles["hint"]),
        Paragraph(HEAD, styles["sign"]),
        Paragraph(HEAD_HINT, styles["hint"]),
    ]
    block = Table([[left, right]], colWidths=[usable * 0.5, usable * 0.5])
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return block


def render_pdf(table: FormTable, notes: Sequence[str], created: datetime, chart_png: bytes | None = None) -> bytes:
    """The form on landscape A4 as the province receives it: units as rows under the form's merged headings (a wide
    form continues in a second table with the unit column repeated), then the signature blocks; reportlab's
    invariant mode makes the same figures give the same bytes."""
    _register_fonts()
    styles = _pdf_styles()
    pagesize = landscape(A4)
    margin = 12 * mm
    usable = pagesize[0] - 2 * margin
    story: list[object] = [
        _heading_block(table, styles, usable),
        Spacer(1, 5 * mm),
        Paragraph(escape(table.title), styles["title"]),
        Paragraph(escape(table.period_line), styles["line"]),
        *(Paragraph(escape(note), styles["note"]) for note in notes),
        Spacer(1, 3 * mm),
    ]
    for first, last in column_sections(table.columns, PDF_COLUMNS_PER_TABLE):
        story += [_form_grid(table, first, last, styles, usable), Spacer(1, 4 * mm)]
    story.append(KeepTogether([Spacer(1, 2 * mm), _signatures(created, styles, usable)]))
    if chart_png is not None:
        story += [PageBreak(), Image(io.BytesIO(chart_png), width=250 * mm, height=125 * mm)]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=f"{table.code} — {table.title}",
        invariant=True,
    )
    document.build(story)
    return buffer.getvalue()
