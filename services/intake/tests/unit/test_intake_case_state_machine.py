from datetime import UTC, date, datetime

import pytest

from tiepdan.intake.domain.cases import (
    TRANSITIONS,
    Action,
    ActionRequest,
    Status,
    apply_action,
    opening_deadlines,
)
from tiepdan.intake.domain.errors import InvalidFieldsError, TransitionRefusedError
from tiepdan.intake.domain.vocabulary import Kind

AT = datetime(2026, 1, 20, 3, 0, tzinfo=UTC)

#: A body that satisfies every action's field requirements, so only the state decides.
COMPLETE = {
    "reason": "Lý do",
    "to_agency": "Thanh tra tỉnh",
    "decision_no": "12/QĐ-UBND",
    "reason_code": "already_resolved",
    "notice_no": "05/TB-UBND",
}

ALL_PAIRS = [(action, status) for action in Action for status in Status]


def prepared_case(make_case, status, kind=Kind.DENUNCIATION, calendar=None, policy=None):
    case = make_case(kind=kind, status=status.value)
    if status in {Status.ACCEPTED, Status.SUSPENDED, Status.RESOLVED}:
        case.accepted_on = date(2026, 1, 6)
        case.deadlines["resolve_by"] = policy.deadline(
            "resolve_by", "denunciation_resolution", date(2026, 1, 6), calendar
        )
    if status in {Status.ACCEPTED, Status.SUSPENDED}:  # the denouncer not told of the acceptance yet
        case.deadlines["notify_by"] = policy.deadline(
            "notify_by", "denunciation_acceptance_notice", date(2026, 1, 6), calendar
        )
    if status is Status.SUSPENDED:
        case.suspended_on = date(2026, 1, 15)
    return case


@pytest.mark.parametrize(("action", "status"), ALL_PAIRS, ids=[f"{a.value}-from-{s.value}" for a, s in ALL_PAIRS])
def test_every_action_from_every_status(action, status, leader, calendar, policy, make_case):
    case = prepared_case(make_case, status, calendar=calendar, policy=policy)
    request = ActionRequest(action=action.value, **COMPLETE)
    allowed = TRANSITIONS[action]
    if status in allowed:
        entry = apply_action(case, request, leader, AT, policy, calendar)
        assert case.status is allowed[status]
        assert entry.from_status == status.value
        assert entry.to_status == allowed[status].value
        assert case.history == [entry]
    else:
        with pytest.raises(TransitionRefusedError) as refused:
            apply_action(case, request, leader, AT, policy, calendar)
        assert f"'{status.value}'" in refused.value.message
        assert case.status is status
        assert case.history == []


def test_history_records_who_when_what_why(leader, calendar, policy, make_case):
    case = make_case()
    entry = apply_action(case, ActionRequest("guide", reason="Không thuộc thẩm quyền"), leader, AT, policy, calendar)
    assert (entry.actor, entry.actor_name, entry.at, entry.action) == ("u-leader", "Chủ tịch", AT, "guide")
    assert entry.reason == "Không thuộc thẩm quyền"
    apply_action(case, ActionRequest("accept"), leader, AT, policy, calendar)
    assert [e.action for e in case.history] == ["guide", "accept"]


def test_accepting_a_complaint_sets_resolution_deadline_from_acceptance(leader, calendar, policy, make_case):
    case = make_case()
    apply_action(case, ActionRequest("accept"), leader, AT, policy, calendar)
    assert case.accepted_on == date(2026, 1, 20)
    # 20/1 + 30 calendar days = 19/2, inside Tết → first working day after it
    assert case.deadlines["resolve_by"].date == date(2026, 2, 23)
    assert case.deadlines["resolve_by"].other_day_type_date == date(2026, 3, 10)
    assert case.outcome == "accepted"


def test_accepting_a_complex_complaint_gives_45_days(leader, calendar, policy, make_case):
    case = make_case()
    apply_action(case, ActionRequest("accept", complex=True), leader, AT, policy, calendar)
    # 20/1 + 45 = 6/3 (Friday)
    assert case.deadlines["resolve_by"].date == date(2026, 3, 6)
    assert case.deadlines["resolve_by"].rule_code == "complaint_resolution_complex"


def test_second_round_complaint(leader, calendar, policy, make_case):
    case = make_case(complaint_round=2)
    apply_action(case, ActionRequest("accept"), leader, AT, policy, calendar)
    assert case.deadlines["resolve_by"].rule_code == "complaint_resolution_second"
    assert case.deadlines["resolve_by"].date == date(2026, 3, 6)


def test_complaint_extension_declares_it_complex_once(leader, calendar, policy, make_case):
    case = make_case()
    apply_action(case, ActionRequest("accept"), leader, AT, policy, calendar)
    apply_action(case, ActionRequest("extend", reason="Phức tạp"), leader, AT, policy, calendar)
    assert case.complex
    assert case.deadlines["resolve_by"].date == date(2026, 3, 6)
    with pytest.raises(TransitionRefusedError, match="phức tạp"):
        apply_action(case, ActionRequest("extend", reason="Lần nữa"), leader, AT, policy, calendar)


def test_denunciation_resolution_and_two_extensions(leader, calendar, policy, make_case):
    case = make_case(kind=Kind.DENUNCIATION)
    apply_action(case, ActionRequest("accept"), leader, AT, policy, calendar)
    assert case.deadlines["resolve_by"].date == date(2026, 2, 23)
    # each extension lengthens the period from acceptance: 20/1 + 60 = Sat 21/3 → 23/3; 20/1 + 90 = 20/4
    apply_action(case, ActionRequest("extend", reason="Phức tạp"), leader, AT, policy, calendar)
    assert case.deadlines["resolve_by"].date == date(2026, 3, 23)
    apply_action(case, ActionRequest("extend", reason="Đặc biệt phức tạp"), leader, AT, policy, calendar)
    assert case.deadlines["resolve_by"].date == date(2026, 4, 20)
    assert "gia hạn" in case.deadlines["resolve_by"].rule
    with pytest.raises(TransitionRefusedError, match="tối đa 2 lần"):
        apply_action(case, ActionRequest("extend", reason="Lần ba"), leader, AT, policy, calendar)


def test_extending_a_case_without_resolution_deadline_is_refused(leader, calendar, policy, make_case):
    case = make_case(kind=Kind.FEEDBACK)
    apply_action(case, ActionRequest("accept"), leader, AT, policy, calendar)
    with pytest.raises(TransitionRefusedError, match="không có thời hạn"):
        apply_action(case, ActionRequest("extend", reason="x"), leader, AT, policy, calendar)


def test_suspension_time_does_not_count(leader, calendar, policy, make_case):
    case = make_case()
    apply_action(case, ActionRequest("accept"), leader, AT, policy, calendar)
    before = case.deadlines["resolve_by"].date
    apply_action(case, ActionRequest("suspend", reason="Chờ kết quả giám định"), leader, AT, policy, calendar)
    assert case.watched_deadlines() == []
    later = datetime(2026, 1, 30, 3, 0, tzinfo=UTC)
    apply_action(case, ActionRequest("resume"), leader, later, policy, calendar)
    # the period's own end (19/2) moves on by the 10 suspended days to Sun 1/3, then off the weekend
    assert before == date(2026, 2, 23)
    assert case.deadlines["resolve_by"].date == date(2026, 3, 2)
    assert case.suspended_on is None


def test_anonymous_denunciation_cannot_be_accepted(leader, calendar, policy, make_case):
    case = make_case(kind=Kind.DENUNCIATION, processable=False)
    with pytest.raises(TransitionRefusedError, match="nặc danh"):
        apply_action(case, ActionRequest("accept"), leader, AT, policy, calendar)
    apply_action(case, ActionRequest("file", reason="Nặc danh"), leader, AT, policy, calendar)
    assert case.status is Status.FILED


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        (ActionRequest("transfer"), "to_agency"),
        (ActionRequest("extend"), "reason"),
        (ActionRequest("suspend"), "reason"),
        (ActionRequest("guide"), "reason"),
        (ActionRequest("file"), "reason"),
        (ActionRequest("resolve"), "decision_no"),
        (ActionRequest("refuse"), "reason_code"),
        (ActionRequest("refuse", reason_code="drunk"), "reason_code"),
        (ActionRequest("refuse", reason_code="already_resolved"), "notice_no"),
        (ActionRequest("notify"), "notice_no"),
        (ActionRequest("close"), "action"),
    ],
)
def test_missing_action_fields_are_422(request_, field, leader, calendar, policy, make_case):
    case = make_case()
    with pytest.raises(InvalidFieldsError) as invalid:
        apply_action(case, request_, leader, AT, policy, calendar)
    assert field in invalid.value.errors
    assert case.history == []


def test_resolving_a_recommendation_needs_no_decision_number(leader, calendar, policy, make_case):
    case = make_case(kind=Kind.RECOMMENDATION, status="accepted")
    apply_action(case, ActionRequest("resolve"), leader, AT, policy, calendar)
    assert case.status is Status.RESOLVED


def test_refusal_records_reason_code_and_notice(leader, calendar, policy, make_case):
    case = make_case(status="resolved")
    apply_action(
        case,
        ActionRequest("refuse", reason_code="already_resolved", notice_no="05/TB-UBND"),
        leader,
        AT,
        policy,
        calendar,
    )
    assert case.refusal.to_dict() == {"reason_code": "already_resolved", "notice_no": "05/TB-UBND"}
    assert case.history[-1].details == {"reason_code": "already_resolved", "notice_no": "05/TB-UBND"}
    assert case.outcome == "refused"
    with pytest.raises(TransitionRefusedError, match="đã có thông báo"):
        apply_action(
            case, ActionRequest("refuse", reason_code="already_resolved", notice_no="06"), leader, AT, policy, calendar
        )


def test_refusing_at_the_door_without_notice(leader, calendar, policy, make_case):
    case = make_case()
    apply_action(case, ActionRequest("refuse", reason_code="intoxicated"), leader, AT, policy, calendar)
    assert case.status is Status.FILED
    assert case.refusal.notice_no is None


def test_transfer_records_agency_and_marks_not_competent(leader, calendar, policy, make_case):
    case = make_case(kind=Kind.DENUNCIATION)
    case.deadlines = opening_deadlines(Kind.DENUNCIATION, case.received_on, False, False, policy, calendar)
    apply_action(case, ActionRequest("transfer", to_agency="Công an tỉnh"), leader, AT, policy, calendar)
    assert case.to_agency == "Công an tỉnh"
    assert case.competent is False
    assert case.history[-1].details == {"to_agency": "Công an tỉnh"}


def test_watched_and_overdue_deadlines(calendar, policy, make_case):
    case = make_case(kind=Kind.DENUNCIATION)
    case.deadlines = opening_deadlines(Kind.DENUNCIATION, case.received_on, False, False, policy, calendar)
    assert [d.name for d in case.watched_deadlines()] == ["process_by"]
    case.competent = False
    assert {d.name for d in case.watched_deadlines()} == {"process_by", "transfer_by"}
    assert [d.name for d in case.overdue_deadlines(date(2026, 1, 12))] == ["transfer_by"]
    assert {d.name for d in case.overdue_deadlines(date(2026, 1, 14))} == {"transfer_by", "process_by"}
    case.status = Status.FILED
    assert case.overdue_deadlines(date(2026, 3, 1)) == []


def test_an_accepted_denunciation_owes_the_denouncer_a_notice_within_5_working_days(
    leader, calendar, policy, make_case
):
    """Luật Tố cáo 2018, Điều 29: accepted Tue 20 Jan, notice due Tue 27 Jan; across Tết, Thu 12 Feb → Thu 26 Feb."""
    case = make_case(kind=Kind.DENUNCIATION)
    apply_action(case, ActionRequest("accept"), leader, AT, policy, calendar)
    notice = case.deadlines["notify_by"]
    assert (notice.date, notice.rule_code, notice.day_type.value) == (
        date(2026, 1, 27),
        "denunciation_acceptance_notice",
        "working",
    )
    assert "notify_by" in {d.name for d in case.watched_deadlines()}
    assert [d.name for d in case.overdue_deadlines(date(2026, 1, 28))] == ["notify_by"]
    before_tet = make_case(kind=Kind.DENUNCIATION)
    apply_action(before_tet, ActionRequest("accept"), leader, datetime(2026, 2, 12, 3, tzinfo=UTC), policy, calendar)
    assert before_tet.deadlines["notify_by"].date == date(2026, 2, 26)

    apply_action(case, ActionRequest("notify", notice_no="07/TB-UBND"), leader, AT, policy, calendar)
    assert "notify_by" not in case.deadlines
    assert case.overdue_deadlines(date(2026, 1, 28)) == []
    assert case.status is Status.ACCEPTED
    assert case.history[-1].details == {"notice_no": "07/TB-UBND", "notify_by": "2026-01-27"}
    with pytest.raises(TransitionRefusedError, match="đã được thông báo"):
        apply_action(case, ActionRequest("notify", notice_no="08/TB-UBND"), leader, AT, policy, calendar)


def test_only_a_denunciation_has_an_acceptance_notice(leader, calendar, policy, make_case):
    case = make_case(kind=Kind.COMPLAINT)
    apply_action(case, ActionRequest("accept"), leader, AT, policy, calendar)
    assert "notify_by" not in case.deadlines
    with pytest.raises(TransitionRefusedError, match="Chỉ tố cáo"):
        apply_action(case, ActionRequest("notify", notice_no="07/TB-UBND"), leader, AT, policy, calendar)
