"""Roster events: the unit's working calendar (for deadlines) and who is on duty (the receiving officer)."""

from __future__ import annotations

import logging
from datetime import date

from tiepdan.intake.adapters.orm import DutyRow
from tiepdan.intake.adapters.roster_copy import RosterCopy
from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.kit.events import Envelope
from tiepdan.kit.uow import UnitOfWork

log = logging.getLogger(__name__)


def calendar_changed(uow: UnitOfWork, event: Envelope) -> None:
    """Keep the unit's calendar; deadlines computed from now on use it (existing deadlines keep their dates). A
    calendar older than the one kept (a late redelivery) is ignored."""
    document = dict(event.data)
    WorkingCalendar.from_dict(document)  # refuse (→ retry, then dead letter) a calendar that does not parse
    if RosterCopy(uow).save_calendar(event.unit, document, event.occurred, uow.on_committed):
        log.info("calendar updated", extra={"unit": event.unit, "days_off": len(document.get("days_off", []))})
    else:
        log.info("older calendar ignored", extra={"unit": event.unit, "occurred_at": event.occurred_at})


def roster_published(uow: UnitOfWork, event: Envelope) -> None:
    """Replace the known duty for the days the published roster covers."""
    shifts = {s["code"]: (s["start"], s["end"]) for s in event.data.get("shifts", [])}
    rows, days = [], set()
    for assignment in event.data.get("assignments", []):
        day = date.fromisoformat(assignment["date"])
        starts, ends = shifts.get(assignment["shift"], ("00:00", "00:00"))
        days.add(day)
        rows.append(
            DutyRow(
                day=day,
                shift=assignment["shift"],
                starts=starts,
                ends=ends,
                staff_id=str(assignment["staff_id"]),
                staff_name=str(assignment.get("staff_name", "")),
                duty=str(assignment.get("duty", "reception")),
            )
        )
    RosterCopy(uow).replace_duty(event.unit, str(event.data["roster_id"]), days, rows)
    log.info("duty updated", extra={"unit": event.unit, "roster_id": event.data["roster_id"], "days": len(days)})
