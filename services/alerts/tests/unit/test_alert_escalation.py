from datetime import timedelta

from alerts_samples import ORDINARY, visit

from tiepdan.alerts.domain.detectors import detect_sighting
from tiepdan.alerts.domain.escalation import Reason, due_step
from tiepdan.alerts.domain.kinds import Kind, Severity


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start):
        self.now = start

    def advance(self, **delta):
        self.now += timedelta(**delta)
        return self.now


def raised(rules, book, headcount):
    (signal,) = [s for s in detect_sighting(visit(headcount=headcount), rules) if s.kind is Kind.CROWD]
    return book(None, signal).alert


def test_a_new_alert_is_told_first(rules, book):
    alert = raised(rules, book, 6)
    step = due_step(alert, rules, ORDINARY, muted=False)
    assert step.reason is Reason.RAISED
    assert step.receivers == ("ward_office", "police")


def test_a_muted_alert_waits_then_is_told(rules, book):
    alert = raised(rules, book, 6)
    assert due_step(alert, rules, ORDINARY, muted=True) is None
    assert due_step(alert, rules, ORDINARY + timedelta(hours=5), muted=False).reason is Reason.RAISED


def test_warning_escalates_after_sixty_minutes_one_receiver_per_level(rules, book):
    clock = Clock(ORDINARY)
    alert = raised(rules, book, 6)
    alert.mark_notified(clock.now)
    assert due_step(alert, rules, clock.advance(minutes=59, seconds=59), muted=False) is None
    step = due_step(alert, rules, clock.advance(seconds=1), muted=False)
    assert (step.reason, step.receivers) == (Reason.ESCALATED, ("leader",))
    assert alert.escalate(clock.now) == "leader"
    alert.mark_notified(clock.now)
    assert alert.escalation_level == 1
    assert alert.receivers == ["ward_office", "police", "leader"]
    assert due_step(alert, rules, clock.advance(minutes=30), muted=False) is None
    assert due_step(alert, rules, clock.advance(minutes=30), muted=False).receivers == ("province",)


def test_critical_escalates_after_fifteen_minutes(rules, book):
    clock = Clock(ORDINARY)
    alert = raised(rules, book, 25)
    assert alert.severity is Severity.CRITICAL
    alert.mark_notified(clock.now)
    assert due_step(alert, rules, clock.advance(minutes=14), muted=False) is None
    assert due_step(alert, rules, clock.advance(minutes=1), muted=False).reason is Reason.ESCALATED


def test_an_acknowledged_alert_does_not_escalate_but_is_renotified(rules, book):
    clock = Clock(ORDINARY)
    alert = raised(rules, book, 6)
    alert.mark_notified(clock.now)
    alert.acknowledge("Mai Đức Lộc", None, clock.advance(minutes=10))
    assert due_step(alert, rules, clock.advance(minutes=120), muted=False) is None
    step = due_step(alert, rules, clock.advance(minutes=120), muted=False)  # 240 min after the ack
    assert (step.reason, step.receivers) == (Reason.RENOTIFY, ("ward_office", "police"))
    alert.mark_notified(clock.now)
    assert due_step(alert, rules, clock.advance(minutes=239), muted=False) is None


def test_an_exhausted_escalation_falls_back_to_renotify(rules, book):
    clock = Clock(ORDINARY)
    alert = raised(rules, book, 6)
    alert.mark_notified(clock.now)
    for _ in range(2):
        alert.escalate(clock.advance(hours=1))
        alert.mark_notified(clock.now)
    assert not alert.can_escalate
    assert due_step(alert, rules, clock.advance(hours=3), muted=False) is None
    assert due_step(alert, rules, clock.advance(hours=1), muted=False).reason is Reason.RENOTIFY


def test_resolved_alerts_are_left_alone(rules, book):
    alert = raised(rules, book, 6)
    alert.resolve("leader", None, ORDINARY)
    assert due_step(alert, rules, ORDINARY + timedelta(days=1), muted=False) is None


def test_growth_is_told_once_per_group_interval(rules, book):
    clock = Clock(ORDINARY)
    alert = raised(rules, book, 6)
    alert.mark_notified(clock.now)
    (later,) = [
        s
        for s in detect_sighting(visit(headcount=7, received_at=clock.advance(minutes=1)), rules)
        if s.kind is Kind.CROWD
    ]
    assert book(alert, later).alert.pending_update
    assert due_step(alert, rules, clock.advance(minutes=3, seconds=59), muted=False) is None
    step = due_step(alert, rules, clock.advance(seconds=1), muted=False)
    assert (step.reason, step.receivers) == (Reason.UPDATED, ("ward_office", "police"))
    alert.mark_notified(clock.now)
    assert not alert.pending_update
    assert due_step(alert, rules, clock.advance(minutes=10), muted=False) is None


def test_an_escalation_notice_leaves_the_update_pending_for_the_others(rules, book):
    clock = Clock(ORDINARY)
    alert = raised(rules, book, 6)
    alert.mark_notified(clock.now)
    alert.pending_update = True
    alert.escalate(clock.advance(hours=1))
    alert.mark_notified(clock.now, everyone=False)
    assert alert.pending_update
