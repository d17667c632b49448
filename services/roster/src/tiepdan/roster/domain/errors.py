"""Domain errors carry field-named messages, so the API can answer 422 with an exact `errors` map."""

from __future__ import annotations


class InvalidDocument(ValueError):
    """A staff list, coverage-rule set or roster request that breaks the documented format."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        summary = "; ".join(f"{path}: {', '.join(messages)}" for path, messages in errors.items())
        super().__init__(summary)


class ErrorCollector:
    """Collects every problem of a document instead of stopping at the first one."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, path: str, message: str) -> None:
        self.errors.setdefault(path, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidDocument(self.errors)
