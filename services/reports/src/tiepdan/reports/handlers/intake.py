"""Projecting intake's events: visits, petitions, case changes, deadlines and the daily register summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tiepdan.kit.events import Envelope
from tiepdan.kit.uow import UnitOfWork
from tiepdan.reports.domain import reception
from tiepdan.reports.domain.cases import CaseDeadline
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
from tiepdan.reports.service import projections
from tiepdan.reports.service.unit_of_work import reports_work

REGISTER_KEYS = ("visits", "persons", "groups", "petitions", "by_reception")


def project_visit(uow: UnitOfWork, event: Envelope) -> None:
    projections.record_visits(reports_work(uow), [visit_values(event)])


def project_visits(uow: UnitOfWork, events: Sequence[Envelope]) -> None:
    """A burst of visits in a few statements: the consumer's batches make up most of the projection's load."""
    projections.record_visits(reports_work(uow), [visit_values(event) for event in events])


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
    projections.correct_visit(reports_work(uow), visit_values(event))


def project_case_merge(uow: UnitOfWork, event: Envelope) -> None:
    data = event.data
    merge = {
        "case_id": str(data["case_id"]),
        "into": str(data["into"]),
        "unit": event.unit,
        "merged_at": instant(data["merged_at"]),
    }
    projections.merge_case(reports_work(uow), merge)


def project_petition(uow: UnitOfWork, event: Envelope) -> None:
    projections.record_petition(reports_work(uow), petition_values(event))


def project_petition_correction(uow: UnitOfWork, event: Envelope) -> None:
    projections.correct_petition(reports_work(uow), petition_values(event))


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
    change = {
        "event_id": event.id,
        "unit": event.unit,
        "case_id": str(data["case_id"]),
        "at": instant(data.get("changed_at") or event.occurred_at),
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
    }
    deadlines = deadline_dates(data.get("deadlines"))
    projections.record_case_change(reports_work(uow), change, deadlines, corrected=bool(data.get("corrected")))


def project_deadline_event(uow: UnitOfWork, event: Envelope) -> None:
    data = event.data
    deadline = CaseDeadline(
        unit=event.unit, case_id=str(data["case_id"]), name=str(data["deadline"])[:40], due=day(data["date"])
    )
    projections.record_deadline(reports_work(uow), deadline, event.occurred)


def project_register_day(uow: UnitOfWork, event: Envelope) -> None:
    data = event.data
    counts = {key: data[key] for key in REGISTER_KEYS if key in data}
    projections.close_register_day(reports_work(uow), event.unit, day(data["date"]), counts, event.occurred)
