import pytest

from tiepdan.alerts.domain.kinds import Kind
from tiepdan.alerts.domain.titles import Topic, alert_title

#: every deadline intake watches (intake's WATCHED_IN), with the words the people on duty read
DEADLINE_WORDS = {
    "reply_due": "trả lời công dân",
    "process_by": "xử lý đơn",
    "transfer_by": "chuyển đơn tố cáo",
    "resolve_by": "giải quyết",
    "notify_by": "thông báo thụ lý",
}


@pytest.mark.parametrize(("deadline", "words"), DEADLINE_WORDS.items())
def test_an_overdue_title_names_the_deadline_in_vietnamese(deadline, words):
    title = alert_title(
        Kind.OVERDUE,
        Topic("land", "Dự án 3", "Tổ 5"),
        {"deadline": deadline, "due": "2026-01-27"},
        headcount=1,
        visit_count=1,
    )
    assert words in title
    assert deadline not in title
    assert "hạn 27/01/2026" in title


def test_every_kind_has_a_title():
    from tiepdan.alerts.domain.kinds import Kind
    from tiepdan.alerts.domain.titles import Topic, alert_title

    for kind in Kind:
        assert alert_title(kind, Topic("dat_dai", "Dự án A", "Tổ 3"), {}, headcount=6, visit_count=2)
