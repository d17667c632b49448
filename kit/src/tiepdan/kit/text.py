"""Text folding shared by intake (repeat-visit linking) and alerts (group keys); text an XLSX cell can hold."""

from __future__ import annotations

import re
import unicodedata
from typing import TypeVar

_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]")
#: Control characters XML 1.0, and so a spreadsheet cell, cannot hold (tab, newline and carriage return it can).
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

V = TypeVar("V")


def normalise_subject(text: str) -> str:
    """Fold case, Vietnamese accents (đ → d), punctuation and spacing: "Dự án  KDC số 3" → "du an kdc so 3"."""
    folded = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    stripped = "".join(ch for ch in folded if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", _PUNCT.sub(" ", stripped)).strip()


def group_key(field: str, subject: str, area: str) -> str:
    """The hotspot key: field + normalised subject + normalised area."""
    return f"{field}|{normalise_subject(subject)}|{normalise_subject(area)}"


def xml_safe(value: V) -> V:
    """A text without the control characters an XLSX cell refuses (a citizen's form may carry them); any other
    value as it is."""
    if isinstance(value, str):
        return _NOT_IN_XML.sub("", value)  # type: ignore[return-value]
    return value
