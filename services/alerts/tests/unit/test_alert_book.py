from datetime import UTC, datetime, timedelta

import pytest
from alerts_samples import CONGRESS, ORDINARY, visit

from tiepdan.alerts.domain.alert import AlertStateError
from tiepdan.alerts.domain.book import Change, Desk, apply_signal
from tiepdan.alerts.domain.detectors import detect_sighting
from tiepdan.alerts.domain.kinds import Kind, Severity, Status
from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.kit.contract import EVENT_TYPES, check_event
from tiepdan.kit.events import Envelope


def crowd_signal(rules, **overrides):
    (signal,) = [s for s in detect_sighting(visit(**overrides), rules) if s.kind is Kind.CROWD]
    return signal


def test_the_first_signal_raises_an_alert(rules, book):
    outcome = book(None, crowd_signal(rules, headcount=7, case_id="c1"))
    alert = outcome.alert
    assert outcome.change is Change.RAISED
    assert (alert.kind, alert.status, alert.severity) == (Kind.CROWD, Status.OPEN, Severity.WARNING)
    assert (alert.headcount, alert.visit_count, alert.case_ids) == (7, 1, ["c1"])
    assert alert.receivers == ["ward_office", "police"]
    assert alert.title.startswith("Đoàn đông người (7 người)")


def test_a_later_signal_updates_the_open_alert(rules, book):
    alert = book(None, crowd_signal(rules, headcount=7, case_id="c1")).alert
    later = crowd_signal(rules, headcount=6, case_id="c2", received_at=ORDINARY + timedelta(hours=2))
    outcome = book(alert, later)
    assert outcome.change is Change.UPDATED
    assert outcome.alert is alert
    assert (alert.headcount, alert.visit_count, alert.case_ids) == (13, 2, ["c1", "c2"])
    assert alert.last_seen == ORDINARY + timedelta(hours=2)


def test_a_redelivered_event_changes_nothing(rules, book):
    signal = crowd_signal(rules, headcount=7)
    alert = book(None, signal).alert
    assert book(alert, signal).change is Change.UNCHANGED
    assert (alert.headcount, alert.visit_count) == (7, 1)


def test_out_of_order_events_move_first_seen_back_but_keep_the_newest_facts(rules, book):
    newest = crowd_signal(rules, headcount=6, received_at=ORDINARY + timedelta(days=1))
    alert = book(None, newest).alert
    book(alert, crowd_signal(rules, headcount=5, received_at=ORDINARY))
    assert alert.first_seen == ORDINARY
    assert alert.last_seen == ORDINARY + timedelta(days=1)
    assert alert.headcount == 11


def test_severity_rises_with_the_counts_and_never_falls(rules, book):
    alert = book(None, crowd_signal(rules, headcount=12)).alert
    assert alert.severity is Severity.WARNING
    outcome = book(alert, crowd_signal(rules, headcount=8, received_at=ORDINARY + timedelta(hours=1)))
    assert outcome.severity_raised
    assert alert.severity is Severity.CRITICAL
    # critical crowds also go to the leader and the Party's standing committee at once (route by severity)
    assert alert.receivers == ["ward_office", "police", "leader", "party_standing"]
    book(alert, crowd_signal(rules, headcount=5, received_at=ORDINARY + timedelta(hours=2)))
    assert alert.severity is Severity.CRITICAL


def test_a_special_period_raises_severity_one_level(rules, book):
    alert = book(None, crowd_signal(rules, headcount=6, received_at=CONGRESS), now=CONGRESS).alert
    assert alert.severity is Severity.CRITICAL
    assert alert.special_period == "Đại hội đại biểu toàn quốc lần thứ XIV của Đảng"


def test_the_special_period_is_read_on_the_ward_day(rules, book):
    # 30 Jan 2026 23:30 in Hà Nội is still inside "Sau Đại hội XIV"; 31 Jan 00:30 is not
    inside = datetime(2026, 1, 30, 16, 30, tzinfo=UTC)
    outside = datetime(2026, 1, 30, 17, 30, tzinfo=UTC)
    assert book(None, crowd_signal(rules, headcount=6, received_at=inside)).alert.severity is Severity.CRITICAL
    assert book(None, crowd_signal(rules, headcount=6, received_at=outside)).alert.severity is Severity.WARNING


def test_a_calendar_copy_without_special_periods_raises_nothing(rules):
    calendar = WorkingCalendar.from_dict({"days_off": [], "make_up_working_days": [], "special_periods": []})
    outcome = apply_signal(
        None, crowd_signal(rules, headcount=6, received_at=CONGRESS), Desk("u", rules, calendar, CONGRESS, lambda: "a1")
    )
    assert outcome.alert.severity is Severity.WARNING


def test_repeat_visit_count_comes_from_the_case(rules, book):
    (signal,) = detect_sighting(visit(case_id="c7", case_visit_count=4, case_status="accepted"), rules)
    alert = book(None, signal).alert
    assert alert.visit_count == 4
    assert alert.title == "Vụ việc kéo dài: 4 lượt tiếp — Đất đai, Dự án khu dân cư số 3, Tổ dân phố 5"
    (older,) = detect_sighting(visit(case_id="c7", case_visit_count=3, case_status="accepted"), rules)
    book(alert, older)
    assert alert.visit_count == 4


def test_a_signal_for_another_key_is_refused(rules, book):
    alert = book(None, crowd_signal(rules, headcount=6)).alert
    with pytest.raises(ValueError, match="group_key"):
        book(alert, crowd_signal(rules, headcount=6, subject="Khác hẳn"))


def test_acknowledge_then_resolve(rules, book):
    alert = book(None, crowd_signal(rules, headcount=6)).alert
    alert.acknowledge("Mai Đức Lộc", "Đã cử cán bộ", ORDINARY)
    assert (alert.status, alert.acknowledged_by) == (Status.ACKNOWLEDGED, "Mai Đức Lộc")
    alert.resolve("Ngô Văn Cường", "Đã đối thoại", ORDINARY)
    assert alert.status is Status.RESOLVED
    assert not alert.status.is_active


def test_state_errors(rules, book):
    alert = book(None, crowd_signal(rules, headcount=6)).alert
    alert.acknowledge("a", None, ORDINARY)
    with pytest.raises(AlertStateError):
        alert.acknowledge("a", None, ORDINARY)
    alert.resolve("b", None, ORDINARY)
    with pytest.raises(AlertStateError):
        alert.resolve("b", None, ORDINARY)
    with pytest.raises(AlertStateError):
        alert.escalate(ORDINARY)


def test_the_document_has_every_contract_field(rules, book):
    document = book(None, crowd_signal(rules, headcount=6)).alert.to_document()
    assert EVENT_TYPES["alerts.alert.raised"].required(1) <= set(document)
    check_event("alerts.alert.raised", 1, document)
    assert Envelope("alerts.alert.raised", document, "bach-quang", "alerts", "c").schema_errors() == []
    assert document["first_seen"].endswith("Z")


def test_a_stored_alert_skips_the_sources_the_repository_says_it_counts(rules, book):
    signal = crowd_signal(rules, headcount=7)
    alert = book(None, signal).alert
    alert.fresh.clear()  # as loaded back from storage
    counted = {c.source_id for c in signal.contributions}
    assert book(alert, signal, counted=counted).change is Change.UNCHANGED
    assert alert.headcount == 7


def test_first_and_last_seen_span_every_contribution(rules, book):
    first, middle = visit(), visit(received_at=ORDINARY + timedelta(days=5))
    (signal,) = [
        s
        for s in detect_sighting(
            visit(received_at=ORDINARY + timedelta(days=2)), rules, [first.contribution, middle.contribution]
        )
        if s.kind is Kind.HOTSPOT
    ]
    alert = book(None, signal).alert
    assert (alert.first_seen, alert.last_seen) == (ORDINARY, ORDINARY + timedelta(days=5))
