"""From an observation to raised or updated alerts: replay guard, detectors, dedup, events, notices, metrics."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from tiepdan.alerts import metrics
from tiepdan.alerts.domain.book import Change, Outcome, apply_signal
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
from tiepdan.alerts.service.context import Context
from tiepdan.alerts.service.notifying import notify_unless_muted

EVENT_OF_CHANGE = {Change.RAISED: "alerts.alert.raised", Change.UPDATED: "alerts.alert.updated"}


def prepare_sightings(ctx: Context, sightings: Sequence[tuple[str, Sighting]]) -> None:
    """Before `take_sighting` on each of a run of (unit, sighting) in order (a consumer's batch): the database is
    asked once for the whole run — topic locks, replay guard, active alerts, neighbours — instead of per sighting."""
    ctx.store.prepare_sightings(
        [(unit, s.contribution, _topic(s), _likely(s)) for unit, s in sightings],
        window=lambda unit: ctx.rules(unit).detector(Kind.HOTSPOT).window,
    )


def take_sighting(ctx: Context, unit: str, sighting: Sighting, occurred_at: datetime) -> list[Outcome]:
    """A visit or petition. A source seen before (a replay under a new message id) changes nothing."""
    key = _topic(sighting)
    if key is not None:
        ctx.store.lock_topic(unit, key)
    if not ctx.store.remember(unit, sighting.contribution, key):
        return []
    rules = ctx.rules(unit)
    open_now = ctx.store.active_for(unit, _likely(sighting))  # one query for the keys this sighting can touch
    hotspot_open = key is not None and (Kind.HOTSPOT, key) in open_now
    window = rules.detector(Kind.HOTSPOT).window
    neighbours = (
        ctx.store.sightings_near(unit, key, sighting.at, window)
        if key is not None and window is not None and not hotspot_open
        else []
    )
    signals = detect_sighting(sighting, rules, neighbours, hotspot_open)
    return [_apply(ctx, unit, signal, occurred_at) for signal in signals]


def _topic(sighting: Sighting) -> str | None:
    return None if sighting.is_party_denunciation else topic_key(sighting)


def _likely(sighting: Sighting) -> list[tuple[Kind, str]]:
    """The (kind, group key) pairs whose active alert a sighting may change."""
    key, case_id = _topic(sighting), sighting.contribution.case_id
    likely = [(Kind.CROWD, key), (Kind.HOTSPOT, key)] if key is not None else []
    return likely + ([(Kind.REPEAT, case_key(case_id))] if case_id is not None else [])


def take_inbound_report(ctx: Context, unit: str, report: InboundReport, occurred_at: datetime) -> Outcome | None:
    signal = detect_inbound_report(report, ctx.rules(unit))
    return _take_single(ctx, unit, signal, occurred_at)


def take_overdue(ctx: Context, unit: str, case: OverdueCase, occurred_at: datetime) -> Outcome | None:
    return _take_single(ctx, unit, detect_overdue(case, ctx.rules(unit)), occurred_at)


def take_held_case(ctx: Context, unit: str, case: HeldCase, occurred_at: datetime) -> Outcome | None:
    return _take_single(ctx, unit, detect_election_hold(case, ctx.rules(unit)), occurred_at)


def take_coverage_gap(ctx: Context, unit: str, gap: CoverageGap, occurred_at: datetime) -> Outcome | None:
    return _take_single(ctx, unit, detect_coverage_gap(gap, ctx.rules(unit)), occurred_at)


def take_calendar_missing(ctx: Context, unit: str) -> Outcome | None:
    calendar = ctx.calendar(unit)
    today = ctx.now.astimezone(ZoneInfo(calendar.timezone)).date()
    return _take_single(ctx, unit, detect_calendar_missing(calendar, today, ctx.now, unit, ctx.rules(unit)), ctx.now)


def _take_single(ctx: Context, unit: str, signal: Signal | None, occurred_at: datetime) -> Outcome | None:
    if signal is None:
        return None
    (source,) = signal.contributions
    if not ctx.store.remember(unit, source, None):
        return None
    return _apply(ctx, unit, signal, occurred_at)


def _apply(ctx: Context, unit: str, signal: Signal, occurred_at: datetime) -> Outcome:
    active = ctx.store.active(unit, signal.kind, signal.group_key)
    counted = ctx.store.counted(active.id, (c.source_id for c in signal.contributions)) if active else frozenset()
    outcome = apply_signal(
        active,
        signal,
        rules=ctx.rules(unit),
        calendar=ctx.calendar(unit),
        unit=unit,
        now=ctx.now,
        new_id=lambda: time_ordered_id(ctx.now),
        counted=counted,
    )
    if outcome.change is Change.UNCHANGED:
        return outcome
    alert = outcome.alert
    if outcome.change is Change.RAISED:
        notify_unless_muted(ctx, alert, Reason.RAISED, alert.receivers)
    elif outcome.severity_raised and alert.last_notified_at is not None:
        notify_unless_muted(ctx, alert, Reason.SEVERITY_RAISED, alert.receivers)
    ctx.store.save(alert, ctx.now)
    ctx.publish(EVENT_OF_CHANGE[outcome.change], alert)
    metrics.ALERTS_CHANGED.labels(str(alert.kind), str(outcome.change)).inc()
    metrics.ALERT_LATENCY.labels(str(alert.kind)).observe(max(0.0, (ctx.now - occurred_at).total_seconds()))
    return outcome
