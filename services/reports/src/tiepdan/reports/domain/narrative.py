"""The ward office's narrative on a report: situation (tình hình) and proposals (đề xuất, kiến nghị).

It is kept beside the snapshot, never in it: the snapshot's files keep their checksums, and each version of the
narrative is signed over those checksums and its own text, author and time, so a reader can tell which figures
the words were written against and that neither changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

#: a page of the paper at most for each part
MAX_NARRATIVE_CHARS = 4000
#: the reports the office writes a narrative on: the day's report to the Chairman and the plan report
NARRATED_TEMPLATES = ("daily", "plan")


@dataclass(frozen=True)
class Narrative:
    report_id: str
    version: int
    situation: str
    proposals: str
    written_by: str
    written_at: datetime
    sha256: str = ""
    paper_sha256: str = ""


def narrative_signature(
    report_id: str, files_sha256: Mapping[str, str], version: int, texts: tuple[str, str], by: str, at: datetime
) -> str:
    """SHA-256 of the canonical JSON of what the narrative says and what it was written against."""
    situation, proposals = texts
    document = {
        "report_id": report_id,
        "files_sha256": dict(sorted(files_sha256.items())),
        "version": version,
        "situation": situation,
        "proposals": proposals,
        "written_by": by,
        "written_at": at.astimezone(UTC).isoformat(),
    }
    encoded = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()
