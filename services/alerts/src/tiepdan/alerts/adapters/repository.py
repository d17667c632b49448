"""SQLAlchemy persistence of the alerts model: one repository per aggregate, built by `AlertsUnitOfWork` on its
session. Each repository lives as long as its unit of work (one transaction), so what it remembers (rows loaded,
active alerts looked up, sightings prepared for a batch) is never older than the transaction."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from tiepdan.alerts.adapters.orm import (
    AlertRow,
    CalendarRow,
    ContributionRow,
    DeliveryRow,
    RosterRow,
    RuleSetRow,
    SightingRow,
    SilenceRow,
)
from tiepdan.alerts.config import AlertsSettings
from tiepdan.alerts.domain.alert import Alert
from tiepdan.alerts.domain.delivery import Channel, Delivery, Notice, Outcome
from tiepdan.alerts.domain.duty import DutyRoster
from tiepdan.alerts.domain.escalation import Reason
from tiepdan.alerts.domain.kinds import Kind, Severity, Status
from tiepdan.alerts.domain.muting import Silence
from tiepdan.alerts.domain.observations import Contribution
from tiepdan.alerts.domain.rules import RoutePlan, RuleSet
from tiepdan.kit.calendar import WorkingCalendar, with_shipped_years
from tiepdan.kit.db import lock_names
from tiepdan.kit.pagination import paginate
from tiepdan.kit.replica import CopyCache, Kept, OnCommitted, Replica

ACTIVE = (str(Status.OPEN), str(Status.ACKNOWLEDGED))
#: A source about to be taken: its unit, what it contributes and its topic's group key (None: it has no topic).
SourceOfRun = tuple[str, Contribution, str | None]

_TTL_S = AlertsSettings.from_env().config_ttl_s
#: Every event reads the unit's rules, silences and rosters, which rarely change: one copy per process spares it the
#: database round trips. Shared by every unit of work of the process.
CONFIG: CopyCache[Any] = CopyCache(_TTL_S)


def _calendar_of(document: dict[str, Any] | None) -> WorkingCalendar:
    return WorkingCalendar.default() if document is None else WorkingCalendar.from_dict(with_shipped_years(document))


#: The copies of roster's calendars, in `changed_at` order, read through a per-process cache.
CALENDARS: Replica[dict[str, Any], WorkingCalendar] = Replica(_calendar_of, ttl_s=_TTL_S)


def database_of(session: Session) -> str:
    """Names the session's database in the per-process caches."""
    return str(session.get_bind().engine.url)


@dataclass(frozen=True)
class AlertFilter:
    """A page of the alert list: the kinds the caller may see, the query's filters and its page arguments."""

    kinds: Collection[Kind]
    status: str | None = None
    kind: str | None = None
    severity: str | None = None
    limit: int | None = None
    cursor: str | None = None


def _filtered(query: AlertFilter) -> list[ColumnElement[bool]]:
    visible = [str(k) for k in query.kinds if query.kind is None or str(k) == query.kind]
    conditions: list[ColumnElement[bool]] = [AlertRow.kind.in_(visible)]
    if query.status is not None:
        conditions.append(AlertRow.status == query.status)
    if query.severity is not None:
        conditions.append(AlertRow.severity == query.severity)
    return conditions


@dataclass(frozen=True)
class _Near:
    """Sightings of one topic fetched for a prepared run, and the span they cover."""

    window: timedelta
    since: datetime
    until: datetime
    found: tuple[Contribution, ...]


class SightingRepository:
    """Every source (visit, petition, report) seen once, with its topic: the replay guard and the hotspot window."""

    def __init__(self, session: Session) -> None:
        self.session = session
        #: What `prepare` fetched for a run: topics locked, (unit, source) of the run, those of them inserted and
        #: not yet taken (`remember`), and each topic's neighbours.
        self._locked: set[tuple[str, str]] = set()
        self._prepared: set[tuple[str, str]] = set()
        self._untaken: set[tuple[str, str]] = set()
        self._near: dict[tuple[str, str], _Near] = {}

    def prepare(self, run: Sequence[SourceOfRun], window: Callable[[str], timedelta | None]) -> None:
        """For a run of sources about to be taken in order, ask the database once what `lock_topic`, `remember`
        and `near` would ask per source: they then answer from memory as if the sources were taken one by one."""
        topics = sorted({(unit, key) for unit, _, key in run if key is not None})
        with self.session.no_autoflush:
            lock_names(self.session, (_lock_name(unit, key) for unit, key in topics))
        self._locked.update(topics)
        firsts = {(unit, c.source_id): (unit, c, key) for unit, c, key in reversed(run)}
        with self.session.no_autoflush:
            inserted = self.session.execute(
                self._insert([_sighting_values(*first) for first in firsts.values()]).returning(
                    SightingRow.unit, SightingRow.source_id
                )
            )
            self._untaken.update((unit, source) for unit, source in inserted)
        self._prepared.update(firsts)
        self._fetch_near(run, window)

    def _fetch_near(self, run: Sequence[SourceOfRun], window: Callable[[str], timedelta | None]) -> None:
        spans: dict[str, tuple[timedelta, datetime, datetime, set[str]]] = {}
        for unit, contribution, key in run:
            width = window(unit)
            if key is None or width is None:
                continue
            _, since, until, keys = spans.get(unit, (width, contribution.at, contribution.at, set()))
            spans[unit] = (width, min(since, contribution.at), max(until, contribution.at), keys | {key})
        for unit, (width, first, last, keys) in spans.items():
            since, until = first - width, last + width
            with self.session.no_autoflush:  # sightings are inserted at once, never left pending
                rows = self.session.execute(
                    select(*_CONTRIBUTION_COLUMNS, SightingRow.group_key).where(
                        SightingRow.unit == unit,
                        SightingRow.group_key.in_(keys),
                        SightingRow.at > since,
                        SightingRow.at < until,
                    )
                ).all()
            found: dict[str, list[Contribution]] = {key: [] for key in keys}
            for row in rows:
                contribution = Contribution(row.source_id, row.at, row.headcount, row.is_visit, row.case_id)
                found[row.group_key].append(contribution)
            for key, contributions in found.items():
                self._near[(unit, key)] = _Near(width, since, until, tuple(contributions))

    def remember(self, unit: str, contribution: Contribution, group_key: str | None) -> bool:
        """Record a source the first time it is seen; False when it was seen before (a replay: do nothing).

        One `INSERT … ON CONFLICT DO NOTHING` on the (unit, source) key: also right when two consumers race.
        """
        source = (unit, contribution.source_id)
        if source in self._prepared:  # inserted with its run: new only the first time it is taken
            new = source in self._untaken
            self._untaken.discard(source)
            return new
        statement = self._insert([_sighting_values(unit, contribution, group_key)]).returning(SightingRow.id)
        with self.session.no_autoflush:  # independent of pending alert rows: they wait for the commit's flush
            return self.session.execute(statement).first() is not None

    def _insert(self, rows: list[dict[str, Any]]) -> Any:
        insert = postgresql_insert if self.session.get_bind().dialect.name == "postgresql" else sqlite_insert
        return insert(SightingRow).values(rows).on_conflict_do_nothing(index_elements=["unit", "source_id"])

    def lock_topic(self, unit: str, group_key: str) -> None:
        """Serialise, until this transaction ends, everyone detecting on one topic (PostgreSQL advisory lock).

        Without it two consumers could each miss the other's uncommitted sighting, and a window that both
        complete would raise nothing. SQLite needs none: its writers are serial.
        """
        if (unit, group_key) in self._locked:
            return
        with self.session.no_autoflush:  # a lock reads nothing: pending rows wait for the commit's flush
            lock_names(self.session, [_lock_name(unit, group_key)])
        self._locked.add((unit, group_key))

    def near(self, unit: str, group_key: str, at: datetime, window: timedelta) -> list[Contribution]:
        """Sightings of a topic less than one window before or after `at`: all a window holding `at` can contain."""
        near = self._near.get((unit, group_key))
        if near is not None and near.window == window and near.since <= at - window and at + window <= near.until:
            return [
                c
                for c in near.found
                if at - window < c.at < at + window and (unit, c.source_id) not in self._untaken  # not taken yet
            ]
        with self.session.no_autoflush:  # sightings are inserted at once (`remember`), never left pending
            rows = self.session.scalars(
                select(SightingRow).where(
                    SightingRow.unit == unit,
                    SightingRow.group_key == group_key,
                    SightingRow.at > at - window,
                    SightingRow.at < at + window,
                )
            )
            return [Contribution(r.source_id, r.at, r.headcount, r.is_visit, r.case_id) for r in rows]


class AlertRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        #: Rows loaded in this unit of work, so saving an alert never reads it again.
        self._rows: dict[str, AlertRow] = {}
        #: Active alerts already looked up in this unit of work, by (unit, kind, group key); None: there is none.
        self._active: dict[tuple[str, Kind, str], Alert | None] = {}
        #: Sources counted into each alert in this unit of work (maybe not flushed yet), by alert id, and the alerts
        #: raised in it (the database holds no other contributions of theirs).
        self._counted_here: dict[str, set[str]] = {}
        self._raised_here: set[str] = set()

    def _alerts(self, rows: Iterable[AlertRow]) -> list[Alert]:
        alerts = []
        for row in rows:
            self._rows[row.id] = row
            alerts.append(alert_from_row(row))
        return alerts

    def active(self, unit: str, kind: Kind, group_key: str) -> Alert | None:
        return self.active_for(unit, [(kind, group_key)]).get((kind, group_key))

    def active_for(self, unit: str, keys: Collection[tuple[Kind, str]]) -> dict[tuple[Kind, str], Alert]:
        """The active alerts of several (kind, group key) pairs, looked up once per unit of work.

        Locked until the transaction ends (PostgreSQL; SQLite writers are serial anyway): two consumers, or a
        consumer and an acknowledgement, never both add to the same counts. Locks are taken in id order.

        No flush first: every alert saved in this transaction went through this repository and is answered from
        `_active`, so the query only asks for keys with nothing pending.
        """
        missing = [(kind, key) for kind, key in keys if (unit, kind, key) not in self._active]
        if missing:
            with self.session.no_autoflush:
                rows = self.session.scalars(
                    select(AlertRow)
                    .where(
                        AlertRow.unit == unit,
                        AlertRow.group_key.in_({key for _, key in missing}),
                        AlertRow.kind.in_({str(kind) for kind, _ in missing}),
                        AlertRow.status.in_(ACTIVE),
                    )
                    .order_by(AlertRow.id)
                    .with_for_update()
                )
                found = {(a.kind, a.group_key): a for a in self._alerts(rows)}
            for kind, key in missing:
                self._active[(unit, kind, key)] = found.get((kind, key))
        known = {(kind, key): self._active[(unit, kind, key)] for kind, key in keys}
        return {key: alert for key, alert in known.items() if alert is not None and alert.status.is_active}

    def active_of_kinds(self, unit: str, kinds: Collection[Kind]) -> list[Alert]:
        if not kinds:
            return []
        rows = self.session.scalars(
            select(AlertRow).where(
                AlertRow.unit == unit, AlertRow.kind.in_([str(k) for k in kinds]), AlertRow.status.in_(ACTIVE)
            )
        )
        return self._alerts(rows)

    def active_everywhere(self, kinds: Collection[Kind]) -> list[Alert]:
        """Active alerts of these kinds in every unit the session may see, for a timer; another worker's timer may
        hold some: it does them, this one skips them."""
        rows = self.session.scalars(
            select(AlertRow)
            .where(AlertRow.kind.in_([str(k) for k in kinds]), AlertRow.status.in_(ACTIVE))
            .order_by(AlertRow.id)
            .with_for_update(skip_locked=True)
        )
        return self._alerts(rows)

    def counted(self, alert_id: str, source_ids: Iterable[str]) -> frozenset[str]:
        """Which of `source_ids` the alert has already counted."""
        wanted = list(source_ids)
        here = self._counted_here.get(alert_id, set()).intersection(wanted)
        if not wanted or alert_id in self._raised_here:
            return frozenset(here)
        with self.session.no_autoflush:  # what this unit of work counted is in `_counted_here`
            found = self.session.scalars(
                select(ContributionRow.source_id).where(
                    ContributionRow.alert_id == alert_id, ContributionRow.source_id.in_(wanted)
                )
            )
            return frozenset(found) | here

    def get(self, alert_id: str, *, for_update: bool = False) -> Alert | None:
        """Through the session's unit scope: another unit's alert is not found. `for_update` when it will change."""
        stmt = select(AlertRow).where(AlertRow.id == alert_id)
        row = self.session.scalar(stmt.with_for_update() if for_update else stmt)
        return None if row is None else self._alerts([row])[0]

    def save(self, alert: Alert, now: datetime) -> None:
        """Store the alert and the contributions it absorbed since it was loaded (`alert.fresh`)."""
        row = self._rows.get(alert.id)
        if row is None:
            row = AlertRow(id=alert.id, unit=alert.unit)
            self._raised_here.add(alert.id)
            self._rows[alert.id] = row
            self.session.add(row)
        self._active[(alert.unit, alert.kind, alert.group_key)] = alert if alert.status.is_active else None
        _fill(row, alert, now)
        self._counted_here.setdefault(alert.id, set()).update(c.source_id for c in alert.fresh)
        for contribution in alert.fresh:
            self.session.add(
                ContributionRow(
                    alert_id=alert.id,
                    source_id=contribution.source_id,
                    at=contribution.at,
                    headcount=contribution.headcount,
                    is_visit=contribution.is_visit,
                    case_id=contribution.case_id,
                )
            )
        alert.fresh.clear()

    def page(self, query: AlertFilter) -> tuple[list[Alert], str | None]:
        """A page of the filtered list, newest first (alert ids are time-ordered), in the session's unit scope."""
        stmt = select(AlertRow).where(*_filtered(query))
        page = paginate(
            self.session, stmt, [AlertRow.id], {"limit": query.limit, "cursor": query.cursor}, descending=True
        )
        return [alert_from_row(row) for row in page["items"]], page["next_cursor"]

    def count(self, query: AlertFilter) -> int:
        """How many alerts the filtered list holds, in the session's unit scope (the page arguments aside)."""
        stmt = select(func.count()).select_from(AlertRow).where(*_filtered(query))
        return int(self.session.scalar(stmt) or 0)

    def count_groups(self, query: AlertFilter, by: Sequence[str]) -> list[dict[str, Any]]:
        """How many alerts the filtered list holds per combination of the columns `by`."""
        keys = [getattr(AlertRow, name).label(name) for name in by]
        stmt = select(*keys, func.count().label("count")).where(*_filtered(query)).group_by(*keys)
        return [dict(row._mapping) for row in self.session.execute(stmt)]

    def told_page(
        self, kinds: Collection[Kind], receivers: Collection[str], limit: int | None, cursor: str | None
    ) -> tuple[list[Alert], str | None]:
        """A page of the alerts of `kinds` noticed to any of `receivers` on any channel, newest first."""
        told = select(DeliveryRow.alert_id).where(DeliveryRow.receiver.in_(list(receivers)))
        stmt = select(AlertRow).where(AlertRow.kind.in_([str(k) for k in kinds]), AlertRow.id.in_(told))
        page = paginate(self.session, stmt, [AlertRow.id], {"limit": limit, "cursor": cursor}, descending=True)
        return [alert_from_row(row) for row in page["items"]], page["next_cursor"]

    def due_for_timers(self, rule_sets: Collection[RuleSet], now: datetime) -> list[Alert]:
        """Active alerts a timer may have work for under any of `rule_sets`: never told yet, past the shortest
        repeat interval, grown and past the shortest group interval, or open and past the shortest escalation
        delay of their severity."""
        repeat = min(r.repeat_interval for r in rule_sets)
        group = min(r.group_interval for r in rule_sets)
        conditions = [
            AlertRow.last_notified_at.is_(None),
            AlertRow.last_notified_at <= now - repeat,
            and_(AlertRow.pending_update.is_(True), AlertRow.last_notified_at <= now - group),
        ]
        for severity in Severity:
            delays = [d for r in rule_sets if (d := r.escalation_delay(severity)) is not None]
            if delays:
                conditions.append(
                    and_(
                        AlertRow.status == str(Status.OPEN),
                        AlertRow.severity == str(severity),
                        AlertRow.level_since <= now - min(delays),
                    )
                )
        # another worker's timer may hold some: it does them, this one skips them
        rows = self.session.scalars(
            select(AlertRow)
            .where(AlertRow.status.in_(ACTIVE), or_(*conditions))
            .order_by(AlertRow.id)
            .with_for_update(skip_locked=True)
        )
        return self._alerts(rows)

    def active_counts(self) -> dict[tuple[str, str, str], int]:
        """Active alerts by (kind, severity, status)."""
        rows = self.session.execute(
            select(AlertRow.kind, AlertRow.severity, AlertRow.status, func.count())
            .where(AlertRow.status.in_(ACTIVE))
            .group_by(AlertRow.kind, AlertRow.severity, AlertRow.status)
        )
        return {(kind, severity, status): count for kind, severity, status, count in rows}


class RuleRepository:
    """Each unit's rule set (the defaults until one is saved), read through the per-process cache."""

    def __init__(self, session: Session, cache: CopyCache[Any]) -> None:
        self.session = session
        self.cache = cache
        self.database = database_of(session)

    def get(self, unit: str) -> RuleSet:
        def load() -> RuleSet:
            row = self.session.scalar(select(RuleSetRow).where(RuleSetRow.unit == unit))
            return RuleSet.default() if row is None else RuleSet.from_dict(row.document)

        return self.cache.get((self.database, unit, "rules"), load)

    def all(self) -> list[RuleSet]:
        """Every unit's rules, and the defaults (which units without saved rules follow)."""
        documents = self.session.scalars(select(RuleSetRow.document))
        return [RuleSet.default(), *(RuleSet.from_dict(d) for d in documents)]

    def units(self) -> set[str]:
        return set(self.session.scalars(select(RuleSetRow.unit)))

    def put(self, unit: str, rules: RuleSet, by: str, now: datetime) -> None:
        row = self.session.scalar(select(RuleSetRow).where(RuleSetRow.unit == unit))
        document = rules.to_dict(with_secrets=True)
        if row is None:
            self.session.add(RuleSetRow(unit=unit, document=document, updated_at=now, updated_by=by))
        else:
            row.document, row.updated_at, row.updated_by = document, now, by
        self.session.flush()
        self.cache.invalidate(self.database, unit)


class CopyRepository:
    """The local copies of roster's data: each unit's working calendar (the kit's `CopyStore` over `CalendarRow`,
    whose `updated_at` holds when roster changed it) and the published rosters (a log: each publication is kept)."""

    def __init__(self, session: Session, cache: CopyCache[Any]) -> None:
        self.session = session
        self.cache = cache
        self.database = database_of(session)

    def kept(self, key: str, *, for_update: bool = False) -> Kept[dict[str, Any]] | None:
        stmt = select(CalendarRow).where(CalendarRow.unit == key)
        row = self.session.scalar(stmt.with_for_update() if for_update else stmt)
        return None if row is None else Kept(row.document, row.updated_at)

    def keep(self, key: str, document: dict[str, Any], changed_at: datetime) -> None:
        row = self.session.scalar(select(CalendarRow).where(CalendarRow.unit == key))
        if row is None:
            self.session.add(CalendarRow(unit=key, document=document, updated_at=changed_at))
        else:
            row.document, row.updated_at = document, changed_at
        self.session.flush()

    def calendar(self, unit: str) -> WorkingCalendar:
        return CALENDARS.read(self, unit, scope=self.database)

    def units(self) -> set[str]:
        """Units with a calendar copy."""
        return set(self.session.scalars(select(CalendarRow.unit)))

    def put_calendar(
        self, unit: str, document: Mapping[str, Any], changed_at: datetime, on_committed: OnCommitted
    ) -> bool:
        """Keep roster's calendar unless a later one is kept already; True when it was kept."""
        change = Kept(dict(document), changed_at)
        return CALENDARS.apply(self, unit, change, scope=self.database, on_committed=on_committed)

    def add_roster(
        self,
        unit: str,
        roster: DutyRoster,
        document: Mapping[str, Any],
        published_at: datetime,
        on_committed: OnCommitted,
    ) -> None:
        self.session.add(
            RosterRow(
                unit=unit,
                roster_id=roster.roster_id,
                period_from=roster.period_from,
                period_to=roster.period_to,
                document=dict(document),
                published_at=published_at,
            )
        )
        self.session.flush()
        self.cache.invalidate(self.database, unit, "rosters")
        on_committed(lambda: self.cache.invalidate(self.database, unit, "rosters"))

    def rosters_covering(self, unit: str, day: date) -> tuple[DutyRoster, ...]:
        """In publication order (the last one published at roster wins, whatever order they arrived in); the day
        before is included for night shifts."""

        def load() -> tuple[DutyRoster, ...]:
            rows = self.session.scalars(
                select(RosterRow)
                .where(
                    RosterRow.unit == unit,
                    RosterRow.period_from <= day,
                    RosterRow.period_to >= day - timedelta(days=1),
                )
                .order_by(RosterRow.published_at, RosterRow.id)
            )
            return tuple(DutyRoster.from_event(r.document) for r in rows)

        return self.cache.get((self.database, unit, "rosters", day), load)


class SilenceRepository:
    def __init__(self, session: Session, cache: CopyCache[Any]) -> None:
        self.session = session
        self.cache = cache
        self.database = database_of(session)

    def add(self, silence: Silence) -> None:
        self.session.add(
            SilenceRow(
                id=silence.id,
                unit=silence.unit,
                matchers=dict(silence.matchers),
                starts_at=silence.starts_at,
                ends_at=silence.ends_at,
                created_by=silence.created_by,
                comment=silence.comment,
                created_at=silence.created_at,
            )
        )
        self.session.flush()
        self.cache.invalidate(self.database, silence.unit)

    def in_force(self, unit: str, now: datetime) -> list[Silence]:
        """The unit's silences active at `now` (from a per-process copy of those not yet ended)."""
        not_ended = self.cache.get(
            (self.database, unit, "silences"),
            lambda: tuple(self.listing(unit, ending_after=now)),
        )
        return [s for s in not_ended if s.active_at(now)]

    def listing(self, unit: str | None = None, ending_after: datetime | None = None) -> list[Silence]:
        """Silences the session may see (its unit scope applies), of one unit or not yet ended if asked."""
        stmt = select(SilenceRow).order_by(SilenceRow.starts_at, SilenceRow.id)
        if unit is not None:
            stmt = stmt.where(SilenceRow.unit == unit)
        if ending_after is not None:
            stmt = stmt.where(SilenceRow.ends_at > ending_after)
        return [_silence(r) for r in self.session.scalars(stmt)]

    def get(self, silence_id: str) -> Silence | None:
        row = self.session.scalar(select(SilenceRow).where(SilenceRow.id == silence_id))
        return None if row is None else _silence(row)

    def expire(self, silence: Silence, now: datetime) -> None:
        self.session.execute(
            update(SilenceRow).where(SilenceRow.id == silence.id, SilenceRow.ends_at > now).values(ends_at=now)
        )
        self.cache.invalidate(self.database, silence.unit)


class DeliveryRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def notices(self, alert_ids: Collection[str], receivers: Collection[str]) -> dict[str, list[Notice]]:
        """Per alert, its notices to `receivers`, newest first: one per notice whatever the number of channels it
        went on."""
        rows = self.session.execute(
            select(DeliveryRow.alert_id, DeliveryRow.receiver, DeliveryRow.reason, DeliveryRow.created_at)
            .where(DeliveryRow.alert_id.in_(list(alert_ids)), DeliveryRow.receiver.in_(list(receivers)))
            .distinct()
            .order_by(DeliveryRow.created_at.desc(), DeliveryRow.receiver)
        )
        found: dict[str, list[Notice]] = {}
        for alert_id, receiver, reason, created_at in rows:
            found.setdefault(alert_id, []).append(Notice(receiver, Reason(reason), created_at))
        return found

    def add(self, unit: str, delivery: Delivery) -> None:
        row = DeliveryRow(id=delivery.id, unit=unit)
        _fill_delivery(row, delivery)
        self.session.add(row)

    def record_attempts(self, deliveries: Collection[Delivery]) -> None:
        """Store the outcome of a round of attempts: one executemany UPDATE by primary key."""
        if not deliveries:
            return
        self.session.execute(
            update(DeliveryRow),
            [
                {
                    "id": d.id,
                    "outcome": str(d.outcome),
                    "attempts": d.attempts,
                    "next_attempt_at": d.next_attempt_at,
                    "last_error": d.last_error,
                    "last_status": d.last_status,
                    "delivered_at": d.delivered_at,
                    "log": list(d.log),
                }
                for d in deliveries
            ],
        )

    def claim_due(self, now: datetime, lease: timedelta, limit: int) -> list[tuple[str, Delivery]]:
        """Due deliveries, leased so another worker leaves them alone while this one sends (`(unit, delivery)`)."""
        stmt = (
            select(DeliveryRow)
            .where(
                DeliveryRow.outcome.in_([str(Outcome.PENDING), str(Outcome.RETRYING)]),
                or_(DeliveryRow.next_attempt_at.is_(None), DeliveryRow.next_attempt_at <= now),
            )
            .order_by(DeliveryRow.created_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        rows = list(self.session.scalars(stmt))
        for row in rows:
            row.next_attempt_at = now + lease
        self.session.flush()
        return [(r.unit, _delivery(r)) for r in rows]

    def of_alert(self, alert_id: str) -> list[Delivery]:
        rows = self.session.scalars(
            select(DeliveryRow).where(DeliveryRow.alert_id == alert_id).order_by(DeliveryRow.created_at)
        )
        return [_delivery(r) for r in rows]


_CONTRIBUTION_COLUMNS = (
    SightingRow.source_id,
    SightingRow.at,
    SightingRow.headcount,
    SightingRow.is_visit,
    SightingRow.case_id,
)


def _lock_name(unit: str, group_key: str) -> str:
    return f"{unit}|{group_key}"


def _sighting_values(unit: str, contribution: Contribution, group_key: str | None) -> dict[str, Any]:
    return {
        "unit": unit,
        "source_id": contribution.source_id,
        "group_key": group_key,
        "at": contribution.at,
        "headcount": contribution.headcount,
        "is_visit": contribution.is_visit,
        "case_id": contribution.case_id,
    }


def alert_from_row(row: AlertRow) -> Alert:
    return Alert(
        id=row.id,
        unit=row.unit,
        kind=Kind(row.kind),
        group_key=row.group_key,
        severity=Severity(row.severity),
        field=row.field,
        subject=row.subject,
        area=row.area,
        first_seen=row.first_seen,
        last_seen=row.last_seen,
        plan=RoutePlan(tuple(row.route_receivers), tuple(row.route_escalation)),
        raised_at=row.raised_at,
        status=Status(row.status),
        headcount=row.headcount,
        counted_visits=row.counted_visits,
        visit_count_floor=row.visit_count_floor,
        case_ids=list(row.case_ids),
        details=dict(row.details),
        special_period=row.special_period,
        escalation_level=row.escalation_level,
        level_since=row.level_since,
        last_notified_at=row.last_notified_at,
        pending_update=row.pending_update,
        acknowledged_by=row.acknowledged_by,
        acknowledged_at=row.acknowledged_at,
        acknowledge_note=row.acknowledge_note,
        resolved_by=row.resolved_by,
        resolved_at=row.resolved_at,
        resolve_note=row.resolve_note,
    )


def _fill(row: AlertRow, alert: Alert, now: datetime) -> None:
    row.kind, row.group_key, row.severity, row.status = (
        str(alert.kind),
        alert.group_key,
        str(alert.severity),
        str(alert.status),
    )
    row.title = alert.title
    row.field, row.subject, row.area = alert.field, alert.subject, alert.area
    row.headcount, row.counted_visits, row.visit_count_floor = (
        alert.headcount,
        alert.counted_visits,
        alert.visit_count_floor,
    )
    row.case_ids, row.details = list(alert.case_ids), dict(alert.details)
    row.first_seen, row.last_seen, row.raised_at, row.updated_at = (
        alert.first_seen,
        alert.last_seen,
        alert.raised_at,
        now,
    )
    row.route_receivers, row.route_escalation = list(alert.plan.receivers), list(alert.plan.escalation)
    row.escalation_level, row.special_period = alert.escalation_level, alert.special_period
    row.level_since, row.last_notified_at = alert.level_since, alert.last_notified_at
    row.pending_update = alert.pending_update
    row.acknowledged_by, row.acknowledged_at, row.acknowledge_note = (
        alert.acknowledged_by,
        alert.acknowledged_at,
        alert.acknowledge_note,
    )
    row.resolved_by, row.resolved_at, row.resolve_note = alert.resolved_by, alert.resolved_at, alert.resolve_note


def _silence(row: SilenceRow) -> Silence:
    return Silence(
        id=row.id,
        unit=row.unit,
        matchers=dict(row.matchers),
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        created_by=row.created_by,
        comment=row.comment,
        created_at=row.created_at,
    )


def _delivery(row: DeliveryRow) -> Delivery:
    return Delivery(
        id=row.id,
        alert_id=row.alert_id,
        receiver=row.receiver,
        channel=Channel(row.channel),
        reason=Reason(row.reason),
        payload=dict(row.payload),
        created_at=row.created_at,
        outcome=Outcome(row.outcome),
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        last_error=row.last_error,
        last_status=row.last_status,
        delivered_at=row.delivered_at,
        log=list(row.log),
    )


def _fill_delivery(row: DeliveryRow, delivery: Delivery) -> None:
    row.alert_id, row.receiver, row.channel, row.reason = (
        delivery.alert_id,
        delivery.receiver,
        str(delivery.channel),
        str(delivery.reason),
    )
    row.payload, row.outcome, row.attempts = delivery.payload, str(delivery.outcome), delivery.attempts
    row.next_attempt_at, row.last_error, row.last_status = (
        delivery.next_attempt_at,
        delivery.last_error,
        delivery.last_status,
    )
    row.created_at, row.delivered_at, row.log = delivery.created_at, delivery.delivered_at, list(delivery.log)
