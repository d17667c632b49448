"""Reading a JSON document into the model while collecting every problem by field path (for a 422)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

T = TypeVar("T")


class DocumentError(ValueError):
    """A document that does not describe a valid model; `errors` maps field paths to messages."""

    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        super().__init__("; ".join(f"{path}: {', '.join(msgs)}" for path, msgs in errors.items()))
        self.errors = dict(errors)


class Reader:
    """Collects errors instead of stopping at the first, so one 422 names everything wrong."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def fail(self, path: str, message: str) -> None:
        self.errors.setdefault(path, []).append(message)

    def check(self) -> None:
        if self.errors:
            raise DocumentError(self.errors)

    def mapping(self, data: Any, path: str) -> Mapping[str, Any]:
        if isinstance(data, Mapping):
            return data
        self.fail(path, "phải là một đối tượng JSON (object)")
        return {}

    def items(self, data: Mapping[str, Any], key: str, path: str) -> list[Any]:
        value = data.get(key, [])
        if isinstance(value, list):
            return value
        self.fail(_join(path, key), "phải là một danh sách")
        return []

    def integer(self, data: Mapping[str, Any], key: str, path: str, default: int, minimum: int = 0) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(_join(path, key), "phải là số nguyên")
            return default
        if value < minimum:
            self.fail(_join(path, key), f"phải ≥ {minimum}")
            return default
        return value

    def optional_integer(self, data: Mapping[str, Any], key: str, path: str, minimum: int = 0) -> int | None:
        if data.get(key) is None:
            return None
        return self.integer(data, key, path, default=minimum, minimum=minimum)

    def boolean(self, data: Mapping[str, Any], key: str, path: str, default: bool) -> bool:
        value = data.get(key, default)
        if isinstance(value, bool):
            return value
        self.fail(_join(path, key), "phải là true hoặc false")
        return default

    def text(self, data: Mapping[str, Any], key: str, path: str, default: str | None = None) -> str:
        value = data.get(key, default)
        if isinstance(value, str) and value.strip():
            return value.strip()
        self.fail(_join(path, key), "bắt buộc, là chuỗi không rỗng")
        return default or ""

    def optional_text(self, data: Mapping[str, Any], key: str, path: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            return value.strip() or None
        self.fail(_join(path, key), "phải là chuỗi")
        return None

    def choice(self, data: Mapping[str, Any], key: str, path: str, parse: Callable[[Any], T], default: T) -> T:
        if key not in data:
            return default
        try:
            return parse(data[key])
        except (ValueError, TypeError):
            self.fail(_join(path, key), f"giá trị không hợp lệ: {data[key]!r}")
            return default

    def choices(self, data: Mapping[str, Any], key: str, path: str, parse: Callable[[Any], T]) -> tuple[T, ...]:
        parsed: list[T] = []
        for index, value in enumerate(self.items(data, key, path)):
            try:
                parsed.append(parse(value))
            except (ValueError, TypeError):
                self.fail(f"{_join(path, key)}[{index}]", f"giá trị không hợp lệ: {value!r}")
        return tuple(parsed)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
