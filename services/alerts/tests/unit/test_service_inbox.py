"""A person's inbox through the service layer, on the in-memory unit of work: what their role's receivers were told."""

from __future__ import annotations

from alerts_samples import ORDINARY, visit

from tiepdan.alerts.domain.access import Caller
from tiepdan.alerts.service.detecting import take_sighting
from tiepdan.alerts.service.inbox import inbox_page
from tiepdan.kit.testing import TEST_UNIT

POLICE = Caller("Mai Đức Lộc", frozenset({"police"}))
PARTY_INSPECTION = Caller("Trần Thị Hoa", frozenset({"party_inspection"}))


def raised(uow, **visit_fields) -> str:
    with uow:
        (outcome, *_) = take_sighting(uow, TEST_UNIT, visit(**visit_fields), occurred_at=ORDINARY, now=ORDINARY)
        uow.commit()
    return outcome.alert.id


def test_the_police_read_the_crowd_they_were_told_of_with_its_notice(uow):
    alert_id = raised(uow, headcount=6)
    with uow:
        page = inbox_page(uow, POLICE, TEST_UNIT, limit=None, cursor=None)
    assert [entry.alert.id for entry in page.items] == [alert_id]
    assert [(n.receiver, str(n.reason)) for n in page.items[0].notices] == [("police", "raised")]
    assert page.next_cursor is None


def test_a_role_whose_receivers_were_not_told_reads_nothing(uow):
    raised(uow, headcount=6)
    with uow:
        assert inbox_page(uow, PARTY_INSPECTION, TEST_UNIT, limit=None, cursor=None).items == []
