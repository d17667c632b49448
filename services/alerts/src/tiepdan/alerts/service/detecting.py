"""From an observation to raised or updated alerts: replay guard, detectors, dedup, events, notices, metrics."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from tiepdan.alerts.adapters import metrics
from tiepdan.alerts.domain.book import Change, Desk, Outcome, apply_signal
from tiepdan.alerts.domain.detectors import (
    Signal,
    case_key,
    detect_calendar_missing,
    detect_coverage_gap,
    detect_election_hold,
    detect_inbound_report,
    detect_overdue,
    detect_sighting,
    topic_key,
)
from tiepdan.alerts.domain.escalation import Reason
from tiepdan.alerts.domain.ids import time_ordered_id
from tiepdan.alerts.domain.kinds import Kind
from tiepdan.alerts.domain.observations import CoverageGap, HeldCase, InboundReport, OverdueCase, Sighting
from tiepdan.alerts.service.notifying import notify_unless_muted
from tiepdan.alerts.service.publishing import publish
from tiepdan.alerts.service.unit_of_work import AlertsWork

EVENT_OF_CHANGE = {Change.RAISED: "alerts.alert.raised", Change.UPDATED: "alerts.alert.updated"}


def prepare_sightings(uow: AlertsWork, sightings: Sequence[tuple[str, Sighting]]) -> None:
    """Before `take_sighting` on each of a run of (unit, sighting) in order (a consumer's batch): the database is
    asked once for the whole run — topic locks, replay guard, active alerts, neighbours — instead of per sighting."""
    uow.sightings.prepare(
        [(unit, s.contribution, _topic(s)) for unit, s in sightings],
        window=lambda unit: uow.rules.get(unit).detector(Kind.HOTSPOT).window,
    )
    for unit in {unit for unit, _ in sightings}:
        uow.alerts.active_for(unit, {pair for u, s in sightings if u == unit for pair in _likely(s)})


def take_sighting(
    uow: AlertsWork, unit: str, sighting: Sighting, *, occurred_at: datetime, now: datetime
) -> list[Outcome]:
    """A visit or petition. A source seen before (a replay under a new message id) changes nothing."""
    key = _topic(sighting)
    if key is not None:
        uow.sightings.lock_topic(unit, key)
    if not uow.sightings.remember(unit, sighting.contribution, key):
        return []
    rules = uow.rules.get(unit)
    open_now = uow.alerts.active_for(unit, _likely(sighting))  # one query for the keys this sighting can touch
    hotspot_open = key is not None and (Kind.HOTSPOT, key) in open_now
    window = rules.detector(Kind.HOTSPOT).window
    neighbours = (
        uow.sightings.near(unit, key, sighting.at, window)
        if key is not None and window is not None and not hotspot_open
        else []
    )
    signals = detect_sighting(sighting, rules, neighbours, hotspot_open)
    return [_apply(uow, unit, signal, occurred_at=occurred_at, now=now) for signal in signals]


def _topic(sighting: Sighting) -> str | None:
    return None if sighting.is_party_denunciation else topic_key(sighting)


def _likely(sighting: Sighting) -> list[tuple[Kind, str]]:
    """The (kind, group key) pairs whose active alert a sighting may change."""
    key, case_id = _topic(sighting), sighting.contribution.case_id
    likely = [(Kind.CROWD, key), (Kind.HOTSPOT, key)] if key is not None else []
    return likely + ([(Kind.REPEAT, case_key(case_id))] if case_id is not None else [])


def take_inbound_report(
    uow: AlertsWork, unit: str, report: InboundReport, *, occurred_at: datetime, now: datetime
) -> Outcome | None:
    signal = detect_inbound_report(report, uow.rules.get(unit))
    return take_signal(uow, unit, signal, occurred_at=occurred_at, now=now)


def take_overdue(
    uow: AlertsWork, unit: str, case: OverdueCase, *, occurred_at: datetime, now: datetime
) -> Outcome | None:
    return take_signal(uow, unit, detect_overdue(case, uow.rules.get(unit)), occurred_at=occurred_at, now=now)


def take_held_case(
    uow: AlertsWork, unit: str, case: HeldCase, *, occurred_at: datetime, now: datetime
) -> Outcome | None:
    signal = detect_election_hold(case, uow.rules.get(unit))
    return take_signal(uow, unit, signal, occurred_at=occurred_at, now=now)


def take_coverage_gap(
    uow: AlertsWork, unit: str, gap: CoverageGap, *, occurred_at: datetime, now: datetime
) -> Outcome | None:
    signal = detect_coverage_gap(gap, uow.rules.get(unit))
    return take_signal(uow, unit, signal, occurred_at=occurred_at, now=now)


def take_calendar_missing(uow: AlertsWork, unit: str, now: datetime) -> Outcome | None:
    calendar = uow.copies.calendar(unit)
    today = now.astimezone(ZoneInfo(calendar.timezone)).date()
    signal = detect_calendar_missing(calendar, today, now, unit, uow.rules.get(unit))
    return take_signal(uow, unit, signal, occurred_at=now, now=now)


def take_signal(
    uow: AlertsWork, unit: str, signal: Signal | None, *, occurred_at: datetime, now: datetime
) -> Outcome | None:
    """A signal of one source: raised or grown once, however often its source comes again."""
    if signal is None:
        return None
    (source,) = signal.contributions
    if not uow.sightings.remember(unit, source, None):
        return None
    return _apply(uow, unit, signal, occurred_at=occurred_at, now=now)


def _apply(uow: AlertsWork, unit: str, signal: Signal, *, occurred_at: datetime, now: datetime) -> Outcome:
    active = uow.alerts.active(unit, signal.kind, signal.group_key)
    counted = uow.alerts.counted(active.id, [c.source_id for c in signal.contributions]) if active else frozenset()
    desk = Desk(unit, uow.rules.get(unit), uow.copies.calendar(unit), now, lambda: time_ordered_id(now))
    outcome = apply_signal(active, signal, desk, counted=counted)
    if outcome.change is Change.UNCHANGED:
        return outcome
    alert = outcome.alert
    if outcome.change is Change.RAISED:
        notify_unless_muted(uow, alert, Reason.RAISED, alert.receivers, now)
    elif outcome.severity_raised and alert.last_notified_at is not None:
        notify_unless_muted(uow, alert, Reason.SEVERITY_RAISED, alert.receivers, now)
    uow.alerts.save(alert, now)
    publish(uow, EVENT_OF_CHANGE[outcome.change], alert)
    metrics.ALERTS_CHANGED.labels(str(alert.kind), str(outcome.change)).inc()
    metrics.ALERT_LATENCY.labels(str(alert.kind)).observe(max(0.0, (now - occurred_at).total_seconds()))
    return outcome
