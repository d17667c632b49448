"""In-memory repositories and `FakeReportsUnitOfWork`, for fast tests of the service layer without a database.

They keep the facts as the events gave them and count with the domain's plain-record rules (`tally_visits`,
`tally_handling`, `register_counts`), which the SQL projections are tested against in tests/integration.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from tiepdan.kit.db import UNSCOPED, UnitScope
from tiepdan.kit.fakes import FakeUnitOfWork
from tiepdan.kit.replica import MemoryCopies, supersedes
from tiepdan.reports.adapters.charts import DayPoint
from tiepdan.reports.adapters.orm import (
    Delivery,
    ReportAddressee,
    ReportFile,
    ReportMail,
    ReportNarrative,
    ReportSnapshot,
)
from tiepdan.reports.domain import cases, coordination, daily, handling, reception
from tiepdan.reports.domain.access import Units
from tiepdan.reports.domain.figures import FigureRow
from tiepdan.reports.domain.periods import Period
from tiepdan.reports.domain.reception import column_of, is_group
from tiepdan.reports.domain.schedule import AlreadyMade
from tiepdan.reports.domain.ward_time import day_end, day_start


def _in(units: Units, unit: str) -> bool:
    return units is None or unit in units


class FakeStore:
    """Every table the repositories share, as dictionaries."""

    def __init__(self) -> None:
        self.visits: dict[str, dict[str, Any]] = {}
        self.petitions: dict[str, dict[str, Any]] = {}
        self.changes: dict[str, dict[str, Any]] = {}
        self.deadlines: dict[tuple[str, str], tuple[cases.CaseDeadline, datetime]] = {}
        self.merges: dict[str, dict[str, Any]] = {}
        self.alerts: dict[str, daily.AlertSeen] = {}
        self.plans: dict[str, coordination.PlanSeen] = {}
        self.tasks: dict[str, coordination.TaskSeen] = {}
        self.register: dict[tuple[str, date], tuple[dict[str, Any], datetime]] = {}
        self.calendars: MemoryCopies[dict[str, Any]] = MemoryCopies()
        self.unit_names: dict[str, str] = {}
        self.snapshots: dict[str, ReportSnapshot] = {}
        self.files: dict[str, list[ReportFile]] = {}
        self.deliveries: dict[str, Delivery] = {}
        self.schedule: dict[str, str] = {}
        self.addressees: dict[tuple[str, str], ReportAddressee] = {}
        self.mails: dict[tuple[str, str], ReportMail] = {}
        self.narratives: dict[tuple[str, int], ReportNarrative] = {}

    def visit_facts(self, units: Units) -> list[reception.VisitFact]:
        """The visits as 01/TCD's plain rules read them: a visit that did not open its case was preceded by the
        case's first visit, at the latest at the start of that visit's day."""
        return [
            reception.VisitFact(
                unit=row["unit"],
                visit_id=row["visit_id"],
                case_id=row["case_id"],
                received_at=row["received_at"],
                reception=row["reception"],
                headcount=row["headcount"],
                case_first_visit_at=row["received_at"]
                if row["is_case_first_visit"]
                else min(day_start(row["case_first_on"]), row["received_at"]),
            )
            for row in self.visits.values()
            if _in(units, row["unit"])
        ]

    def changes_of(self, case_ids: Iterable[str], before: datetime) -> list[cases.CaseChange]:
        ids = set(case_ids)
        return [
            cases.CaseChange(
                case_id=row["case_id"],
                at=row["at"],
                status=row["status"],
                kind=row["kind"],
                field=row["field"],
                area=row["area"],
                competent=row["competent"],
                complaint_round=row["complaint_round"],
                action=row["action"],
                outcome=row["outcome"],
                watched=None if row["watched"] is None else frozenset(row["watched"]),
            )
            for row in self.changes.values()
            if row["case_id"] in ids and row["at"] < before
        ]


class FakeVisits:
    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def record(self, burst: Sequence[Mapping[str, Any]]) -> int:
        new = [values for values in burst if values["visit_id"] not in self.store.visits]
        for values in new:
            self.store.visits.setdefault(values["visit_id"], dict(values))
        return len({values["visit_id"] for values in new})

    def case_of(self, visit_id: str) -> str | None:
        row = self.store.visits.get(visit_id)
        return None if row is None else row["case_id"]

    def correct(self, values: Mapping[str, Any]) -> None:
        row = self.store.visits[values["visit_id"]]
        for name in ("reception", "headcount", "kind", "field", "area"):
            row[name] = values[name]
        row["report_column"] = column_of(row["reception"]).value

    def move_case(self, merged: str, into: str) -> int:
        moved = [row for row in self.store.visits.values() if row["case_id"] == merged]
        for row in moved:
            row["case_id"] = into
        return len(moved)


class FakePetitions:
    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def add(self, values: Mapping[str, Any]) -> None:
        self.store.petitions.setdefault(values["petition_id"], dict(values))

    def correct(self, values: Mapping[str, Any]) -> None:
        self.store.petitions[values["petition_id"]] = dict(values)

    def move_case(self, merged: str, into: str) -> None:
        for row in self.store.petitions.values():
            if row["case_id"] == merged:
                row["case_id"] = into


class FakeCases:
    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def add_change(self, values: Mapping[str, Any]) -> None:
        self.store.changes.setdefault(values["event_id"], dict(values))

    def set_deadline(self, deadline: cases.CaseDeadline, set_at: datetime) -> None:
        key = (deadline.case_id, deadline.name)
        stored = self.store.deadlines.get(key)
        if stored is None or stored[1] <= set_at:
            self.store.deadlines[key] = (deadline, set_at)

    def keep_deadlines(self, case_id: str, names: Iterable[str], set_by: datetime) -> None:
        kept = set(names)
        for key, (_deadline, set_at) in list(self.store.deadlines.items()):
            if key[0] == case_id and key[1] not in kept and set_at <= set_by:
                del self.store.deadlines[key]

    def drop_deadlines(self, case_id: str) -> None:
        for key in [key for key in self.store.deadlines if key[0] == case_id]:
            del self.store.deadlines[key]

    def add_merge(self, values: Mapping[str, Any]) -> None:
        self.store.merges.setdefault(values["case_id"], dict(values))

    def merged_among(self, case_ids: Iterable[str]) -> list[str]:
        return [case_id for case_id in set(case_ids) if case_id in self.store.merges]

    def merged_into(self, case_id: str) -> str | None:
        merge = self.store.merges.get(case_id)
        return None if merge is None else merge["into"]


class FakeAlerts:
    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def get(self, alert_id: str) -> daily.AlertSeen | None:
        return self.store.alerts.get(alert_id)

    def save(self, alert: daily.AlertSeen) -> None:
        self.store.alerts[alert.alert_id] = alert


class FakeCoordination:
    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def plan(self, plan_id: str) -> coordination.PlanSeen | None:
        return self.store.plans.get(plan_id)

    def save_plan(self, plan: coordination.PlanSeen) -> None:
        self.store.plans[plan.plan_id] = plan

    def task(self, task_id: str) -> coordination.TaskSeen | None:
        return self.store.tasks.get(task_id)

    def save_task(self, task: coordination.TaskSeen) -> None:
        self.store.tasks[task.task_id] = task


class FakeRegisterDays:
    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def close(self, unit: str, day: date, counts: Mapping[str, Any], closed_at: datetime) -> None:
        stored = self.store.register.get((unit, day))
        if stored is None or stored[1] <= closed_at:
            self.store.register[(unit, day)] = (dict(counts), closed_at)

    def between(self, units: Units, start: date, end: date) -> dict[tuple[str, date], dict[str, Any]]:
        return {
            (unit, day): counts
            for (unit, day), (counts, _closed_at) in self.store.register.items()
            if _in(units, unit) and start <= day <= end
        }


class FakeCalendarCopy:
    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def apply(self, unit: str, document: Mapping[str, Any], changed_at: datetime) -> bool:
        kept = self.store.calendars.kept(unit)
        if not supersedes(changed_at, None if kept is None else kept.changed_at):
            return False
        self.store.calendars.keep(unit, dict(document), changed_at)
        return True

    def documents(self) -> dict[str, dict[str, Any]]:
        return {unit: kept.document for unit, kept in self.store.calendars.copies.items()}

    def units_heard_of(self) -> set[str]:
        return set(self.store.calendars.copies) | {unit for unit, _day in self.store.register}


class FakeUnitNames:
    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def names(self) -> dict[str, str]:
        return dict(self.store.unit_names)

    def set(self, code: str, name: str, *, by: str, at: datetime) -> None:
        self.store.unit_names[code] = name


class FakeSnapshots:
    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def add(self, snapshot: ReportSnapshot, files: Sequence[ReportFile]) -> None:
        self.store.snapshots[snapshot.id] = snapshot
        self.store.files[snapshot.id] = list(files)

    def get(self, report_id: str) -> ReportSnapshot | None:
        return self.store.snapshots.get(report_id)

    def files_of(self, report_id: str) -> list[ReportFile]:
        return list(self.store.files.get(report_id, []))

    def page(self, template: str | None, args: Mapping[str, Any]) -> tuple[list[ReportSnapshot], str | None]:
        found = [s for s in self.store.snapshots.values() if template in (None, "", s.template)]
        found.sort(key=lambda s: (s.generated_at, s.id), reverse=True)
        return found[: int(args.get("limit") or 50)], None


class FakeDeliveries:
    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def add(self, delivery: Delivery) -> None:
        self.store.deliveries[delivery.report_id] = delivery

    def due(self, now: datetime, limit: int) -> list[str]:
        due = [
            d
            for d in self.store.deliveries.values()
            if d.status in ("pending", "retrying") and d.next_attempt_at is not None and d.next_attempt_at <= now
        ]
        return [d.report_id for d in sorted(due, key=lambda d: d.next_attempt_at or now)][:limit]

    def get(self, report_id: str, *, for_update: bool = False) -> Delivery | None:
        return self.store.deliveries.get(report_id)


class FakeAddressees:
    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def add(self, addressee: ReportAddressee) -> None:
        key = (addressee.report_id, addressee.recipient)
        if key in self.store.addressees:
            raise ValueError(f"report {key} already addressed")  # the table's primary key
        self.store.addressees[key] = addressee

    def page(self, recipient: str, units: Units, args: Mapping[str, Any]) -> tuple[list[ReportAddressee], str | None]:
        found = [a for a in self.store.addressees.values() if a.recipient == recipient and _in(units, a.unit)]
        found.sort(key=lambda a: (a.period_to, a.report_id), reverse=True)
        return found[: int(args.get("limit") or 50)], None


class FakeMails:
    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def add(self, mail: ReportMail) -> None:
        key = (mail.report_id, mail.address)
        if key in self.store.mails:
            raise ValueError(f"mail {key} already queued")  # the table's primary key
        self.store.mails[key] = mail

    def claim_due(self, now: datetime, lease: timedelta, limit: int) -> list[tuple[str, str]]:
        due = [
            m
            for m in self.store.mails.values()
            if (m.status in ("pending", "retrying") and m.next_attempt_at is not None and m.next_attempt_at <= now)
            or (m.status == "sending" and m.claimed_until is not None and m.claimed_until <= now)
        ][:limit]
        for m in due:
            m.status, m.claimed_until, m.attempts = "sending", now + lease, m.attempts + 1
        return [(m.report_id, m.address) for m in due]

    def get(self, report_id: str, address: str) -> ReportMail | None:
        return self.store.mails.get((report_id, address))

    def of_reports(self, report_ids: Iterable[str]) -> list[ReportMail]:
        ids = set(report_ids)
        return sorted((m for m in self.store.mails.values() if m.report_id in ids), key=lambda m: m.address)


class FakeNarratives:
    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def add(self, narrative: ReportNarrative) -> None:
        self.store.narratives[(narrative.report_id, narrative.version)] = narrative

    def latest(self, report_id: str) -> ReportNarrative | None:
        versions = [n for (of, _v), n in self.store.narratives.items() if of == report_id]
        return max(versions, key=lambda n: n.version, default=None)


class FakeSchedule:
    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def made(self, key: str) -> bool:
        return key in self.store.schedule

    def add(self, key: str, report_id: str, at: datetime) -> None:
        if key in self.store.schedule:
            raise AlreadyMade(key)
        self.store.schedule[key] = report_id


#: `by=` of the live figures: a visit's key, and a petition's (None when petitions have no such key)
_VISIT_KEYS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "day": lambda row: row["received_on"].isoformat(),
    "field": lambda row: row["field"],
    "area": lambda row: row["area"],
    "kind": lambda row: row["kind"],
    "reception": lambda row: row["reception"],
    "unit": lambda row: row["unit"],
}


class FakeFigures:
    def __init__(self, store: FakeStore) -> None:
        self.store = store

    def _visits(self, units: Units, start: date, end: date) -> list[dict[str, Any]]:
        return [
            row for row in self.store.visits.values() if _in(units, row["unit"]) and start <= row["received_on"] <= end
        ]

    def _petitions(self, units: Units, start: date, end: date) -> list[dict[str, Any]]:
        return [
            row
            for row in self.store.petitions.values()
            if _in(units, row["unit"]) and start <= row["received_on"] <= end
        ]

    def reception_figures(self, units: Units, period: Period, threshold: int) -> dict[str, reception.ReceptionFigures]:
        active = {row["unit"] for row in self._visits(units, period.start, period.end)}
        facts = [fact for fact in self.store.visit_facts(units) if fact.unit in active]
        return reception.tally_visits(facts, period, threshold)

    def handling_figures(self, units: Units, period: Period) -> dict[str, dict[str, Any]]:
        petitions = [
            handling.PetitionFact(
                row["unit"],
                row["petition_id"],
                row["case_id"],
                row["received_on"],
                row["eligible"],
                row["kind"],
                row["field"],
            )
            for row in self._petitions(units, date.min, period.end)
        ]
        deadlines = [
            deadline
            for deadline, _set_at in self.store.deadlines.values()
            if _in(units, deadline.unit) and period.start <= deadline.due <= period.end
        ]
        case_ids = [p.case_id for p in petitions] + [d.case_id for d in deadlines]
        changes = self.store.changes_of(case_ids, day_end(period.end))
        return handling.tally_handling(petitions, changes, deadlines, period)

    def day_counts(
        self, units: Units, start: date, end: date, threshold: int
    ) -> dict[tuple[str, date], dict[str, Any]]:
        by_reception: dict[tuple[str, date], dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for row in self._visits(units, start, end):
            by_reception[(row["unit"], row["received_on"])][row["reception"]].append(row["headcount"])
        petitions: dict[tuple[str, date], int] = defaultdict(int)
        for row in self._petitions(units, start, end):
            petitions[(row["unit"], row["received_on"])] += 1
        return {
            key: daily.register_counts(
                {
                    name: daily.ReceptionDay(len(heads), sum(heads), sum(is_group(h, threshold) for h in heads))
                    for name, heads in by_reception.get(key, {}).items()
                },
                petitions.get(key, 0),
            )
            for key in sorted(by_reception.keys() | petitions.keys())
        }

    def figures_by(self, units: Units, start: date, end: date, by: str, threshold: int) -> list[FigureRow]:
        key_of = _VISIT_KEYS[by]
        grouped: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for row in self._visits(units, start, end):
            grouped[key_of(row)].append(row)
        rows = {
            key: FigureRow(
                key=key,
                visits=len(visits),
                persons=sum(v["headcount"] for v in visits),
                groups=sum(1 for v in visits if is_group(v["headcount"], threshold)),
                group_persons=sum(v["headcount"] for v in visits if is_group(v["headcount"], threshold)),
                cases=len({v["case_id"] for v in visits}),
                petitions=None if by == "reception" else 0,
            )
            for key, visits in grouped.items()
        }
        if by != "reception":
            for row in self._petitions(units, start, end):
                key = key_of(row)
                found = rows.get(key) or FigureRow(key)
                rows[key] = FigureRow(**{**found.__dict__, "petitions": (found.petitions or 0) + 1})
        return [row for _key, row in sorted(rows.items())]

    def day_series(self, units: Units, start: date, end: date, threshold: int) -> dict[date, DayPoint]:
        series: dict[date, DayPoint] = {}
        for row in self._visits(units, start, end):
            day, head = row["received_on"], row["headcount"]
            point = series.get(day) or DayPoint(day, 0, 0, 0)
            series[day] = DayPoint(
                day, point.visits + 1, point.persons + head, point.groups + int(is_group(head, threshold))
            )
        return series

    def topic_visits(self, units: Units, start: date, end: date, dimension: str) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for row in self._visits(units, start, end):
            counts[row[dimension]] += 1
        return dict(counts)

    def open_alerts(self, units: Units, at: datetime) -> list[daily.AlertFact]:
        alerts = [
            daily.AlertFact(alert.unit, alert.alert_id, alert.kind, alert.raised_at, alert.resolved_at)
            for alert in self.store.alerts.values()
            if _in(units, alert.unit)
        ]
        return [alert for alert in alerts if alert.is_open_at(at)]

    def alerts_raised(self, units: Units, start: datetime, end: datetime) -> list[daily.AlertFact]:
        return [
            daily.AlertFact(alert.unit, alert.alert_id, alert.kind, alert.raised_at, alert.resolved_at)
            for alert in self.store.alerts.values()
            if _in(units, alert.unit) and start <= alert.raised_at < end
        ]

    def plans_and_tasks(
        self, units: Units, start: datetime, end: datetime
    ) -> tuple[list[coordination.PlanSeen], list[coordination.TaskSeen]]:
        """Every plan and task of the units: the counting rules pick the period's."""
        plans = [plan for plan in self.store.plans.values() if _in(units, plan.unit)]
        return plans, [task for task in self.store.tasks.values() if _in(units, task.unit)]

    def cases_by_kind(self, units: Units, start: date, end: date) -> dict[str, dict[str, int]]:
        seen: set[tuple[str, str, str]] = set()
        for row in [*self._visits(units, start, end), *self._petitions(units, start, end)]:
            seen.add((row["unit"], row["kind"], row["case_id"]))
        found: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for unit, kind, _case_id in seen:
            found[unit][kind] += 1
        return {unit: dict(kinds) for unit, kinds in found.items()}

    def deadlines_past(
        self, units: Units, day: date
    ) -> tuple[list[cases.CaseDeadline], dict[str, list[cases.CaseChange]]]:
        deadlines = [d for d, _set_at in self.store.deadlines.values() if _in(units, d.unit) and d.due < day]
        changes: dict[str, list[cases.CaseChange]] = defaultdict(list)
        for change in self.store.changes_of((d.case_id for d in deadlines), day_end(day)):
            changes[change.case_id].append(change)
        return deadlines, changes


class FakeReportsUnitOfWork(FakeUnitOfWork):
    """Every `with` on it works on the same store, as every unit of work works on the same database."""

    def __init__(self, scope: UnitScope = UNSCOPED, store: FakeStore | None = None) -> None:
        super().__init__(scope, source="reports")
        self.store = store or FakeStore()
        self.visits = FakeVisits(self.store)
        self.petitions = FakePetitions(self.store)
        self.cases = FakeCases(self.store)
        self.alerts = FakeAlerts(self.store)
        self.coordination = FakeCoordination(self.store)
        self.register_days = FakeRegisterDays(self.store)
        self.calendars = FakeCalendarCopy(self.store)
        self.unit_names = FakeUnitNames(self.store)
        self.snapshots = FakeSnapshots(self.store)
        self.deliveries = FakeDeliveries(self.store)
        self.addressees = FakeAddressees(self.store)
        self.mails = FakeMails(self.store)
        self.narratives = FakeNarratives(self.store)
        self.schedule = FakeSchedule(self.store)
        self.figures = FakeFigures(self.store)

    def __enter__(self) -> FakeReportsUnitOfWork:
        return self
