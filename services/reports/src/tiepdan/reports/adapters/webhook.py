"""Delivering a report to the province: POST JSON signed with HMAC-SHA256 of the exact body bytes.

Same scheme as alerts' webhooks (GitHub's): the receiver recomputes `hmac(secret, body, sha256)` and compares it
with `X-TiepDan-Signature: sha256=<hex>`; `X-TiepDan-Delivery` carries the report id so a replay is recognisable.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

import requests

SIGNATURE_HEADER = "X-TiepDan-Signature"
DELIVERY_HEADER = "X-TiepDan-Delivery"
EVENT_HEADER = "X-TiepDan-Event"


@dataclass(frozen=True)
class Sent:
    ok: bool
    status: int | None
    error: str | None = None


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def post_report(url: str, secret: str, delivery_id: str, payload: dict[str, Any], timeout_s: float = 10.0) -> Sent:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "tiepdan-reports/1",
        DELIVERY_HEADER: delivery_id,
        EVENT_HEADER: "reports.report.generated",
    }
    if secret:
        headers[SIGNATURE_HEADER] = sign(secret, body)
    try:
        response = requests.post(url, data=body, headers=headers, timeout=timeout_s, allow_redirects=False)
    except requests.RequestException as exc:
        return Sent(False, None, f"{type(exc).__name__}: không kết nối được nơi nhận")
    if 200 <= response.status_code < 300:
        return Sent(True, response.status_code)
    return Sent(False, response.status_code, f"HTTP {response.status_code}")
