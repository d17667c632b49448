"""Projecting intake's events: visits, petitions, case changes, deadlines and the daily register summary."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from tiepdan.kit.events import Envelope
from tiepdan.kit.uow import UnitOfWork
from tiepdan.reports.adapters.orm import (
    CaseChangeRow,
    CaseDeadlineRow,
    CaseMergeRow,
    PetitionFact,
    RegisterDay,
    VisitFact,
)
from tiepdan.reports.adapters.upserts import insert_once
from tiepdan.reports.adapters.visits import record_visit, record_visits, rework_visits
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
    values = visit_values(event)
    record_visit(uow.session, values)
    _follow_merges(uow.session, [values["case_id"]])


def project_visits(uow: UnitOfWork, events: Sequence[Envelope]) -> None:
    """A burst of visits in a few statements: the consumer's batches make up most of the projection's load."""
    burst = [visit_values(event) for event in events]
    record_visits(uow.session, burst)
    _follow_merges(uow.session, [values["case_id"] for values in burst])


def _follow_merges(session: Session, case_ids: Sequence[str]) -> None:
    """Visits and petitions of a case merged before they arrived (a redelivery, or consumers in parallel) move to
    the surviving case. Read after the visits' chain locks: a merge that held them first has committed by now."""
    merged_ids = session.scalars(select(CaseMergeRow.case_id).where(CaseMergeRow.case_id.in_(set(case_ids)))).all()
    for merged in merged_ids:
        _move_case(session, merged, _surviving(session, merged))


def _surviving(session: Session, case_id: str) -> str:
    """The case a merged one ended in, following merges of merged cases."""
    into = case_id
    while (following := session.scalar(select(CaseMergeRow.into).where(CaseMergeRow.case_id == into))) is not None:
        into = following
    return into


def _move_case(session: Session, merged: str, into: str) -> None:
    def move(row: VisitFact) -> None:
        if row.case_id == merged:
            row.case_id = into

    rework_visits(session, [merged, into], move)
    session.execute(
        update(PetitionFact).where(PetitionFact.case_id == merged).values(case_id=into),
        execution_options={"synchronize_session": False},
    )


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


def project_visit_correction(uow: UnitOfWork, event: Envelope) -> None:
    """`intake.visit.corrected` carries the visit as it now stands: its case's visits are counted again with it.
    A correction that arrives before the visit itself records the visit as corrected."""
    values = visit_values(event)
    stored = uow.session.get(VisitFact, values["visit_id"])
    if stored is None:
        record_visit(uow.session, values)
        return
    corrected = {name: values[name] for name in ("reception", "headcount", "kind", "field", "area")}

    def correct(row: VisitFact) -> None:
        if row.visit_id == values["visit_id"]:
            for name, value in corrected.items():
                setattr(row, name, value)

    rework_visits(uow.session, [stored.case_id], correct)  # where the visit is now, should a merge have moved it


def project_case_merge(uow: UnitOfWork, event: Envelope) -> None:
    """`intake.case.merged`: the merged case's visits and petitions count on the surviving case from now on (01/TCD
    counts the two as one case; 02/XLD follows the surviving case's decisions), and its deadlines are no longer
    watched (a merge is not the deadline met)."""
    data = event.data
    merged, into = str(data["case_id"]), str(data["into"])
    values = {"case_id": merged, "into": into, "unit": event.unit, "merged_at": instant(data["merged_at"])}
    insert_once(uow.session, CaseMergeRow, values, ["case_id"])
    _move_case(uow.session, merged, _surviving(uow.session, into))
    uow.session.execute(delete(CaseDeadlineRow).where(CaseDeadlineRow.case_id == merged))


def project_petition(uow: UnitOfWork, event: Envelope) -> None:
    values = petition_values(event)
    insert_once(uow.session, PetitionFact, values, ["petition_id"])
    _follow_merges(uow.session, [values["case_id"]])


def project_petition_correction(uow: UnitOfWork, event: Envelope) -> None:
    """`intake.petition.corrected` carries the petition as it now stands (kind, field, eligibility…)."""
    values = petition_values(event)
    row = uow.session.get(PetitionFact, values["petition_id"], with_for_update=True)
    if row is None:
        uow.session.add(PetitionFact(**values))
        return
    for name, value in values.items():
        setattr(row, name, value)


def petition_values(event: Envelope) -> dict[str, Any]:
    data = event.data
    signers = count(data, "signers")
    return {
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
    }


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
    deadlines = deadline_dates(data.get("deadlines"))
    for name, due in deadlines.items():
        _set_deadline(uow.session, event.unit, case_id, name, due, at)
    if data.get("corrected"):  # a reclassified case owes only the deadlines it now lists
        uow.session.execute(
            delete(CaseDeadlineRow).where(
                CaseDeadlineRow.case_id == case_id,
                CaseDeadlineRow.name.not_in(list(deadlines)),
                CaseDeadlineRow.set_at <= at,
            )
        )


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
