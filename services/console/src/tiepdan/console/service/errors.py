"""What the console's unit of work refuses at its commit."""

from __future__ import annotations


class AlreadyStored(Exception):
    """Another transaction stored the same unique key first (a username, a shared setting)."""
