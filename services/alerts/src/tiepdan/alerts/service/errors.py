"""What a use case refuses; the API answers each with its status (404, 403, 409)."""

from __future__ import annotations


class NotFound(LookupError):
    """Absent, in another unit, or of a kind the caller may not read: answered alike, so nothing leaks."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class NotPermitted(PermissionError):
    """The caller's roles do not allow the action (the message is shown to them)."""


class ConcurrentChange(Exception):
    """Another transaction wrote the same alert key first (the one-active-alert index): trying again updates it."""
