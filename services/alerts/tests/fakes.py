"""An in-memory alerts unit of work for fast tests of the service layer (no database, no broker).

Each repository answers as its SQL counterpart does for one process: reads see what the unit's scope allows,
saves are visible at once, and nothing is rolled back (a test that needs rollback uses the integration tests).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from tiepdan.alerts.adapters.repository import AlertFilter, SourceOfRun
from tiepdan.alerts.domain.alert import Alert
from tiepdan.alerts.domain.delivery import Delivery, Notice, Outcome
from tiepdan.alerts.domain.duty import DutyRoster
from tiepdan.alerts.domain.kinds import Kind
from tiepdan.alerts.domain.muting import Silence
from tiepdan.alerts.domain.observations import Contribution
from tiepdan.alerts.domain.rules import RuleSet
from tiepdan.alerts.service.unit_of_work import AlertsWork
from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.kit.db import UNSCOPED, UnitScope
from tiepdan.kit.fakes import FakeUnitOfWork
from tiepdan.kit.replica import MemoryCopies, OnCommitted, supersedes


class FakeSightings:
    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], tuple[Contribution, str | None]] = {}

    def prepare(self, run: Sequence[SourceOfRun], window: Callable[[str], timedelta | None]) -> None:
        """Nothing to fetch ahead: every answer below is already in memory."""

    def remember(self, unit: str, contribution: Contribution, group_key: str | None) -> bool:
        if (unit, contribution.source_id) in self.seen:
            return False
        self.seen[(unit, contribution.source_id)] = (contribution, group_key)
        return True

    def lock_topic(self, unit: str, group_key: str) -> None:
        """One test, one thread: nobody to wait for."""

    def near(self, unit: str, group_key: str, at: datetime, window: timedelta) -> list[Contribution]:
        return [
            c
            for (u, _), (c, key) in self.seen.items()
            if u == unit and key == group_key and at - window < c.at < at + window
        ]


class FakeAlerts:
    def __init__(self, scope: UnitScope, deliveries: FakeDeliveries) -> None:
        self.scope = scope
        self.by_id: dict[str, Alert] = {}
        self.counted_sources: dict[str, set[str]] = {}
        self._deliveries = deliveries

    def _visible(self) -> list[Alert]:
        return [a for a in self.by_id.values() if self.scope.allows(a.unit)]

    def active(self, unit: str, kind: Kind, group_key: str) -> Alert | None:
        return self.active_for(unit, [(kind, group_key)]).get((kind, group_key))

    def active_for(self, unit: str, keys: Collection[tuple[Kind, str]]) -> dict[tuple[Kind, str], Alert]:
        wanted = set(keys)
        return {
            (a.kind, a.group_key): a
            for a in self.by_id.values()
            if a.unit == unit and a.status.is_active and (a.kind, a.group_key) in wanted
        }

    def active_of_kinds(self, unit: str, kinds: Collection[Kind]) -> list[Alert]:
        return [a for a in self.by_id.values() if a.unit == unit and a.status.is_active and a.kind in kinds]

    def active_everywhere(self, kinds: Collection[Kind]) -> list[Alert]:
        return sorted((a for a in self._visible() if a.status.is_active and a.kind in kinds), key=lambda a: a.id)

    def counted(self, alert_id: str, source_ids: Iterable[str]) -> frozenset[str]:
        return frozenset(self.counted_sources.get(alert_id, set()).intersection(source_ids))

    def get(self, alert_id: str, *, for_update: bool = False) -> Alert | None:
        alert = self.by_id.get(alert_id)
        return alert if alert is not None and self.scope.allows(alert.unit) else None

    def save(self, alert: Alert, now: datetime) -> None:
        self.by_id[alert.id] = alert
        self.counted_sources.setdefault(alert.id, set()).update(c.source_id for c in alert.fresh)
        alert.fresh.clear()

    def page(self, query: AlertFilter) -> tuple[list[Alert], str | None]:
        found = sorted(
            (a for a in self._filtered(query) if query.cursor is None or a.id < query.cursor),
            key=lambda a: a.id,
            reverse=True,
        )
        limit = query.limit or 50
        return found[:limit], (found[limit - 1].id if len(found) > limit else None)

    def count(self, query: AlertFilter) -> int:
        return sum(1 for _ in self._filtered(query))

    def count_groups(self, query: AlertFilter, by: Sequence[str]) -> list[dict[str, Any]]:
        counted = Counter(tuple(str(getattr(a, name)) for name in by) for a in self._filtered(query))
        return [dict(zip(by, key, strict=True)) | {"count": n} for key, n in counted.items()]

    def _filtered(self, query: AlertFilter) -> Iterator[Alert]:
        return (
            a
            for a in self._visible()
            if a.kind in query.kinds
            and (query.kind is None or str(a.kind) == query.kind)
            and (query.status is None or str(a.status) == query.status)
            and (query.severity is None or str(a.severity) == query.severity)
        )

    def told_page(
        self, kinds: Collection[Kind], receivers: Collection[str], limit: int | None, cursor: str | None
    ) -> tuple[list[Alert], str | None]:
        told = {d.alert_id for _, d in self._deliveries.rows.values() if d.receiver in receivers}
        found = sorted(
            (a for a in self._visible() if a.kind in kinds and a.id in told and (cursor is None or a.id < cursor)),
            key=lambda a: a.id,
            reverse=True,
        )
        limit = limit or 50
        return found[:limit], (found[limit - 1].id if len(found) > limit else None)

    def due_for_timers(self, rule_sets: Collection[RuleSet], now: datetime) -> list[Alert]:
        """Every active alert: the SQL one narrows them down for speed, `due_step` decides either way."""
        return sorted((a for a in self.by_id.values() if a.status.is_active), key=lambda a: a.id)

    def active_counts(self) -> dict[tuple[str, str, str], int]:
        counts: dict[tuple[str, str, str], int] = {}
        for a in self.by_id.values():
            if a.status.is_active:
                key = (str(a.kind), str(a.severity), str(a.status))
                counts[key] = counts.get(key, 0) + 1
        return counts


class FakeRules:
    def __init__(self) -> None:
        self.by_unit: dict[str, RuleSet] = {}

    def get(self, unit: str) -> RuleSet:
        return self.by_unit.get(unit) or RuleSet.default()

    def all(self) -> list[RuleSet]:
        return [RuleSet.default(), *self.by_unit.values()]

    def units(self) -> set[str]:
        return set(self.by_unit)

    def put(self, unit: str, rules: RuleSet, by: str, now: datetime) -> None:
        self.by_unit[unit] = rules


class FakeCopies:
    """The calendars in the kit's `MemoryCopies`, ordered as the SQL copy orders them; the rosters a log."""

    def __init__(self) -> None:
        self.calendars: MemoryCopies[dict[str, Any]] = MemoryCopies()
        self.rosters: dict[str, list[tuple[datetime, DutyRoster]]] = {}

    def calendar(self, unit: str) -> WorkingCalendar:
        kept = self.calendars.kept(unit)
        return WorkingCalendar.default() if kept is None else WorkingCalendar.from_dict(dict(kept.document))

    def units(self) -> set[str]:
        return set(self.calendars.copies)

    def put_calendar(
        self, unit: str, document: Mapping[str, Any], changed_at: datetime, on_committed: OnCommitted
    ) -> bool:
        kept = self.calendars.kept(unit)
        if not supersedes(changed_at, None if kept is None else kept.changed_at):
            return False
        self.calendars.keep(unit, dict(document), changed_at)
        return True

    def add_roster(
        self,
        unit: str,
        roster: DutyRoster,
        document: Mapping[str, Any],
        published_at: datetime,
        on_committed: OnCommitted,
    ) -> None:
        self.rosters.setdefault(unit, []).append((published_at, roster))

    def rosters_covering(self, unit: str, day: date) -> tuple[DutyRoster, ...]:
        """In publication order; `sorted` is stable, so rosters published at one instant keep their arrival order."""
        published = sorted(self.rosters.get(unit, []), key=lambda kept: kept[0])
        return tuple(r for _, r in published if r.period_from <= day and r.period_to >= day - timedelta(days=1))


class FakeSilences:
    def __init__(self, scope: UnitScope) -> None:
        self.scope = scope
        self.by_id: dict[str, Silence] = {}

    def add(self, silence: Silence) -> None:
        self.by_id[silence.id] = silence

    def in_force(self, unit: str, now: datetime) -> list[Silence]:
        return [s for s in self.by_id.values() if s.unit == unit and s.active_at(now)]

    def listing(self, unit: str | None = None, ending_after: datetime | None = None) -> list[Silence]:
        return sorted(
            (
                s
                for s in self.by_id.values()
                if self.scope.allows(s.unit)
                and (unit is None or s.unit == unit)
                and (ending_after is None or s.ends_at > ending_after)
            ),
            key=lambda s: (s.starts_at, s.id),
        )

    def get(self, silence_id: str) -> Silence | None:
        silence = self.by_id.get(silence_id)
        return silence if silence is not None and self.scope.allows(silence.unit) else None

    def expire(self, silence: Silence, now: datetime) -> None:
        if silence.ends_at > now:
            self.by_id[silence.id] = dataclasses.replace(silence, ends_at=now)


class FakeDeliveries:
    def __init__(self) -> None:
        self.rows: dict[str, tuple[str, Delivery]] = {}

    def add(self, unit: str, delivery: Delivery) -> None:
        self.rows[delivery.id] = (unit, delivery)

    def record_attempts(self, deliveries: Collection[Delivery]) -> None:
        for delivery in deliveries:
            unit, _ = self.rows[delivery.id]
            self.rows[delivery.id] = (unit, delivery)

    def claim_due(self, now: datetime, lease: timedelta, limit: int) -> list[tuple[str, Delivery]]:
        due = [
            (unit, d)
            for unit, d in self.rows.values()
            if d.outcome in (Outcome.PENDING, Outcome.RETRYING)
            and (d.next_attempt_at is None or d.next_attempt_at <= now)
        ][:limit]
        for _, delivery in due:
            delivery.next_attempt_at = now + lease
        return due

    def of_alert(self, alert_id: str) -> list[Delivery]:
        return sorted((d for _, d in self.rows.values() if d.alert_id == alert_id), key=lambda d: d.created_at)

    def notices(self, alert_ids: Collection[str], receivers: Collection[str]) -> dict[str, list[Notice]]:
        told = {
            (d.alert_id, Notice(d.receiver, d.reason, d.created_at))
            for _, d in self.rows.values()
            if d.alert_id in alert_ids and d.receiver in receivers
        }
        found: dict[str, list[Notice]] = {}
        for alert_id, notice in sorted(told, key=lambda t: (-t[1].at.timestamp(), t[1].receiver)):
            found.setdefault(alert_id, []).append(notice)
        return found


class FakeAlertsUnitOfWork(FakeUnitOfWork):
    """Repositories live as long as the fake (a test's whole story), unlike the SQL ones (one transaction)."""

    def __init__(self, scope: UnitScope = UNSCOPED) -> None:
        super().__init__(scope, source="alerts")
        self.sightings = FakeSightings()
        self.deliveries = FakeDeliveries()
        self.alerts = FakeAlerts(scope, self.deliveries)
        self.rules = FakeRules()
        self.copies = FakeCopies()
        self.silences = FakeSilences(scope)

    def __enter__(self) -> FakeAlertsUnitOfWork:
        self.committed = False
        return self


def fits(uow: FakeAlertsUnitOfWork) -> AlertsWork:
    """Type-checked: the fake has every member the service layer uses."""
    return uow
