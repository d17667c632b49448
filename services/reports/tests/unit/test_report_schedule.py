from datetime import datetime, time, timedelta

from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.reports.domain.periods import CutOffRule
from tiepdan.reports.domain.schedule import RetrySchedule, due_reports
from tiepdan.reports.domain.ward_time import WARD_TZ

CALENDAR = WorkingCalendar.default()
RULE = CutOffRule()
AT = time(17, 30)


def _local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WARD_TZ)


def test_daily_reports_during_the_congress_from_the_configured_time() -> None:
    before_time = [report.key for report in due_reports("bq", CALENDAR, _local("2026-01-19T17:00"), RULE, AT)]
    assert "daily|bq|2026-01-19" not in before_time
    keys = [report.key for report in due_reports("bq", CALENDAR, _local("2026-01-19T17:30"), RULE, AT)]
    # today, and the three days before (a worker that was down catches up)
    assert keys == ["daily|bq|2026-01-16", "daily|bq|2026-01-17", "daily|bq|2026-01-18", "daily|bq|2026-01-19"]


def test_no_daily_report_outside_special_periods() -> None:
    assert due_reports("bq", CALENDAR, _local("2026-07-08T18:00"), RULE, AT) == []


def test_periodic_reports_the_day_after_each_cut_off() -> None:
    due = due_reports("bq", CALENDAR, _local("2026-06-15T18:00"), RULE, AT)
    assert {(r.template, r.period.kind, r.period.n) for r in due} == {
        ("01/TCD", "quarter", 2),
        ("02/XLD", "quarter", 2),
        ("01/TCD", "6m", None),
        ("02/XLD", "6m", None),
    }
    assert {r.key for r in due} >= {"01/TCD|bq|quarter|2026|2", "02/XLD|bq|6m|2026|0"}


def test_election_day_has_both_daily_and_quarter_reports() -> None:
    due = due_reports("bq", CALENDAR, _local("2026-03-15T18:00"), RULE, AT)
    templates = [(r.template, r.period.start.isoformat()) for r in due]
    assert ("daily", "2026-03-15") in templates
    assert ("01/TCD", "2025-12-15") in templates
    assert ("02/XLD", "2025-12-15") in templates


def test_retry_delays_double_up_to_an_hour() -> None:
    retries = RetrySchedule()
    assert retries.delay_after(1) == timedelta(seconds=30)
    assert retries.delay_after(3) == timedelta(minutes=2)
    assert retries.delay_after(20) == timedelta(hours=1)
