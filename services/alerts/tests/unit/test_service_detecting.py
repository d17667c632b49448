"""Raising alerts from observations through the service layer, on the in-memory unit of work."""

from __future__ import annotations

from datetime import timedelta

from alerts_samples import ORDINARY, visit

from tiepdan.alerts.domain.book import Change
from tiepdan.alerts.domain.kinds import Kind, Severity, Status
from tiepdan.alerts.domain.observations import InboundReport
from tiepdan.alerts.service.detecting import prepare_sightings, take_inbound_report, take_sighting
from tiepdan.kit.testing import TEST_UNIT


def take(uow, sighting, now=ORDINARY):
    with uow:
        outcomes = take_sighting(uow, TEST_UNIT, sighting, occurred_at=now, now=now)
        uow.commit()
    return outcomes


def test_a_crowd_visit_raises_an_alert_tells_its_receivers_and_publishes_it(uow):
    (outcome,) = take(uow, visit(headcount=6))
    assert outcome.change is Change.RAISED
    alert = uow.alerts.get(outcome.alert.id)
    assert (alert.kind, alert.severity, alert.status, alert.headcount) == (Kind.CROWD, Severity.WARNING, Status.OPEN, 6)
    assert [e.type for e in uow.events] == ["alerts.alert.raised"]
    assert uow.events[0].data["id"] == alert.id
    told = {(d.receiver, str(d.reason)) for d in uow.deliveries.of_alert(alert.id)}
    assert told == {("ward_office", "raised"), ("police", "raised")}
    assert alert.last_notified_at == ORDINARY


def test_a_replayed_visit_changes_nothing(uow):
    first = visit(headcount=6)
    take(uow, first)
    assert take(uow, first) == []
    assert len(uow.events) == 1


def test_a_second_group_on_the_topic_updates_the_active_alert(uow):
    take(uow, visit(headcount=6))
    (outcome,) = [o for o in take(uow, visit(headcount=20)) if o.alert.kind is Kind.CROWD]
    assert (outcome.change, outcome.severity_raised) == (Change.UPDATED, True)
    assert (outcome.alert.headcount, outcome.alert.severity) == (26, Severity.CRITICAL)
    assert len(uow.alerts.active_of_kinds(TEST_UNIT, [Kind.CROWD])) == 1
    about_crowd = [e.type for e in uow.events if e.data["id"] == outcome.alert.id]
    assert about_crowd == ["alerts.alert.raised", "alerts.alert.updated"]


def test_three_visits_on_one_topic_within_the_window_raise_a_hotspot(uow):
    for hours in (0, 24, 48):
        take(uow, visit(received_at=ORDINARY + timedelta(hours=hours)))
    (hotspot,) = uow.alerts.active_of_kinds(TEST_UNIT, [Kind.HOTSPOT])
    assert hotspot.counted_visits == 3


def test_a_prepared_batch_ends_as_one_by_one(uow):
    run = [visit(headcount=6), visit(headcount=1)]
    with uow:
        prepare_sightings(uow, [(TEST_UNIT, s) for s in run])
        for sighting in run:
            take_sighting(uow, TEST_UNIT, sighting, occurred_at=ORDINARY, now=ORDINARY)
        uow.commit()
    (crowd,) = uow.alerts.active_of_kinds(TEST_UNIT, [Kind.CROWD])
    assert crowd.headcount == 6


def test_an_inbound_report_raises_an_over_level_alert_and_is_counted_once(uow):
    report = InboundReport(
        "r1", ORDINARY, "central", "Trụ sở Ban Tiếp công dân Trung ương", 12, "land", "Dự án", "Tổ 5"
    )
    with uow:
        outcome = take_inbound_report(uow, TEST_UNIT, report, occurred_at=ORDINARY, now=ORDINARY)
        again = take_inbound_report(uow, TEST_UNIT, report, occurred_at=ORDINARY, now=ORDINARY)
        uow.commit()
    assert outcome is not None
    assert again is None
    assert (outcome.alert.kind, outcome.alert.severity) == (Kind.OVER_LEVEL, Severity.CRITICAL)


def test_nothing_is_published_without_a_commit(uow):
    with uow:
        take_sighting(uow, TEST_UNIT, visit(headcount=6), occurred_at=ORDINARY, now=ORDINARY)
    assert uow.events == []
