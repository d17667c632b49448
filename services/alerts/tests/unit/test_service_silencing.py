"""Silences through the service layer: a muted alert is recorded but not told until the silence ends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alerts_samples import ORDINARY, visit

from tiepdan.alerts.domain.access import Caller
from tiepdan.alerts.domain.validation import DocumentError
from tiepdan.alerts.service.detecting import take_sighting
from tiepdan.alerts.service.errors import NotFound
from tiepdan.alerts.service.silencing import add_silence, expire_silence, list_silences
from tiepdan.alerts.service.timers import run_timers
from tiepdan.kit.testing import TEST_UNIT

LEADER = Caller("Ngô Văn Cường", frozenset({"leader"}))


def silence(uow, **request):
    body = {"matchers": {"kind": "crowd"}, "ends_at": (ORDINARY + timedelta(hours=1)).isoformat(), "comment": "Họp"}
    with uow:
        shown = add_silence(uow, {**body, **request}, LEADER, unit=TEST_UNIT, now=ORDINARY)
        uow.commit()
    return shown


def test_a_silenced_alert_is_raised_but_told_only_once_the_silence_ends(uow):
    shown = silence(uow)
    assert shown.active
    assert shown.silence.created_by == "Ngô Văn Cường"
    with uow:
        (outcome,) = take_sighting(uow, TEST_UNIT, visit(headcount=6), occurred_at=ORDINARY, now=ORDINARY)
        uow.commit()
    alert_id = outcome.alert.id
    assert [e.type for e in uow.events] == ["alerts.alert.raised"]
    assert uow.deliveries.of_alert(alert_id) == []
    with uow:
        expired = expire_silence(uow, shown.silence.id, ORDINARY + timedelta(minutes=5))
        run_timers(uow, ORDINARY + timedelta(minutes=6))
        uow.commit()
    assert not expired.active
    assert {d.receiver for d in uow.deliveries.of_alert(alert_id)} == {"ward_office", "police"}


def test_an_unreadable_silence_names_the_field(uow):
    with pytest.raises(DocumentError) as refused:
        silence(uow, matchers={"colour": "red"})
    assert "matchers.colour" in refused.value.errors
    assert list_silences(uow, ORDINARY).items == []


def test_expiring_an_unknown_silence_is_not_found(uow):
    with uow, pytest.raises(NotFound):
        expire_silence(uow, "nothing", ORDINARY)
