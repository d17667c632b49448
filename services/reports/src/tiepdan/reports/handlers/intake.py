"""Projecting intake's events: visits, petitions, case changes, deadlines and the daily register summary."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from tiepdan.kit.events import Envelope
from tiepdan.kit.uow import UnitOfWork
from tiepdan.reports.adapters.orm import CaseChangeRow, CaseDeadlineRow, PetitionFact, RegisterDay
from tiepdan.reports.adapters.upserts import insert_once
from tiepdan.reports.adapters.visits import record_visit, record_visits
from tiepdan.reports.domain import reception
from tiepdan.reports.domain.ward_time import ward_day
from tiepdan.reports.handlers.parsing import (
    count,
    day,
    deadline_dates,
    instant,
    optional_bool,
    text,
    watched_names,
)

REGISTER_KEYS = ("visits", "persons", "groups", "petitions", "by_reception")


def project_visit(uow: UnitOfWork, event: Envelope) -> None:
    record_visit(uow.session, visit_values(event))


def project_visits(uow: UnitOfWork, events: Sequence[Envelope]) -> None:
    """A burst of visits in a few statements: the consumer's batches make up most of the projection's load."""
    record_visits(uow.session, [visit_values(event) for event in events])


def visit_values(event: Envelope) -> dict[str, Any]:
    """The visit's row in the projection: the ward's days, the form column, whether it opened its case."""
    data = event.data
    received_at = instant(data["received_at"])
    visit = reception.VisitFact(
        unit=event.unit,
        visit_id=str(data["visit_id"]),
        case_id=str(data["case_id"]),
        received_at=received_at,
        reception=str(data["reception"]),
        headcount=count(data, "headcount", 1),
        case_first_visit_at=min(instant(data.get("case_first_visit_at") or received_at), received_at),
    )
    return {
        "visit_id": visit.visit_id,
        "unit": visit.unit,
        "case_id": visit.case_id,
        "received_at": visit.received_at,
        "received_on": visit.received_on,
        "reception": visit.reception,
        "report_column": visit.column.value,
        "headcount": visit.headcount,
        "case_first_on": ward_day(visit.case_first_visit_at),
        "is_case_first_visit": visit.is_case_first_visit,
        "kind": text(data, "kind", 20, "mixed"),
        "field": text(data, "field", 32, "other"),
        "area": text(data, "area", 200),
    }


def project_petition(uow: UnitOfWork, event: Envelope) -> None:
    data = event.data
    signers = count(data, "signers")
    insert_once(
        uow.session,
        PetitionFact,
        {
            "petition_id": str(data["petition_id"]),
            "unit": event.unit,
            "case_id": str(data["case_id"]),
            "received_on": day(data["received_on"]),
            "channel": text(data, "channel", 20, "in_person"),
            "signers": signers,
            "headcount": count(data, "headcount", max(signers, 1)),
            "kind": text(data, "kind", 20, "mixed"),
            "field": text(data, "field", 32, "other"),
            "area": text(data, "area", 200),
            "eligible": bool(data.get("eligible", False)),
        },
        ["petition_id"],
    )


def project_case_change(uow: UnitOfWork, event: Envelope) -> None:
    data = event.data
    at = instant(data.get("changed_at") or event.occurred_at)
    case_id = str(data["case_id"])
    insert_once(
        uow.session,
        CaseChangeRow,
        {
            "event_id": event.id,
            "unit": event.unit,
            "case_id": case_id,
            "at": at,
            "status": text(data, "status", 20, "received"),
            "previous_status": data.get("previous_status"),
            "kind": text(data, "kind", 20, "mixed"),
            "field": text(data, "field", 32, "other"),
            "area": text(data, "area", 200),
            "competent": optional_bool(data, "competent"),
            "complaint_round": count(data, "complaint_round", 1) or 1,
            "action": data.get("action"),
            "outcome": data.get("outcome"),
            "watched": watched_names(data.get("watched")),
        },
        ["event_id"],
    )
    for name, due in deadline_dates(data.get("deadlines")).items():
        _set_deadline(uow.session, event.unit, case_id, name, due, at)


def project_deadline_event(uow: UnitOfWork, event: Envelope) -> None:
    """`deadline_due` and `overdue` name one deadline and its date: keep it in case no case event carried it."""
    data = event.data
    _set_deadline(
        uow.session, event.unit, str(data["case_id"]), str(data["deadline"])[:40], day(data["date"]), event.occurred
    )


def _set_deadline(session: Session, unit: str, case_id: str, name: str, due: date, at: datetime) -> None:
    """The latest event (by event time) sets the date, whatever order events arrive in."""
    row = session.get(CaseDeadlineRow, (case_id, name), with_for_update=True)
    if row is None:
        session.add(CaseDeadlineRow(case_id=case_id, name=name, unit=unit, due=due, set_at=at))
    elif row.set_at <= at:
        row.due, row.set_at = due, at
    session.flush()


def project_register_day(uow: UnitOfWork, event: Envelope) -> None:
    """Intake may close a day again after a late correction: the latest summary wins."""
    data = event.data
    register_day = day(data["date"])
    counts = {key: data[key] for key in REGISTER_KEYS if key in data}
    row = uow.session.get(RegisterDay, (register_day, event.unit), with_for_update=True)
    if row is None:
        uow.session.add(RegisterDay(day=register_day, unit=event.unit, counts=counts, closed_at=event.occurred))
    elif row.closed_at <= event.occurred:
        row.counts, row.closed_at = counts, event.occurred
