"""Papers and the register book as PDF (NĐ 30/2020/NĐ-CP layout, kit `pdf`); reportlab's invariant mode makes the
same text give the same bytes, so a paper's sha256 is a fingerprint of what it says."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from reportlab import rl_config
from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tiepdan.intake.domain.papers import Issuer, PaperText, place_and_date
from tiepdan.intake.domain.register import REGISTER_COLUMNS
from tiepdan.kit.pdf import RENDER_LOCK, heading, register_fonts, signature, style, title

rl_config.invariant = 1
# NĐ 30/2020, Phụ lục I: top and bottom margins 20–25 mm, left 30–35 mm, right 15–20 mm.
MARGINS = {"leftMargin": 30 * mm, "rightMargin": 20 * mm, "topMargin": 20 * mm, "bottomMargin": 20 * mm}
QR_SIZE = 32 * mm


def _qr(url: str) -> QrCode:
    """The flowable draws its modules straight on the page (the widget's drawing of shapes took ten times as long)."""
    return QrCode(url, width=QR_SIZE, height=QR_SIZE, qrLevel="M", qrBorder=2)


def render_paper(text: PaperText) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=text.title.replace("\n", " "), **MARGINS)
    width = document.width
    body = style("body", 12, firstLineIndent=10 * mm, spaceAfter=3 * mm, align=4)
    story: list[Any] = [heading(text.issuing_body, text.number_line, place_and_date(text.place, text.issued_on), width)]
    story += title(text.title)
    story.append(Spacer(1, 5 * mm))
    if text.addressee:
        story.append(Paragraph(f"Kính gửi: {_escape(text.addressee)}", style("to", 12, align=1, spaceAfter=4 * mm)))
    if text.facts:
        rows = [
            [Paragraph(label, style("k", 12)), Paragraph(_escape(value), style("v", 12, bold=True))]
            for label, value in text.facts
        ]
        facts = Table(rows, colWidths=[45 * mm, width - 45 * mm])
        facts.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 10 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
        story += [facts, Spacer(1, 3 * mm)]
    story += [Paragraph(_escape(paragraph), body) for paragraph in text.paragraphs]
    if text.code and text.lookup_url:
        lookup = [
            Paragraph("Mã tra cứu", style("code-h", 12, align=1)),
            Paragraph(f"<b>{text.number_line.split(': ', 1)[1]}</b>", style("code", 16, align=1, spaceBefore=2 * mm)),
            Paragraph(text.lookup_url, style("url", 10, align=1, spaceBefore=2 * mm)),
        ]
        box = Table([[lookup, _qr(text.lookup_url)]], colWidths=[width - QR_SIZE - 8 * mm, QR_SIZE + 8 * mm])
        box.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ]
            )
        )
        story += [Spacer(1, 2 * mm), box]
    story += [Spacer(1, 6 * mm), signature(text.recipients, text.signer_title, text.signer_name, width)]
    with RENDER_LOCK:
        document.build(story)
    return buffer.getvalue()


#: Mẫu 03 column widths in mm (A4 landscape, 257 mm between the margins).
_REGISTER_WIDTHS = (12, 22, 36, 28, 46, 26, 22, 25, 24, 16)


def render_register(rows: Sequence[dict[str, Any]], issuer: Issuer, date_from: date, date_to: date) -> bytes:
    """Sổ tiếp công dân (Mẫu 03, TT 04/2021/TT-TTCP) for a period: landscape, the form's columns, STT as stored."""
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title="Sổ tiếp công dân",
        author=issuer.short,
    )
    heading_cell = style("th", 9.5, bold=True, align=1)
    cell = style("td", 8.5)
    period = f"Từ ngày {date_from.strftime('%d/%m/%Y')} đến ngày {date_to.strftime('%d/%m/%Y')}"
    story: list[Any] = [
        heading(issuer.body, "Mẫu số 03", place_and_date(issuer.place, date_to), document.width),
        *title("SỔ TIẾP CÔNG DÂN"),
        Paragraph(period, style("period", 12, italic=True, align=1, spaceAfter=4 * mm)),
    ]
    data: list[list[Any]] = [[Paragraph(heading_text, heading_cell) for _, heading_text in REGISTER_COLUMNS]]
    data.append([Paragraph(f"({i})", heading_cell) for i in range(1, len(REGISTER_COLUMNS) + 1)])
    for row in rows:
        values = {**row, "date": date.fromisoformat(row["date"]).strftime("%d/%m/%Y"), "no": row["no"] or ""}
        data.append([Paragraph(_escape(str(values[key])), cell) for key, _ in REGISTER_COLUMNS])
    table = Table(data, colWidths=[w * mm for w in _REGISTER_WIDTHS], repeatRows=2)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 1), colors.HexColor("#f0f0f0")),
            ]
        )
    )
    story += [table, Spacer(1, 8 * mm)]
    story.append(signature(["Lưu: VT"], "NGƯỜI GHI SỔ", "", document.width))
    with RENDER_LOCK:
        document.build(story)
    return buffer.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
