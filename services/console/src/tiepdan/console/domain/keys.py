"""The keys the console signs tokens with: the newest unretired one signs; retired ones stay published a while."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

#: A retired key stays in the JWKS this long: longer than any token it signed may live.
RETIRED_KEY_PUBLISHED = timedelta(days=1)


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_pem: str
    public_jwk: dict[str, Any]
    created_at: datetime
    retired_at: datetime | None = None
