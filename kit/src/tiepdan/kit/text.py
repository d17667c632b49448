"""Text folding shared by intake (repeat-visit linking) and alerts (group keys)."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]")


def normalise_subject(text: str) -> str:
    """Fold case, Vietnamese accents (đ → d), punctuation and spacing: "Dự án  KDC số 3" → "du an kdc so 3"."""
    folded = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    stripped = "".join(ch for ch in folded if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", _PUNCT.sub(" ", stripped)).strip()


def group_key(field: str, subject: str, area: str) -> str:
    """The hotspot key: field + normalised subject + normalised area."""
    return f"{field}|{normalise_subject(subject)}|{normalise_subject(area)}"
