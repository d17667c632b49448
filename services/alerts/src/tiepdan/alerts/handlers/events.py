"""Event handlers: each runs in the inbox's transaction, so its effect and the message id commit together."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

from tiepdan.alerts.domain.duty import DutyRoster
from tiepdan.alerts.domain.observations import (
    InvalidEventError,
    Sighting,
    coverage_gap_from,
    held_case_from,
    inbound_report_from,
    overdue_case_from,
    sighting_from_petition,
    sighting_from_visit,
)
from tiepdan.alerts.service.clock import Clock
from tiepdan.alerts.service.context import Context
from tiepdan.alerts.service.detecting import (
    prepare_sightings,
    take_coverage_gap,
    take_held_case,
    take_inbound_report,
    take_overdue,
    take_sighting,
)
from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.kit.config import Settings
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

    def context(uow: UnitOfWork) -> Context:
        return Context(uow, clock())

    def visit(uow: UnitOfWork, event: Envelope) -> None:
        take_sighting(context(uow), event.unit, sighting_from_visit(event.data), event.occurred)

    def petition(uow: UnitOfWork, event: Envelope) -> None:
        ctx = context(uow)
        sighting = sighting_from_petition(event.data, ctx.calendar(event.unit).timezone)
        take_sighting(ctx, event.unit, sighting, event.occurred)

    def overdue(uow: UnitOfWork, event: Envelope) -> None:
        ctx = context(uow)
        take_overdue(ctx, event.unit, overdue_case_from(event.data, ctx.calendar(event.unit).timezone), event.occurred)

    def held(uow: UnitOfWork, event: Envelope) -> None:
        ctx = context(uow)
        take_held_case(ctx, event.unit, held_case_from(event.data, ctx.calendar(event.unit).timezone), event.occurred)

    def coverage_gap(uow: UnitOfWork, event: Envelope) -> None:
        ctx = context(uow)
        gap = coverage_gap_from(event.data, ctx.calendar(event.unit).timezone)
        take_coverage_gap(ctx, event.unit, gap, event.occurred)

    def calendar_changed(uow: UnitOfWork, event: Envelope) -> None:
        document = dict(event.data)
        calendar = WorkingCalendar.from_dict(document)  # an unusable calendar is refused, never stored
        ZoneInfo(calendar.timezone)
        ctx = context(uow)
        ctx.store.put_calendar(event.unit, document, ctx.now)

    def roster_published(uow: UnitOfWork, event: Envelope) -> None:
        ctx = context(uow)
        document = dict(event.data)
        ctx.store.add_roster(event.unit, DutyRoster.from_event(document), document, ctx.now)

    return {
        "intake.visit.registered": visit,
        "intake.petition.received": petition,
        "intake.case.overdue": overdue,
        "intake.case.held": held,
        "roster.coverage.gap": coverage_gap,
        "roster.calendar.changed": calendar_changed,
        "roster.roster.published": roster_published,
    }


def make_batch_handlers(clock: Clock) -> dict[str, BatchHandler]:
    """Runs of visits or petitions in a consumer's batch: what the single handlers do to each in order, with the
    database asked once for the run (`prepare_sightings`) instead of once per event."""

    def sightings_of(read: Callable[[Envelope, Context], Sighting]) -> BatchHandler:
        def handle(uow: UnitOfWork, events: Sequence[Envelope]) -> None:
            first = Context(uow, clock())
            run = [(event, read(event, first)) for event in events]
            prepare_sightings(first, [(event.unit, sighting) for event, sighting in run])
            for event, sighting in run:
                with correlated(event.correlation_id):  # the alert events it causes carry its correlation id
                    take_sighting(Context(uow, clock()), event.unit, sighting, event.occurred)

        return handle

    return {
        "intake.visit.registered": sightings_of(lambda event, _ctx: sighting_from_visit(event.data)),
        "intake.petition.received": sightings_of(
            lambda event, ctx: sighting_from_petition(event.data, ctx.calendar(event.unit).timezone)
        ),
    }


def make_inbound_handlers(clock: Clock) -> dict[str, Handler]:
    """Province reports on `tiepdan.inbound` (already checked by `decode_inbound_report`)."""

    def inbound_report(uow: UnitOfWork, event: Envelope) -> None:
        report = inbound_report_from(event.data, event.id)
        take_inbound_report(Context(uow, clock()), event.unit, report, event.occurred)

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
        unit=str(raw.get("unit") or Settings.from_env("alerts").unit),
        source="province",
        correlation_id=message_id,
        id=message_id,
    )
    return envelope.validate()  # against `province.report` in the event catalogue
