"""Identifiers that sort by time."""

from __future__ import annotations

import os
import uuid
from datetime import datetime


def time_ordered_id(now: datetime) -> str:
    """A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds first, so ids sort by creation time.

    Alerts are listed newest first by id alone: one unique, sortable key for the cursor.
    """
    millis = int(now.timestamp() * 1000) & ((1 << 48) - 1)
    rand_a = int.from_bytes(os.urandom(2), "big") & 0xFFF
    rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = millis << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    return str(uuid.UUID(int=value))


def new_id() -> str:
    """A random UUIDv4: silences, deliveries and inbound reports, which nothing lists by id order."""
    return str(uuid.uuid4())
