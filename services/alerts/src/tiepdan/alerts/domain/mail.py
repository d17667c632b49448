"""The e-mail a receiver's people read: a Vietnamese subject and body made from the notice (the same notice the
webhook and AMQP receivers get), with a link to the console's alerts page.

Only the notice's alert object is read, and only its counts, place, time, field and subject: never a citizen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

KIND_LABELS = {
    "crowd": "Đông người",
    "hotspot": "Điểm nóng",
    "repeat": "Kéo dài, lặp lại",
    "over_level": "Vượt cấp",
    "party_personnel": "Nhân sự Đảng",
    "overdue": "Quá hạn giải quyết",
    "coverage_gap": "Thiếu người trực",
    "calendar_missing": "Thiếu lịch ngày nghỉ",
    "election_hold": "Tạm giữ trong bầu cử",
}
SEVERITY_LABELS = {"critical": "Khẩn cấp", "warning": "Cảnh báo", "info": "Thông tin"}
REASON_LABELS = {
    "raised": "Cảnh báo mới",
    "severity_raised": "Cảnh báo tăng mức độ",
    "escalated": "Cảnh báo chuyển lên cấp trên (chưa được xác nhận)",
    "updated": "Cảnh báo có diễn biến mới",
    "renotify": "Nhắc lại: cảnh báo chưa được xử lý xong",
    "resolved": "Cảnh báo đã được xử lý xong",
}
STATUS_LABELS = {"open": "Đang mở", "acknowledged": "Đã xác nhận", "resolved": "Đã xử lý xong"}
#: Characters of a subject; the whole title is in the body.
SUBJECT_LIMIT = 200
#: The console's page listing the alerts (it shows those the reader's role may see).
ALERTS_PAGE = "/alerts"


@dataclass(frozen=True)
class MailText:
    subject: str
    body: str


def compose(
    notice: Mapping[str, Any], receiver_title: str, unit_name: str, console_url: str, timezone: str
) -> MailText:
    """Subject: `[Khẩn cấp] Đoàn đông người (25 người) — …`; body: why, what, where, when, and the link."""
    alert = notice["alert"]
    severity = SEVERITY_LABELS.get(alert["severity"], alert["severity"])
    reason = REASON_LABELS.get(notice["reason"], notice["reason"])
    prefix = "[Đã xử lý xong]" if notice["reason"] == "resolved" else f"[{severity}]"
    lines = [
        f"Kính gửi: {receiver_title}",
        "",
        f"{reason}.",
        "",
        f"Nội dung: {alert['title']}",
        f"Loại cảnh báo: {KIND_LABELS.get(alert['kind'], alert['kind'])}",
        f"Mức độ: {severity}",
        f"Trạng thái: {STATUS_LABELS.get(alert['status'], alert['status'])}",
        f"Đơn vị: {unit_name}",
    ]
    if alert.get("area"):
        lines.append(f"Địa bàn: {alert['area']}")
    if alert["kind"] in {"crowd", "hotspot", "over_level", "repeat"}:
        lines.append(f"Số người: {alert['headcount']}; số lượt tiếp: {alert['visit_count']}")
    lines += [
        f"Ghi nhận lần đầu: {_local(alert['first_seen'], timezone)}",
        f"Ghi nhận gần nhất: {_local(alert['last_seen'], timezone)}",
    ]
    if alert.get("special_period"):
        lines.append(f"Trong thời gian cao điểm: {alert['special_period']}")
    lines += [
        f"Thời điểm gửi: {_local(notice['sent_at'], timezone)}",
        "",
        f"Xem và xác nhận cảnh báo tại: {console_url.rstrip('/')}{ALERTS_PAGE}",
        "",
        "Thư này do hệ thống Tiếp Dân gửi tự động; xin đừng trả lời thư này.",
    ]
    subject = f"{prefix} {alert['title']}"
    if len(subject) > SUBJECT_LIMIT:
        subject = subject[: SUBJECT_LIMIT - 1] + "…"
    return MailText(subject, "\n".join(lines) + "\n")


def _local(moment: str | None, timezone: str) -> str:
    """dd/mm/yyyy HH:MM in the unit's time zone, as on every page."""
    if not moment:
        return "—"
    parsed = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    return parsed.astimezone(ZoneInfo(timezone)).strftime("%d/%m/%Y %H:%M")
