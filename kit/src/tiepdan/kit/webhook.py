"""The webhook scheme every service signs with (alerts to agencies, reports to the province).

A receiver recomputes `hmac(secret, raw body, sha256)` and compares it with `X-TiepDan-Signature: sha256=<hex>`
(GitHub's scheme); `X-TiepDan-Delivery` carries the delivery id so a replay is recognisable.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

SIGNATURE_HEADER = "X-TiepDan-Signature"
DELIVERY_HEADER = "X-TiepDan-Delivery"


def encode(payload: dict[str, Any]) -> bytes:
    """The exact bytes that are signed and sent."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def signed_headers(body: bytes, secret: str | None, delivery_id: str, sender: str, **extra: str) -> dict[str, str]:
    """Request headers for `body`; unsigned when the receiver has no secret configured."""
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": f"tiepdan-{sender}/1",
        DELIVERY_HEADER: delivery_id,
        **extra,
    }
    if secret:
        headers[SIGNATURE_HEADER] = sign(secret, body)
    return headers
