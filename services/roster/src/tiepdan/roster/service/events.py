"""Event payloads of the roster service (catalogue: tiepdan.kit.contract). Officers only, never citizens."""

from __future__ import annotations

from typing import Any

from tiepdan.roster.adapters.orm import RosterRecord
from tiepdan.roster.domain.roster import CoverageGap


def roster_published(record: RosterRecord) -> dict[str, Any]:
    """`staff_name`, never `full_name`: the officer's name as shown on the duty roster."""
    staff = record.staff or {}
    assignments = []
    for a in record.assignments or []:
        person = staff.get(a["staff_id"], {})
        assignments.append(
            {
                "date": a["date"],
                "shift": a["shift"],
                "staff_id": a["staff_id"],
                "staff_name": person.get("name", ""),
                "agency": person.get("agency", ""),
                "skills": person.get("skills", []),
                "duty": a["duty"],
            }
        )
    return {
        "roster_id": record.id,
        "period": {"from": record.start.isoformat(), "to": record.end.isoformat()},
        "shifts": [{"code": s["code"], "start": s["start"], "end": s["end"]} for s in record.shifts or []],
        "timezone": record.timezone,
        "assignments": assignments,
        "replaces": record.replaces,
    }


def coverage_gap(roster_id: str, gap: CoverageGap) -> dict[str, Any]:
    return {
        "roster_id": roster_id,
        "date": gap.date.isoformat(),
        "shift": gap.shift,
        "skill": gap.skill,
        "missing": gap.missing,
    }
