"""Webhook delivery: POST the notice as JSON, signed by the kit's scheme (`tiepdan.kit.webhook`).

The body carries the delivery id and `sent_at`, so a replay is recognisable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

from tiepdan.kit.webhook import encode, signed_headers

#: Client errors worth retrying: the receiver is busy or timed out, not refusing the request itself.
RETRYABLE_CLIENT_ERRORS = frozenset({408, 425, 429})


@dataclass(frozen=True)
class SendResult:
    ok: bool
    status: int | None = None
    error: str | None = None
    permanent: bool = False


class WebhookSender:
    def __init__(self, timeout_s: float = 5.0, session: requests.Session | None = None) -> None:
        self.timeout_s = timeout_s
        self.session = session or requests.Session()

    def send(self, url: str, secret: str | None, delivery_id: str, payload: dict[str, Any]) -> SendResult:
        body = encode(payload)
        headers = signed_headers(body, secret, delivery_id, "alerts")
        try:
            response = self.session.post(url, data=body, headers=headers, timeout=self.timeout_s, allow_redirects=False)
        except requests.RequestException as exc:
            return SendResult(False, None, f"{type(exc).__name__}: không kết nối được nơi nhận")
        status = response.status_code
        if 200 <= status < 300:
            return SendResult(True, status)
        permanent = 400 <= status < 500 and status not in RETRYABLE_CLIENT_ERRORS
        return SendResult(False, status, f"HTTP {status}", permanent)
