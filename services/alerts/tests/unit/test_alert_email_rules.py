"""A receiver's e-mail setting, the Party's standing committee in the default routes, and the mail's text."""

import copy

import pytest

from tiepdan.alerts.domain.kinds import Kind, Severity
from tiepdan.alerts.domain.mail import SUBJECT_LIMIT, compose
from tiepdan.alerts.domain.rules import DEFAULT_RULES, RuleSet
from tiepdan.alerts.domain.validation import DocumentError


def with_police_email(email):
    data = copy.deepcopy(DEFAULT_RULES)
    next(r for r in data["receivers"] if r["name"] == "police")["email"] = email
    return data


def test_addresses_fixed_then_on_duty_each_once():
    rules = RuleSet.from_dict(
        with_police_email({"to": ["truc@ca.vn", "Loc@ca.vn"], "on_duty": {"s015": "loc@ca.vn", "s016": "hung@ca.vn"}})
    )
    police = rules.receiver("police")
    assert police.has_email
    assert police.email_addresses(["s016", "s015", "s099"]) == ["truc@ca.vn", "Loc@ca.vn", "hung@ca.vn"]
    assert not rules.receiver("leader").has_email
    assert RuleSet.from_dict(rules.to_dict()).receiver("police") == police


def test_bad_addresses_are_named_by_their_path():
    data = with_police_email({"to": ["not-an-address"], "on_duty": {"s015": "loc at ca.vn", "bad id!": "x@ca.vn"}})
    with pytest.raises(DocumentError) as caught:
        RuleSet.from_dict(data)
    assert {"receivers[2].email.to[0]", "receivers[2].email.on_duty.s015", "receivers[2].email.on_duty"} <= set(
        caught.value.errors
    )


def test_the_party_standing_committee_receives_critical_crowds_over_level_and_party_personnel():
    rules = RuleSet.default()
    assert "party_standing" in rules.plan_for(Kind.CROWD, Severity.CRITICAL, "land", None).receivers
    assert "party_standing" in rules.plan_for(Kind.OVER_LEVEL, Severity.CRITICAL, "land", None).receivers
    assert "party_standing" not in rules.plan_for(Kind.CROWD, Severity.WARNING, "land", None).receivers
    assert "party_standing" not in rules.plan_for(Kind.HOTSPOT, Severity.CRITICAL, "land", None).receivers
    party = rules.plan_for(Kind.PARTY_PERSONNEL, Severity.WARNING, "party", None)
    assert party.receivers == ("party_inspection", "party_standing")


def test_the_subject_is_capped_and_the_body_links_to_the_console():
    alert = {
        "kind": "crowd",
        "severity": "critical",
        "status": "open",
        "title": "Đoàn đông người (25 người) — " + "Dự án " * 60,
        "area": "Tổ 5",
        "headcount": 25,
        "visit_count": 1,
        "first_seen": "2026-06-10T02:00:00Z",
        "last_seen": "2026-06-10T02:05:00Z",
        "special_period": None,
    }
    notice = {"reason": "escalated", "sent_at": "2026-06-10T02:20:00+00:00", "alert": alert}
    text = compose(notice, "Lãnh đạo UBND phường", "UBND phường Bách Quang", "https://td.vn/", "Asia/Ho_Chi_Minh")
    assert len(text.subject) == SUBJECT_LIMIT
    assert text.subject.startswith("[Khẩn cấp] Đoàn đông người (25 người)")
    assert "Cảnh báo chuyển lên cấp trên (chưa được xác nhận)." in text.body
    assert "Thời điểm gửi: 10/06/2026 09:20" in text.body
    assert "https://td.vn/alerts" in text.body
