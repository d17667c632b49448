"""Projecting roster's calendar: special periods decide when the `daily` report is due."""

from __future__ import annotations

from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.kit.events import Envelope
from tiepdan.kit.uow import UnitOfWork
from tiepdan.reports.adapters.orm import UnitCalendar


def project_calendar(uow: UnitOfWork, event: Envelope) -> None:
    document = dict(event.data)
    WorkingCalendar.from_dict(document)  # a calendar that does not parse is refused (dead-lettered with the reason)
    row = uow.session.get(UnitCalendar, event.unit, with_for_update=True)
    if row is None:
        uow.session.add(UnitCalendar(unit=event.unit, document=document, changed_at=event.occurred))
    elif row.changed_at <= event.occurred:
        row.document, row.changed_at = document, event.occurred
