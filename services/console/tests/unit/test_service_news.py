"""News items through the service layer, on the in-memory unit of work: written, approved, published, with every
step audited and the public list showing only the ward's published items."""

from __future__ import annotations

import pytest
from console_fakes import FakeConsoleUnitOfWork

from tiepdan.console.domain.news import NewsDraft, NewsError
from tiepdan.console.service.accounts import Actor
from tiepdan.console.service.news import act, create, for_units, published

CLERK, LEADER = Actor("lan", "10.0.0.2"), Actor("chu-tich", "10.0.0.3")


def test_an_item_is_published_after_a_leader_approves_it(uow: FakeConsoleUnitOfWork) -> None:
    item = create(uow, "bach-quang", NewsDraft(" Lịch tiếp công dân tháng 12 ", "Chủ tịch tiếp vào thứ Năm."), CLERK)
    assert published(uow, "bach-quang") == []

    act(uow, item.id, frozenset({"bach-quang"}), "approve", LEADER)
    shown = act(uow, item.id, frozenset({"bach-quang"}), "publish", LEADER)

    assert (shown.status, shown.approved_by, shown.title) == ("published", "chu-tich", "Lịch tiếp công dân tháng 12")
    assert shown.published_at is not None
    assert published(uow, "bach-quang") == [shown]
    assert published(uow, "phu-xa") == []
    assert uow.audit.actions(item.id) == ["news_created", "news_approve", "news_publish"]


def test_a_step_out_of_order_changes_nothing(uow: FakeConsoleUnitOfWork) -> None:
    item = create(uow, "bach-quang", NewsDraft("Thông báo", "Nội dung."), CLERK)

    with pytest.raises(NewsError) as refused:
        act(uow, item.id, None, "publish", LEADER)

    assert refused.value.code == "wrong_state"
    assert for_units(uow, None) == [item]
    assert uow.audit.actions(item.id) == ["news_created"]


def test_another_units_item_is_not_found(uow: FakeConsoleUnitOfWork) -> None:
    item = create(uow, "phu-xa", NewsDraft("Thông báo", "Nội dung."), CLERK)

    with pytest.raises(NewsError) as refused:
        act(uow, item.id, frozenset({"bach-quang"}), "approve", LEADER)

    assert refused.value.code == "not_found"
    assert for_units(uow, frozenset({"bach-quang"})) == []


def test_personal_data_is_refused_before_anything_is_stored(uow: FakeConsoleUnitOfWork) -> None:
    with pytest.raises(NewsError) as refused:
        create(uow, "bach-quang", NewsDraft("Thông báo", "Liên hệ 0912 345 678."), CLERK)

    assert (refused.value.code, refused.value.field) == ("personal_data", "body")
    assert for_units(uow, None) == []
    assert uow.commits == 0
