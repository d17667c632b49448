"""Repeat visits and petitions: same person (ID number) + same field + same normalised subject → same case.

The folded subject is `Case.subject_key` (kit.text.normalise_subject); the person is a keyed digest of the ID.

Basis: TT 05/2021/TT-TTCP — duplicates are linked to the existing case, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class LinkCandidate:
    case_id: str
    opened_at: datetime


def choose_case(candidates: Iterable[LinkCandidate]) -> str | None:
    """The most recently opened matching case: a matter that came back after resolution still links to it,
    which is how alerts can tell "visited again after it was resolved"."""
    best = max(candidates, key=lambda c: (c.opened_at, c.case_id), default=None)
    return best.case_id if best else None
