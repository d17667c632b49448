"""Test data for the public pages: a stand-in for intake's public lookup (`GET /api/v1/lookup/{code}`) answering
the contract's exact shape, so /tra-cuu is tested over HTTP before intake's endpoint is merged; and a published
roster put straight into roster's database (solving one takes the worker and CP-SAT)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import Flask, jsonify, request

from tiepdan.roster.adapters.orm import RosterRecord

KNOWN_CODE = "TD7K2M9QX4BR8VHA"
ANSWER = {
    "code": KNOWN_CODE,
    "kind": "complaint",
    "kind_label": "Khiếu nại",
    "field": "land",
    "field_label": "Đất đai",
    "status": "accepted",
    "status_label": "Đã thụ lý",
    "next_step": "UBND phường đang xác minh nội dung khiếu nại.",
    "due_date": "2026-12-30",
    "received_on": "2026-11-20",
}


def fake_intake(seen: list[dict[str, Any]]) -> Flask:
    """Records each request's path and whether it carried a token; a code ending in 'BUSY' is rate-limited."""
    app = Flask("fake-intake")

    @app.get("/api/v1/lookup/<code>")
    def lookup(code: str) -> Any:
        seen.append({"code": code, "authorization": request.headers.get("Authorization")})
        if code.endswith("BUSY"):
            return _problem(429, "Quá nhiều yêu cầu.")
        if code != KNOWN_CODE:
            return _problem(404, "Không tìm thấy.")
        return jsonify(ANSWER)

    return app


def _problem(status: int, title: str) -> Any:
    response = jsonify({"type": "about:blank", "title": title, "status": status})
    response.status_code = status
    response.content_type = "application/problem+json"
    return response


def publish_roster(runtime: Any, start: date, days: list[tuple[date, str]]) -> None:
    """A published four-week roster from `start` holding one morning assignment of each (day, duty)."""
    shifts = [
        {"code": "morning", "start": "07:30", "end": "11:30"},
        {"code": "afternoon", "start": "13:30", "end": "17:00"},
    ]
    assignments = [
        {"date": day.isoformat(), "shift": "morning", "staff_id": "s-01", "duty": duty} for day, duty in days
    ]
    with runtime.uow() as uow:
        uow.session.add(
            RosterRecord(
                id=str(uuid.uuid4()),
                unit="bach-quang",
                start=start,
                end=start + timedelta(days=27),
                status="published",
                time_limit_s=10,
                requested_by="scheduler",
                created_at=datetime.now(UTC),
                published_at=datetime.now(UTC),
                assignments=assignments,
                shifts=shifts,
                staff={},
            )
        )
        uow.commit()
