"""Delivering a report to the province: POST JSON signed by the kit's scheme (`tiepdan.kit.webhook`).

`X-TiepDan-Delivery` carries the report id so a replay is recognisable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

from tiepdan.kit.webhook import encode, signed_headers

EVENT_HEADER = "X-TiepDan-Event"


@dataclass(frozen=True)
class Sent:
    ok: bool
    status: int | None
    error: str | None = None


def post_report(url: str, secret: str, delivery_id: str, payload: dict[str, Any], timeout_s: float = 10.0) -> Sent:
    body = encode(payload)
    headers = signed_headers(body, secret, delivery_id, "reports", **{EVENT_HEADER: "reports.report.generated"})
    try:
        response = requests.post(url, data=body, headers=headers, timeout=timeout_s, allow_redirects=False)
    except requests.RequestException as exc:
        return Sent(False, None, f"{type(exc).__name__}: không kết nối được nơi nhận")
    if 200 <= response.status_code < 300:
        return Sent(True, response.status_code)
    return Sent(False, response.status_code, f"HTTP {response.status_code}")
