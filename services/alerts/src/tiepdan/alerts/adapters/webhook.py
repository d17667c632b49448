"""Webhook delivery: POST the notice as JSON, signed with HMAC-SHA256 of the exact body bytes.

A receiver checks `X-TiepDan-Signature: sha256=<hex>` by recomputing `hmac(secret, body, sha256)` over the raw
body (GitHub's scheme); the body carries the delivery id and `sent_at`, so a replay is recognisable.
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
#: Client errors worth retrying: the receiver is busy or timed out, not refusing the request itself.
RETRYABLE_CLIENT_ERRORS = frozenset({408, 425, 429})


@dataclass(frozen=True)
class SendResult:
    ok: bool
    status: int | None = None
    error: str | None = None
    permanent: bool = False


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


class WebhookSender:
    def __init__(self, timeout_s: float = 5.0, session: requests.Session | None = None) -> None:
        self.timeout_s = timeout_s
        self.session = session or requests.Session()

    def send(self, url: str, secret: str | None, delivery_id: str, payload: dict[str, Any]) -> SendResult:
        body = encode(payload)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "tiepdan-alerts/1",
            DELIVERY_HEADER: delivery_id,
        }
        if secret:
            headers[SIGNATURE_HEADER] = sign(secret, body)
        try:
            response = self.session.post(url, data=body, headers=headers, timeout=self.timeout_s, allow_redirects=False)
        except requests.RequestException as exc:
            return SendResult(False, None, f"{type(exc).__name__}: không kết nối được nơi nhận")
        status = response.status_code
        if 200 <= status < 300:
            return SendResult(True, status)
        permanent = 400 <= status < 500 and status not in RETRYABLE_CLIENT_ERRORS
        return SendResult(False, status, f"HTTP {status}", permanent)
