"""The legal rules of issue 16: filing limits, voter lists, the election cut-off, congress personnel, urging,
false names and withdrawal by part of a group."""

from datetime import UTC, date, datetime

import pytest

from tiepdan.intake.domain.cases import ActionRequest, Status, apply_action, opening_deadlines
from tiepdan.intake.domain.civic import civic_events, congress_deadline, election_hold
from tiepdan.intake.domain.deadlines import DeadlinePolicy
from tiepdan.intake.domain.errors import InvalidFieldsError, TransitionRefusedError
from tiepdan.intake.domain.filing import Obstacle, assess_filing, filing_problems, filing_rule
from tiepdan.intake.domain.opening import MatterFacts, apply_opening_rules, facts_problems
from tiepdan.intake.domain.vocabulary import Kind


@pytest.fixture(scope="module")
def events(calendar):
    return civic_events(calendar.raw)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 3, 0, tzinfo=UTC)


# --- filing limits ------------------------------------------------------------------------------------------


def test_first_complaint_has_90_days_from_knowing_and_the_last_day_off_moves_on(policy, calendar):
    # 05/01 + 90 days = Sunday 05/04 → Monday 06/04 (BLDS Art 148)
    in_time = assess_filing("complaint_filing", date(2026, 1, 5), date(2026, 4, 6), None, policy, calendar)
    assert in_time.deadline.date == date(2026, 4, 6)
    assert not in_time.late
    late = assess_filing("complaint_filing", date(2026, 1, 5), date(2026, 4, 7), None, policy, calendar)
    assert late.late
    assert late.to_dict()["basis"] == "Luật Khiếu nại 2011, Điều 11 khoản 7"
    assert "Điều 9" in late.deadline.rule


def test_an_obstacle_is_not_counted_in_the_limit(policy, calendar):
    obstacle = Obstacle(date(2026, 2, 1), date(2026, 2, 10), "Nằm viện điều trị")
    filing = assess_filing("complaint_filing", date(2026, 1, 5), date(2026, 4, 14), obstacle, policy, calendar)
    assert obstacle.days == 10
    assert filing.deadline.date == date(2026, 4, 15)  # 100 days from 05/01
    assert not filing.late
    assert "trở ngại" in filing.deadline.rule
    assert filing.to_dict()["obstacle"] == {
        "from": "2026-02-01",
        "to": "2026-02-10",
        "reason": "Nằm viện điều trị",
        "days": 10,
    }
    assert assess_filing("complaint_filing", date(2026, 1, 5), date(2026, 4, 16), obstacle, policy, calendar).late


def test_second_complaint_window_is_30_days_or_45_in_remote_areas(calendar):
    policy = DeadlinePolicy.default()
    remote = policy.with_overrides({}, remote_area=True)
    assert filing_rule(Kind.COMPLAINT, 2, False, policy) == "complaint_second_filing"
    assert filing_rule(Kind.COMPLAINT, 2, False, remote) == "complaint_second_filing_remote"
    first_decision = date(2026, 3, 2)
    normal = assess_filing("complaint_second_filing", first_decision, date(2026, 4, 2), None, policy, calendar)
    assert normal.deadline.date == date(2026, 4, 1)
    assert normal.late
    far = assess_filing("complaint_second_filing_remote", first_decision, date(2026, 4, 2), None, remote, calendar)
    assert far.deadline.date == date(2026, 4, 16)
    assert not far.late


def test_which_matters_have_a_filing_limit(policy):
    assert filing_rule(Kind.COMPLAINT, 1, False, policy) == "complaint_filing"
    assert filing_rule(Kind.COMPLAINT, 1, True, policy) == "voter_list_filing"
    assert filing_rule(Kind.DENUNCIATION, 1, False, policy) is None
    assert filing_rule(Kind.FEEDBACK, 1, False, policy) is None


def test_filing_facts_are_checked():
    obstacle = Obstacle(date(2026, 2, 10), date(2026, 2, 1), " ")
    errors = filing_problems(date(2026, 3, 1), date(2026, 2, 20), obstacle, "known_on")
    assert set(errors) == {"known_on", "filing_obstacle.to", "filing_obstacle.reason", "filing_obstacle.from"}
    assert filing_problems(None, date(2026, 2, 20), Obstacle(date(2026, 2, 1), date(2026, 2, 2), "Lũ"), "known_on") == {
        "filing_obstacle": ["Gia hạn thời hiệu cần ngày bắt đầu tính (known_on)."]
    }


def test_a_late_complaint_is_recorded_but_not_accepted(make_case, leader, policy, calendar):
    case = make_case(received_on=date(2026, 4, 7))
    apply_opening_rules(case, MatterFacts(known_on=date(2026, 1, 5)), date(2026, 4, 7), policy, calendar, [])
    assert case.filing_late
    with pytest.raises(TransitionRefusedError) as refused:
        apply_action(case, ActionRequest("accept"), leader, at(date(2026, 4, 8)), policy, calendar)
    assert "Điều 11 khoản 7" in refused.value.message
    apply_action(
        case, ActionRequest("guide", reason="Hết thời hiệu khiếu nại"), leader, at(date(2026, 4, 8)), policy, calendar
    )
    assert case.status is Status.GUIDED


def test_a_complaint_without_known_on_is_not_judged(make_case, policy, calendar):
    case = make_case()
    apply_opening_rules(case, MatterFacts(), date(2026, 1, 5), policy, calendar, [])
    assert case.filing is None
    assert not case.filing_late


# --- voter lists --------------------------------------------------------------------------------------------


def test_voter_list_complaint_30_days_from_posting_and_answered_within_5_days(make_case, policy, calendar):
    received = date(2026, 3, 2)
    case = make_case(field="election", received_on=received)
    case.deadlines = opening_deadlines(Kind.COMPLAINT, received, False, False, policy, calendar)
    apply_opening_rules(case, MatterFacts(known_on=date(2026, 2, 3), voter_list=True), received, policy, calendar, [])
    assert case.filing is not None
    assert case.filing.deadline.date == date(2026, 3, 5)
    assert not case.filing_late
    assert "process_by" not in case.deadlines
    answer = case.deadlines["voter_list_answer_by"]
    assert answer.date == date(2026, 3, 9)  # 07/03 is a Saturday
    assert "Luật Bầu cử ĐBQH và HĐND 2015, Điều 33" in answer.rule
    assert answer in case.watched_deadlines()


def test_voter_list_marks_only_complaints():
    facts = MatterFacts(voter_list=True)
    assert "voter_list" in facts_problems(facts, Kind.DENUNCIATION, False, date(2026, 3, 2))
    assert facts_problems(facts, Kind.COMPLAINT, False, date(2026, 3, 2)) == {}


# --- the election cut-off -----------------------------------------------------------------------------------


def test_the_calendar_names_the_election_and_the_congress(events):
    assert [(e.kind, e.day) for e in events] == [
        ("party_congress", date(2026, 1, 19)),
        ("election_day", date(2026, 3, 15)),
    ]


@pytest.mark.parametrize(
    ("received", "held"),
    [
        (date(2026, 3, 4), False),
        (date(2026, 3, 5), True),
        (date(2026, 3, 15), True),
        (date(2026, 3, 16), False),
    ],
)
def test_matters_about_candidates_from_5_march_are_held(received, held, events, calendar):
    hold = election_hold(Kind.DENUNCIATION, True, received, events, calendar)
    assert (hold is not None) is held
    if hold:
        assert hold.cutoff_from == date(2026, 3, 5)
        assert hold.election_day == date(2026, 3, 15)
        assert hold.forward_after == date(2026, 3, 16)
        assert "Điều 61" in hold.to_dict()["basis"]


def test_only_complaints_and_denunciations_about_candidates_are_held(events, calendar):
    assert election_hold(Kind.DENUNCIATION, False, date(2026, 3, 6), events, calendar) is None
    assert election_hold(Kind.FEEDBACK, True, date(2026, 3, 6), events, calendar) is None
    assert election_hold(Kind.COMPLAINT, True, date(2026, 3, 6), [], calendar) is None


def test_a_held_matter_is_forwarded_only_after_the_election(make_case, leader, policy, calendar, events):
    case = make_case(kind=Kind.DENUNCIATION, received_on=date(2026, 3, 6))
    apply_opening_rules(case, MatterFacts(about_candidate=True), date(2026, 3, 6), policy, calendar, events)
    transfer = ActionRequest("transfer", to_agency="Ủy ban bầu cử thành phố")
    for action in (ActionRequest("accept"), transfer):
        with pytest.raises(TransitionRefusedError) as refused:
            apply_action(case, action, leader, at(date(2026, 3, 10)), policy, calendar)
        assert "16/03/2026" in refused.value.message
    apply_action(case, transfer, leader, at(date(2026, 3, 16)), policy, calendar)
    assert case.status is Status.TRANSFERRED


# --- congress personnel -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 1, 12), date(2026, 1, 16)),  # the eve is Sunday 18/01: the last working day before it
        (date(2026, 1, 17), date(2026, 1, 18)),  # received on Saturday: no working day is left, the eve
        (date(2026, 1, 19), None),  # the congress has opened
    ],
)
def test_congress_personnel_denunciations_are_concluded_before_the_congress(received, due, events, calendar):
    deadline = congress_deadline(Kind.DENUNCIATION, True, received, events, calendar)
    assert (deadline.date if deadline else None) == due
    if deadline:
        assert deadline.name == "conclude_by"
        assert "Quy định 22-QĐ/TW" in deadline.rule
        assert "19/01/2026" in deadline.rule


def test_congress_deadline_is_watched_until_the_case_is_decided(make_case, leader, policy, calendar, events):
    case = make_case(kind=Kind.DENUNCIATION, party_related=True, received_on=date(2026, 1, 12))
    facts = MatterFacts(congress_personnel=True)
    assert facts_problems(facts, Kind.DENUNCIATION, True, date(2026, 1, 12)) == {}
    assert "congress_personnel" in facts_problems(facts, Kind.DENUNCIATION, False, date(2026, 1, 12))
    apply_opening_rules(case, facts, date(2026, 1, 12), policy, calendar, events)
    assert case.congress_personnel
    assert case.overdue_deadlines(date(2026, 1, 17))[0].name == "conclude_by"
    apply_action(case, ActionRequest("accept"), leader, at(date(2026, 1, 13)), policy, calendar)
    assert "conclude_by" in {d.name for d in case.watched_deadlines()}
    apply_action(
        case, ActionRequest("resolve", decision_no="01/KL-UBKT"), leader, at(date(2026, 1, 16)), policy, calendar
    )
    assert case.watched_deadlines() == []


# --- urge, false name, withdrawal by part of a group ----------------------------------------------------------


def test_urge_handles_a_petition_by_urging_the_competent_body(make_case, leader, policy, calendar):
    case = make_case(kind=Kind.COMPLAINT)
    with pytest.raises(InvalidFieldsError) as missing:
        apply_action(case, ActionRequest("urge"), leader, at(date(2026, 1, 6)), policy, calendar)
    assert "to_agency" in missing.value.errors
    entry = apply_action(
        case,
        ActionRequest("urge", to_agency="UBND tỉnh", notice_no="09/UBND-TD"),
        leader,
        at(date(2026, 1, 6)),
        policy,
        calendar,
    )
    assert (case.status, case.outcome, case.competent, case.last_action) == (Status.FILED, "urged", False, "urge")
    assert entry.details == {"to_agency": "UBND tỉnh", "notice_no": "09/UBND-TD"}


def test_a_transferred_matter_is_urged_at_the_body_it_went_to(make_case, leader, policy, calendar):
    case = make_case(status="transferred", to_agency="Thanh tra tỉnh", competent=False)
    entry = apply_action(case, ActionRequest("urge"), leader, at(date(2026, 2, 6)), policy, calendar)
    assert case.status is Status.TRANSFERRED
    assert entry.details["to_agency"] == "Thanh tra tỉnh"


def test_false_name_stops_a_denunciation_with_its_reason(make_case, leader, policy, calendar):
    case = make_case(kind=Kind.DENUNCIATION)
    apply_action(case, ActionRequest("accept"), leader, at(date(2026, 1, 6)), policy, calendar)
    with pytest.raises(InvalidFieldsError):
        apply_action(case, ActionRequest("flag_false_name"), leader, at(date(2026, 1, 8)), policy, calendar)
    reason = "Người đứng tên xác nhận không viết đơn"
    entry = apply_action(
        case, ActionRequest("flag_false_name", reason=reason), leader, at(date(2026, 1, 8)), policy, calendar
    )
    assert (case.status, case.processable, case.false_name_reason) == (Status.FILED, False, reason)
    assert entry.details["basis"] == "Luật Tố cáo 2018, Điều 25 khoản 2"
    assert case.watched_deadlines() == []
    with pytest.raises(TransitionRefusedError) as refused:
        apply_action(case, ActionRequest("accept"), leader, at(date(2026, 1, 9)), policy, calendar)
    assert "mạo danh" in refused.value.message


def test_false_name_is_for_denunciations_only(make_case, leader, policy, calendar):
    with pytest.raises(TransitionRefusedError):
        apply_action(
            make_case(), ActionRequest("flag_false_name", reason="x"), leader, at(date(2026, 1, 6)), policy, calendar
        )


def test_some_of_a_group_withdraw_and_the_others_complaint_goes_on(make_case, leader, policy, calendar):
    case = make_case(complainants=6)
    apply_action(case, ActionRequest("accept"), leader, at(date(2026, 1, 6)), policy, calendar)
    resolve_by = case.deadlines["resolve_by"]
    entry = apply_action(
        case,
        ActionRequest("withdraw", persons=2, reason="Đơn rút của 2 người"),
        leader,
        at(date(2026, 1, 9)),
        policy,
        calendar,
    )
    assert case.status is Status.ACCEPTED
    assert case.deadlines["resolve_by"] == resolve_by
    assert (case.withdrawn_persons, case.remaining_persons) == (2, 4)
    assert entry.details == {"partial": True, "persons": 2, "remaining": 4}
    assert entry.from_status == entry.to_status == "accepted"
    apply_action(case, ActionRequest("withdraw", persons=4), leader, at(date(2026, 1, 12)), policy, calendar)
    assert case.status is Status.WITHDRAWN


def test_a_withdrawal_names_at_least_one_person(make_case, leader, policy, calendar):
    with pytest.raises(InvalidFieldsError) as refused:
        apply_action(
            make_case(complainants=3),
            ActionRequest("withdraw", persons=0),
            leader,
            at(date(2026, 1, 6)),
            policy,
            calendar,
        )
    assert "persons" in refused.value.errors
