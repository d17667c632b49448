"""Reports addressed to the Chairman (Chủ tịch UBND phường): the daily report of each day of a special period.

Basis: the plan for heightened reception around the congresses and the 2026 elections (part III.2): during the
special periods the ward office reports each day's situation to the Chairman, who directs what is done next.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from tiepdan.reports.domain.narrative import Narrative
from tiepdan.reports.domain.plan import ALERT_KIND_LABELS
from tiepdan.reports.domain.ward_time import WARD_TZ

CHAIRMAN = "chairman"
RECEPTION_LABELS = {
    "regular": "Tiếp thường xuyên",
    "periodic": "Tiếp định kỳ",
    "unscheduled": "Tiếp đột xuất",
    "delegated": "Tiếp theo ủy quyền",
}


@dataclass(frozen=True)
class MailText:
    subject: str
    text: str


def figure_lines(day: Mapping[str, Any]) -> list[str]:
    """A day's figures as sentences (the e-mail and the paper say the same)."""
    lines = [
        f"Tiếp {day.get('visits', 0)} lượt, {day.get('persons', 0)} người; "
        f"{day.get('groups', 0)} đoàn đông người; tiếp nhận {day.get('petitions', 0)} đơn.",
    ]
    by_reception = day.get("by_reception", {})
    parts = [
        f"{RECEPTION_LABELS[name]}: {counts.get('visits', 0)} lượt"
        for name, counts in by_reception.items()
        if name in RECEPTION_LABELS and counts.get("visits")
    ]
    if parts:
        lines.append("; ".join(parts) + ".")
    alerts = day.get("open_alerts", {})
    open_parts = [f"{label}: {alerts[kind]}" for kind, label in ALERT_KIND_LABELS.items() if alerts.get(kind)]
    lines.append(f"Cảnh báo đang mở: {'; '.join(open_parts)}." if open_parts else "Không có cảnh báo đang mở.")
    lines.append(f"Vụ việc quá hạn: {day.get('overdue_cases', 0)}.")
    plans = day.get("coordination", {})
    lines.append(
        f"Phương án xử lý: lập mới {plans.get('plans_opened', 0)}, kết thúc {plans.get('plans_closed', 0)}; "
        f"nhiệm vụ: giao mới {plans.get('tasks_assigned', 0)}, báo cáo hoàn thành {plans.get('tasks_reported', 0)}, "
        f"quá hạn chưa hoàn thành {plans.get('tasks_overdue', 0)}."
    )
    return lines


def chairman_mail(
    unit_name: str, day: date, figures: Mapping[str, Any], narrative: Narrative | None, links: Mapping[str, str]
) -> MailText:
    """The e-mail of one day's report: the figures, the office's narrative as it stands, where to read more."""
    subject = f"Báo cáo ngày {day:%d/%m/%Y} — tình hình tiếp công dân, xử lý đơn ({unit_name})"
    lines = [
        "Kính gửi: Chủ tịch UBND phường.",
        "",
        f"{unit_name} báo cáo tình hình tiếp công dân, xử lý đơn ngày {day:%d/%m/%Y} (kỳ cao điểm):",
        "",
        *(f"- {line}" for line in figure_lines(figures)),
        "",
    ]
    if narrative is None:
        lines += ["Văn phòng chưa bổ sung tình hình và đề xuất, kiến nghị khi gửi thư này.", ""]
    else:
        written = narrative.written_at.astimezone(WARD_TZ)
        lines += [
            "I. Tình hình",
            narrative.situation or "(không có)",
            "",
            "II. Đề xuất, kiến nghị",
            narrative.proposals or "(không có)",
            "",
            f"(Văn phòng cập nhật lần {narrative.version}, {written:%H:%M ngày %d/%m/%Y}; "
            f"mã kiểm tra {narrative.sha256[:16]})",
            "",
        ]
    lines += [f"{label}: {link}" for label, link in links.items()]
    return MailText(subject, "\n".join(lines) + "\n")
