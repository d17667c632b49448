"""Making reports and reconciling with intake's register through the service layer, on the in-memory unit of work."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

import pytest

from tiepdan.reports.adapters.webhook import Sent
from tiepdan.reports.config import ReportSettings
from tiepdan.reports.domain.daily import ReceptionDay, register_counts
from tiepdan.reports.domain.periods import CutOffRule, Period
from tiepdan.reports.domain.schedule import ScheduledReport
from tiepdan.reports.handlers.intake import petition_values, visit_values
from tiepdan.reports.service import projections
from tiepdan.reports.service.figures import reconciliation
from tiepdan.reports.service.schedule import make_scheduled, record_attempt
from tiepdan.reports.service.snapshots import ReportError, ReportRequest, make_report, readable_snapshot

WARD = "bach-quang"
Q1 = CutOffRule().window("quarter", 2026, 1)
NOW = datetime(2026, 4, 1, 3, tzinfo=UTC)


@pytest.fixture
def projected(fake_uow, events_of, visit_rows, petition_facts):
    with fake_uow:
        projections.record_visits(fake_uow, [visit_values(events_of.visit(row)) for row in visit_rows])
        for petition in petition_facts:
            projections.record_petition(fake_uow, petition_values(events_of.petition(petition)))
        fake_uow.commit()
    return fake_uow


def _request(template: str, period: Period, units=frozenset({WARD}), deliver: bool = False) -> ReportRequest:
    return ReportRequest(template, period, units, requested_by="u-clerk", home_unit=WARD, deliver=deliver)


def test_a_q1_01tcd_snapshot_holds_the_hand_counted_figures_its_files_and_its_event(projected) -> None:
    with projected:
        document = make_report(projected, ReportSettings(), _request("01/TCD", Q1), NOW)
        projected.commit()
    assert projected.committed
    assert document["figures"]["total"] == {"visits": 8, "persons": 35, "cases": 6}
    assert document["cut_off"] == "2026-03-14T17:00:00+00:00"  # the end of 14/03 in the ward, before NOW
    assert sorted(document["files"]) == ["csv", "pdf", "xlsx"]
    files = {file.format: file for file in projected.snapshots.files_of(document["id"])}
    assert document["sha256"]["csv"] == hashlib.sha256(files["csv"].content).hexdigest()
    assert "UBND phường Bách Quang,8,35,6," in files["csv"].content.decode("utf-8-sig")  # the unit by its name
    [event] = projected.events
    assert event.type == "reports.report.generated"
    assert event.data["report_id"] == document["id"]
    assert event.unit == WARD


def test_a_province_report_has_a_row_per_unit_and_their_sum(projected) -> None:
    with projected:
        document = make_report(projected, ReportSettings(), _request("01/TCD", Q1, units=None), NOW)
    rows = {row["unit"]: row["figures"]["total"]["visits"] for row in document["rows"]}
    assert rows == {WARD: 8, "tran-phu": 1}
    assert document["figures"]["total"]["visits"] == 9


def test_a_daily_report_over_a_month_is_refused_and_nothing_is_kept(projected) -> None:
    with projected, pytest.raises(ReportError, match="31 days"):
        make_report(projected, ReportSettings(), _request("daily", Period(date(2026, 1, 1), date(2026, 2, 1))), NOW)
    assert projected.store.snapshots == {}
    assert projected.events == []


def test_a_snapshot_of_a_unit_the_caller_does_not_see_is_not_found(projected) -> None:
    with projected:
        document = make_report(projected, ReportSettings(), _request("02/XLD", Q1), NOW)
        assert readable_snapshot(projected, document["id"], frozenset({WARD})) is not None
        assert readable_snapshot(projected, document["id"], frozenset({"tran-phu"})) is None
        assert readable_snapshot(projected, document["id"], None) is not None


def test_reconciliation_with_a_closed_register_day(projected) -> None:
    day = date(2026, 2, 2)  # c1 periodic (1 person), c2 unscheduled (12, a group); no petition
    agreeing = register_counts({"periodic": ReceptionDay(1, 1, 0), "unscheduled": ReceptionDay(1, 12, 1)}, 0)
    with projected:
        projections.close_register_day(projected, WARD, day, agreeing, datetime(2026, 2, 2, 11, tzinfo=UTC))
        assert reconciliation(projected, frozenset({WARD}), Period(day, day), 5).matches
        late = agreeing | {"persons": 12}  # closed again later, with a count that differs
        projections.close_register_day(projected, WARD, day, late, datetime(2026, 2, 3, 1, tzinfo=UTC))
        result = reconciliation(projected, frozenset({WARD}), Period(day, day), 5)
    assert not result.matches
    assert [(d.metric, d.register, d.reports, d.difference) for d in result.differences] == [("persons", 12, 13, 1)]
    assert (result.days_with_register, result.days_with_activity) == (1, 1)


def test_a_scheduled_report_is_made_once_and_delivered_with_retries(projected) -> None:
    settings = ReportSettings(webhook_url="https://province.example/reports")
    due = ScheduledReport(f"01/TCD|{WARD}|quarter|2026|1", WARD, "01/TCD", Q1)
    with projected:
        report_id = make_scheduled(projected, settings, due, NOW)
    with projected:
        assert make_scheduled(projected, settings, due, NOW) is None
    assert projected.deliveries.due(NOW, 20) == [report_id]
    with projected:
        assert record_attempt(projected, report_id, Sent(False, 503, "unavailable"), NOW) == 0
    delivery = projected.deliveries.get(report_id)
    assert (delivery.status, delivery.attempts, delivery.last_status) == ("retrying", 1, 503)
    assert projected.deliveries.due(NOW, 20) == []  # not before its retry time
    with projected:
        assert record_attempt(projected, report_id, Sent(True, 200), delivery.next_attempt_at) == 1
    assert delivery.status == "delivered"
