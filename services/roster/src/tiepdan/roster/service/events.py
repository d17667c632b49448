"""Event payloads of the roster service (catalogue: tiepdan.kit.contract). Officers only, never citizens."""

from __future__ import annotations

from typing import Any

from tiepdan.roster.adapters.orm import RosterRecord
from tiepdan.roster.domain.reception import Reception
from tiepdan.roster.domain.roster import CoverageGap
from tiepdan.roster.domain.working_group import WorkingGroup


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


def reception_scheduled(reception: Reception) -> dict[str, Any]:
    """The note stays in roster: it is free text and may name people."""
    data: dict[str, Any] = {
        "reception_id": reception.id,
        "place": reception.place,
        "starts_at": reception.starts_at.isoformat(),
        "ends_at": reception.ends_at.isoformat(),
        "scheduled_by": reception.scheduled_by,
        "revision": reception.revision,
        "presiding_staff_id": reception.presiding_staff_id,
        "scheduled_at": reception.scheduled_at.isoformat(),
    }
    optional = {
        "expected_headcount": reception.expected_headcount,
        "field": reception.field,
        "subject": reception.subject,
        "area": reception.area,
    }
    return {**data, **{key: value for key, value in optional.items() if value is not None}}


def reception_cancelled(reception: Reception) -> dict[str, Any]:
    if reception.cancelled_at is None:
        raise ValueError(f"reception {reception.id} is not cancelled")
    return {
        "reception_id": reception.id,
        "cancelled_at": reception.cancelled_at.isoformat(),
        "revision": reception.revision,
    }


def working_group_established(group: WorkingGroup) -> dict[str, Any]:
    return {
        "group_id": group.id,
        "decision_no": group.decision_no,
        "decision_date": group.decision_date.isoformat(),
        "period": {"from": group.start.isoformat(), "to": group.end.isoformat()},
        "member_count": len(group.members),
        "agencies": group.agencies(),
    }
