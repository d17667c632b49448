"""Reports issued as papers, printed as PDF in the NĐ 30/2020/NĐ-CP layout with the kit's `pdf` parts.

reportlab's invariant mode makes the same paper give the same bytes, so a paper's SHA-256 fingerprints its text.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tiepdan.kit.pdf import RENDER_LOCK, heading, register_fonts, signature, style, title
from tiepdan.reports.domain.papers import Paper

rl_config.invariant = 1
# NĐ 30/2020, Phụ lục I: top and bottom margins 20–25 mm, left 30–35 mm, right 15–20 mm.
MARGINS = {"leftMargin": 30 * mm, "rightMargin": 20 * mm, "topMargin": 20 * mm, "bottomMargin": 20 * mm}


def _figures_table(rows: tuple[tuple[str, str], ...], width: float) -> Table:
    cell, number, head = style("td", 10.5), style("tn", 10.5, align=2), style("th", 10.5, bold=True, align=1)
    data: list[list[Any]] = [[Paragraph("Chỉ tiêu", head), Paragraph("Số lượng", head)]]
    data += [[Paragraph(escape(label), cell), Paragraph(escape(value), number)] for label, value in rows]
    table = Table(data, colWidths=[width - 35 * mm, 35 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f0f0")),
            ]
        )
    )
    return table


def render_paper(paper: Paper) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=paper.title.replace("\n", " "), **MARGINS)
    width = document.width
    body = style("body", 13, firstLineIndent=10 * mm, spaceAfter=2 * mm, align=4)
    section = style("section", 13, bold=True, spaceBefore=3 * mm, spaceAfter=2 * mm)
    story: list[Any] = [heading(paper.issuing_body, paper.number_line, paper.place_date, width)]
    story += title(paper.title)
    story.append(Spacer(1, 4 * mm))
    if paper.addressee:
        story.append(Paragraph(f"Kính gửi: {escape(paper.addressee)}", style("to", 13, align=1, spaceAfter=4 * mm)))
    for index, (name, paragraphs) in enumerate(paper.sections, start=1):
        story.append(Paragraph(escape(name), section))
        story += [Paragraph(escape(text), body) for text in paragraphs if text.strip()]
        if paper.table and index == paper.table_after:
            story += [Spacer(1, 2 * mm), _figures_table(paper.table, width), Spacer(1, 2 * mm)]
    story += [Spacer(1, 6 * mm), signature(list(paper.recipients), paper.signer_title, "", width)]
    if paper.footnote:
        story += [Spacer(1, 4 * mm), Paragraph(escape(paper.footnote), style("note", 9, italic=True))]
    with RENDER_LOCK:
        document.build(story)
    return buffer.getvalue()
