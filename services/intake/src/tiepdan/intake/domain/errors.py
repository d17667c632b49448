"""Domain failures the API turns into problem+json (422 for field errors, 409 for refused transitions)."""

from __future__ import annotations


class InvalidFieldsError(ValueError):
    """One or more fields break a rule; `errors` maps a field path to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{path}: {' '.join(msgs)}" for path, msgs in errors.items()))
        self.errors = errors


class TransitionRefusedError(Exception):
    """The action is not allowed from the case's current state (HTTP 409)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FieldErrors:
    """Collects messages per field path, then raises them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, path: str, message: str) -> None:
        self.errors.setdefault(path, []).append(message)

    def extend(self, errors: dict[str, list[str]]) -> None:
        for path, messages in errors.items():
            for message in messages:
                self.add(path, message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidFieldsError(self.errors)


class NotFoundError(LookupError):
    """No such record for this caller (another unit's records do not exist for them either); `field` names the
    request's field that referred to it, when a field did."""

    def __init__(self, key: str | None, what: str = "vụ việc", field: str | None = None) -> None:
        super().__init__(key)
        self.what = what
        self.field = field


class CaseMergedError(LookupError):
    """The case was merged into another: reads of it point there (HTTP 301)."""

    def __init__(self, case_id: str, into: str) -> None:
        super().__init__(case_id)
        self.into = into


class ForbiddenError(PermissionError):
    """The caller's roles do not allow this on this record."""
