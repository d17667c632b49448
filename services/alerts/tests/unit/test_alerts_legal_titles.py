"""Titles of the legal rules' alerts: the election hold and the deadlines intake adds for them."""

from tiepdan.alerts.domain.kinds import Kind
from tiepdan.alerts.domain.titles import Topic, alert_title


def test_the_election_hold_title_names_the_election_day_as_the_ward_writes_dates():
    title = alert_title(
        Kind.ELECTION_HOLD, Topic("election", "Người ứng cử tổ 5", "Tổ 5"), {"election_day": "2026-03-15"}
    )
    assert title == (
        "Khiếu nại, tố cáo về người ứng cử trong 10 ngày trước bầu cử: lưu giữ, chuyển sau ngày 15/03/2026 — "
        "Bầu cử, Người ứng cử tổ 5, Tổ 5"
    )


def test_overdue_titles_label_the_congress_and_voter_list_deadlines():
    congress = alert_title(Kind.OVERDUE, Topic("party", "Nhân sự", "Tổ 1"), {"deadline": "conclude_by", "due": "x"})
    assert congress.startswith("Quá hạn kết luận trước đại hội")
    voters = alert_title(
        Kind.OVERDUE, Topic("election", "DS", "Tổ 1"), {"deadline": "voter_list_answer_by", "due": "x"}
    )
    assert voters.startswith("Quá hạn giải quyết khiếu nại danh sách cử tri")
