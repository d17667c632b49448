"""Event handlers: each runs in the inbox's transaction, so its effect and the message id commit together."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence

from tiepdan.alerts.config import AlertsSettings
from tiepdan.alerts.domain.observations import (
    InvalidEventError,
    Sighting,
    coverage_gap_from,
    enforcement_decision_from,
    enforcement_plan_from,
    held_case_from,
    inbound_report_from,
    overdue_case_from,
    overdue_task_from,
    scheduled_reception_from,
    sighting_from_petition,
    sighting_from_visit,
)
from tiepdan.alerts.service.clock import Clock
from tiepdan.alerts.service.copies import keep_calendar, keep_roster
from tiepdan.alerts.service.detecting import (
    prepare_sightings,
    take_coverage_gap,
    take_held_case,
    take_inbound_report,
    take_overdue,
    take_sighting,
)
from tiepdan.alerts.service.following import (
    take_enforcement_cleared,
    take_enforcement_decision,
    take_enforcement_plan,
    take_overdue_task,
    take_reception,
    take_reception_cancelled,
    take_task_report,
)
from tiepdan.alerts.service.unit_of_work import AlertsWork, alerts_work
from tiepdan.kit.contract import ContractError
from tiepdan.kit.events import Envelope
from tiepdan.kit.inbox import BatchHandler, Handler
from tiepdan.kit.logs import correlated
from tiepdan.kit.uow import UnitOfWork

#: The type given to a province report arriving on `tiepdan.inbound` (a bare body, not an envelope, in the catalogue).
INBOUND_REPORT = "province.report"
INBOUND_PATTERNS = ("province.report", "province.report.#")


def make_handlers(clock: Clock) -> dict[str, Handler]:
    """The handlers, reading time from `clock` (tests pass a hand-moved one)."""

    def visit(uow: UnitOfWork, event: Envelope) -> None:
        sighting = sighting_from_visit(event.data)
        take_sighting(alerts_work(uow), event.unit, sighting, occurred_at=event.occurred, now=clock())

    def petition(uow: UnitOfWork, event: Envelope) -> None:
        work = alerts_work(uow)
        sighting = sighting_from_petition(event.data, _timezone(work, event))
        take_sighting(work, event.unit, sighting, occurred_at=event.occurred, now=clock())

    def overdue(uow: UnitOfWork, event: Envelope) -> None:
        work = alerts_work(uow)
        case = overdue_case_from(event.data, _timezone(work, event))
        take_overdue(work, event.unit, case, occurred_at=event.occurred, now=clock())

    def held(uow: UnitOfWork, event: Envelope) -> None:
        work = alerts_work(uow)
        case = held_case_from(event.data, _timezone(work, event))
        take_held_case(work, event.unit, case, occurred_at=event.occurred, now=clock())

    def coverage_gap(uow: UnitOfWork, event: Envelope) -> None:
        work = alerts_work(uow)
        gap = coverage_gap_from(event.data, _timezone(work, event))
        take_coverage_gap(work, event.unit, gap, occurred_at=event.occurred, now=clock())

    def enforcement_planned(uow: UnitOfWork, event: Envelope) -> None:
        plan = enforcement_plan_from(event.data, event.occurred)
        take_enforcement_plan(alerts_work(uow), event.unit, plan, occurred_at=event.occurred, now=clock())

    def enforcement_cleared(uow: UnitOfWork, event: Envelope) -> None:
        case_id, reason = _text_of(event, "case_id"), _text_of(event, "reason")
        take_enforcement_cleared(alerts_work(uow), event.unit, case_id, reason, now=clock())

    def enforcement_decided(uow: UnitOfWork, event: Envelope) -> None:
        decision = enforcement_decision_from(event.data)
        take_enforcement_decision(alerts_work(uow), event.unit, decision, now=clock())

    def reception_scheduled(uow: UnitOfWork, event: Envelope) -> None:
        reception = scheduled_reception_from(event.data, event.occurred)
        take_reception(alerts_work(uow), event.unit, reception, occurred_at=event.occurred, now=clock())

    def reception_cancelled(uow: UnitOfWork, event: Envelope) -> None:
        take_reception_cancelled(alerts_work(uow), event.unit, _text_of(event, "reception_id"), now=clock())

    def task_overdue(uow: UnitOfWork, event: Envelope) -> None:
        work = alerts_work(uow)
        task = overdue_task_from(event.data, _timezone(work, event))
        take_overdue_task(work, event.unit, task, occurred_at=event.occurred, now=clock())

    def task_reported(uow: UnitOfWork, event: Envelope) -> None:
        take_task_report(alerts_work(uow), event.unit, _text_of(event, "task_id"), now=clock())

    def calendar_changed(uow: UnitOfWork, event: Envelope) -> None:
        keep_calendar(alerts_work(uow), event.unit, event.data, changed_at=event.occurred)

    def roster_published(uow: UnitOfWork, event: Envelope) -> None:
        keep_roster(alerts_work(uow), event.unit, event.data, published_at=event.occurred)

    return {
        "intake.visit.registered": visit,
        "intake.petition.received": petition,
        "intake.case.overdue": overdue,
        "intake.case.held": held,
        "intake.enforcement.planned": enforcement_planned,
        "intake.enforcement.cleared": enforcement_cleared,
        "intake.enforcement.decided": enforcement_decided,
        "intake.response_task.overdue": task_overdue,
        "intake.response_task.reported": task_reported,
        "roster.reception.scheduled": reception_scheduled,
        "roster.reception.cancelled": reception_cancelled,
        "roster.coverage.gap": coverage_gap,
        "roster.calendar.changed": calendar_changed,
        "roster.roster.published": roster_published,
    }


def _text_of(event: Envelope, key: str) -> str:
    """A required text field of an event that needs nothing more parsed."""
    value = event.data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InvalidEventError(f"{key}: required text is missing")
    return value.strip()


def _timezone(uow: AlertsWork, event: Envelope) -> str:
    return uow.copies.calendar(event.unit).timezone


def make_batch_handlers(clock: Clock) -> dict[str, BatchHandler]:
    """Runs of visits or petitions in a consumer's batch: what the single handlers do to each in order, with the
    database asked once for the run (`prepare_sightings`) instead of once per event."""

    def sightings_of(read: Callable[[Envelope, AlertsWork], Sighting]) -> BatchHandler:
        def handle(uow: UnitOfWork, events: Sequence[Envelope]) -> None:
            work = alerts_work(uow)
            run = [(event, read(event, work)) for event in events]
            prepare_sightings(work, [(event.unit, sighting) for event, sighting in run])
            for event, sighting in run:
                with correlated(event.correlation_id):  # the alert events it causes carry its correlation id
                    take_sighting(work, event.unit, sighting, occurred_at=event.occurred, now=clock())

        return handle

    return {
        "intake.visit.registered": sightings_of(lambda event, _work: sighting_from_visit(event.data)),
        "intake.petition.received": sightings_of(
            lambda event, work: sighting_from_petition(event.data, _timezone(work, event))
        ),
    }


def make_inbound_handlers(clock: Clock) -> dict[str, Handler]:
    """Province reports on `tiepdan.inbound` (already checked by `decode_inbound_report`)."""

    def inbound_report(uow: UnitOfWork, event: Envelope) -> None:
        report = inbound_report_from(event.data, event.id)
        take_inbound_report(alerts_work(uow), event.unit, report, occurred_at=event.occurred, now=clock())

    return {INBOUND_REPORT: inbound_report}


def decode_inbound_report(body: bytes) -> Envelope:
    """A province report as sent to `tiepdan.inbound`: the body of `POST /api/v1/inbound-reports`, optionally with
    `id` and `unit`. Without `id` the body's digest is the message id, so a re-sent identical report counts once.
    """
    try:
        raw = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ContractError(f"inbound report is not JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise ContractError("inbound report must be a JSON object")
    message_id = str(raw.get("id") or hashlib.sha256(body).hexdigest()[:32])
    data = {key: value for key, value in raw.items() if key not in ("id", "unit")}
    try:
        inbound_report_from(data, message_id)
    except InvalidEventError as exc:
        raise ContractError(f"inbound report: {exc}") from exc
    envelope = Envelope(
        type=INBOUND_REPORT,
        data=data,
        unit=str(raw.get("unit") or AlertsSettings.from_env().unit),
        source="province",
        correlation_id=message_id,
        id=message_id,
    )
    return envelope.validate()  # against `province.report` in the event catalogue
