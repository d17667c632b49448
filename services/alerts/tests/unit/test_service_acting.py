"""Acknowledging and resolving alerts through the service layer, on the in-memory unit of work."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alerts_samples import ORDINARY, visit

from tiepdan.alerts.domain.access import Caller
from tiepdan.alerts.domain.alert import AlertStateError
from tiepdan.alerts.domain.kinds import Status
from tiepdan.alerts.service.acting import AlertQuery, acknowledge, delivery_log, list_alerts, readable_alert, resolve
from tiepdan.alerts.service.detecting import take_sighting
from tiepdan.alerts.service.errors import NotFound, NotPermitted
from tiepdan.kit.testing import TEST_UNIT

POLICE = Caller("Mai Đức Lộc", frozenset({"police"}))
LEADER = Caller("Ngô Văn Cường", frozenset({"leader"}))
CLERK = Caller("Nguyễn Văn An", frozenset({"clerk"}))
PARTY_INSPECTION = Caller("Trần Thị Hoa", frozenset({"party_inspection"}))
LATER = ORDINARY + timedelta(minutes=10)


def raised(uow, **visit_fields) -> str:
    with uow:
        (outcome, *_) = take_sighting(uow, TEST_UNIT, visit(**visit_fields), occurred_at=ORDINARY, now=ORDINARY)
        uow.commit()
    return outcome.alert.id


def test_acknowledging_with_a_note_records_who_and_why_and_publishes_it(uow):
    alert_id = raised(uow, headcount=6)
    with uow:
        alert = acknowledge(uow, alert_id, POLICE, note="Đã cử cán bộ tới", now=LATER)
        uow.commit()
    stored = uow.alerts.get(alert_id)
    assert (stored.status, stored.acknowledged_by, stored.acknowledge_note) == (
        Status.ACKNOWLEDGED,
        "Mai Đức Lộc",
        "Đã cử cán bộ tới",
    )
    assert stored.acknowledged_at == LATER
    assert alert is stored
    assert uow.events[-1].type == "alerts.alert.acknowledged"
    assert uow.events[-1].data["acknowledged_by"] == "Mai Đức Lộc"


def test_acknowledging_twice_is_refused_by_the_alerts_status(uow):
    alert_id = raised(uow, headcount=6)
    with uow:
        acknowledge(uow, alert_id, POLICE, note=None, now=LATER)
        with pytest.raises(AlertStateError):
            acknowledge(uow, alert_id, LEADER, note=None, now=LATER)


def test_a_clerk_may_read_but_not_acknowledge(uow):
    alert_id = raised(uow, headcount=6)
    with uow:
        assert readable_alert(uow, alert_id, CLERK).id == alert_id
        with pytest.raises(NotPermitted):
            acknowledge(uow, alert_id, CLERK, note=None, now=LATER)
    assert uow.alerts.get(alert_id).status is Status.OPEN


def test_a_kind_the_caller_may_not_see_is_not_found(uow):
    alert_id = raised(uow, headcount=6)
    with uow, pytest.raises(NotFound):
        acknowledge(uow, alert_id, PARTY_INSPECTION, note=None, now=LATER)
    assert list_alerts(uow, PARTY_INSPECTION, AlertQuery()).items == []


def test_resolving_tells_those_told_and_frees_the_key(uow):
    alert_id = raised(uow, headcount=6)
    with uow:
        resolve(uow, alert_id, LEADER, note="Đã đối thoại", now=LATER)
        uow.commit()
    stored = uow.alerts.get(alert_id)
    assert (stored.status, stored.resolved_by, stored.resolve_note) == (
        Status.RESOLVED,
        "Ngô Văn Cường",
        "Đã đối thoại",
    )
    assert uow.events[-1].type == "alerts.alert.resolved"
    reasons = [str(d.reason) for d in delivery_log(uow, alert_id, LEADER).items]
    assert reasons.count("resolved") == 2  # ward_office and police, who were told it was raised
    again = raised(uow, headcount=7)
    assert again != alert_id
    with uow, pytest.raises(AlertStateError):
        resolve(uow, alert_id, LEADER, note=None, now=LATER)


def test_the_list_is_newest_first_and_filtered_by_status(uow):
    first = raised(uow, headcount=6, subject="Dự án A")
    second = raised(uow, headcount=6, subject="Dự án B")
    with uow:
        acknowledge(uow, first, POLICE, note=None, now=LATER)
        uow.commit()
    assert [a.id for a in list_alerts(uow, LEADER, AlertQuery()).items] == sorted([first, second], reverse=True)
    assert [a.id for a in list_alerts(uow, LEADER, AlertQuery(status="open")).items] == [second]
