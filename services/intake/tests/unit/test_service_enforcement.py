"""A case's planned enforcement through the service layer with the fake unit of work: plan, re-plan, the
Chairman's decision in or near a special period (plan §3), clearing, the leader's list."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from cryptography.fernet import Fernet
from intake_fakes import FakeIntakeUnitOfWork, build_case

from tiepdan.intake.adapters.identity_vault import IdentityVault
from tiepdan.intake.config import IntakeConfig
from tiepdan.intake.domain.cases import Actor
from tiepdan.intake.domain.enforcement import Clearance, PlanRequest, Verdict
from tiepdan.intake.domain.errors import ForbiddenError, InvalidFieldsError, NotFoundError, TransitionRefusedError
from tiepdan.intake.domain.vocabulary import Kind
from tiepdan.intake.service.enforcement import (
    DecisionRequest,
    clear_enforcement,
    decide_enforcement,
    list_enforcements,
    plan_enforcement,
    read_enforcement,
)
from tiepdan.kit.db import UnitScope

UNIT = "bach-quang"
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 02/03/2026, 09:00 in the ward
CLERK = Actor(sub="u-clerk", name="Nguyễn Thị Lan", roles=frozenset({"clerk"}))
LEADER = Actor(sub="u-leader", name="Chủ tịch", roles=frozenset({"leader"}))
ELECTION_DAY = date(2026, 3, 15)  # "Ngày bầu cử", a critical special period of the built-in calendar
QUIET_DAY = date(2026, 4, 10)  # 19 days after the last period of March ends
PAGE = {"limit": 50, "cursor": None}


@pytest.fixture
def config() -> IntakeConfig:
    vault = IdentityVault([Fernet.generate_key().decode()], b"0123456789abcdef-index")
    return IntakeConfig(vault=vault, clock=lambda: NOW)


@pytest.fixture
def uow(config: IntakeConfig) -> FakeIntakeUnitOfWork:
    work = FakeIntakeUnitOfWork(config.vault, UnitScope(units=frozenset({UNIT}), write_unit=UNIT))
    work.store.cases["c1"] = build_case(status="resolved")
    return work


def _plan(uow, config, day: date, who: Actor = CLERK, unit: str = "Đội Quản lý trật tự đô thị", case_id: str = "c1"):
    request = PlanRequest(day, unit, "Quyết định cưỡng chế thu hồi đất số 12/QĐ-UBND")
    with uow:
        answer = plan_enforcement(uow, config, who, case_id, request)
        uow.commit()
    return answer


def _decide(uow, config, verdict: Verdict = Verdict.GO):
    with uow:
        answer = decide_enforcement(uow, config, LEADER, "c1", DecisionRequest(verdict, "25/QĐ-UBND"))
        uow.commit()
    return answer


def test_an_enforcement_on_election_day_waits_for_the_chairmans_decision_and_is_announced_at_the_commit(uow, config):
    with uow:
        answer = plan_enforcement(uow, config, CLERK, "c1", PlanRequest(ELECTION_DAY, "Đội QLTTĐT", "Cưỡng chế"))
        assert uow.store.enforcements == {}
        assert uow.events == []
        uow.commit()
    assert answer.needs_decision
    assert answer.awaiting_decision
    assert answer.near is not None
    assert answer.near.inside
    assert answer.near.period.name == "Ngày bầu cử"
    assert uow.store.enforcements["c1"].revision == 1
    [event] = uow.events
    assert event.type == "intake.enforcement.planned"
    assert event.data["planned_on"] == "2026-03-15"
    assert event.data["revision"] == 1
    assert event.data["previous_planned_on"] is None
    assert (event.data["kind"], event.data["field"], event.data["area"]) == ("complaint", "land", "Tổ 5")


def test_a_date_within_seven_days_of_a_special_period_needs_the_decision_a_quiet_one_does_not(uow, config):
    near = _plan(uow, config, date(2026, 3, 27))  # five days after "Sau ngày bầu cử" ends on 22/03
    assert near.needs_decision
    assert near.near is not None
    assert not near.near.inside
    assert near.near.period.name == "Sau ngày bầu cử"
    quiet = _plan(uow, config, QUIET_DAY)
    assert not quiet.needs_decision
    assert not quiet.awaiting_decision
    assert quiet.near is None


def test_the_same_plan_again_changes_nothing_a_new_date_is_sent_again_with_a_higher_revision(uow, config):
    _plan(uow, config, ELECTION_DAY)
    _plan(uow, config, ELECTION_DAY)
    assert [e.data["revision"] for e in uow.events] == [1]
    moved = _plan(uow, config, QUIET_DAY)
    assert moved.enforcement.revision == 2
    assert uow.events[-1].data["previous_planned_on"] == "2026-03-15"
    assert uow.events[-1].data["revision"] == 2


def test_a_date_before_today_is_refused_naming_planned_on_and_nothing_is_kept(uow, config):
    with pytest.raises(InvalidFieldsError) as refused:
        _plan(uow, config, date(2026, 3, 1))
    assert list(refused.value.errors) == ["planned_on"]
    assert uow.store.enforcements == {}
    assert uow.events == []
    assert _plan(uow, config, date(2026, 3, 2)).enforcement.planned_on == date(2026, 3, 2)  # today is allowed


def test_an_unknown_case_is_not_found_and_a_clerk_may_not_plan_on_a_party_denunciation(uow, config):
    with pytest.raises(NotFoundError):
        _plan(uow, config, ELECTION_DAY, case_id="c-other-unit")
    uow.store.cases["c2"] = build_case(id="c2", kind=Kind.DENUNCIATION, field="party", party_related=True)
    with pytest.raises(ForbiddenError):
        _plan(uow, config, ELECTION_DAY, case_id="c2")
    assert _plan(uow, config, ELECTION_DAY, who=LEADER, case_id="c2").enforcement.case_id == "c2"


def test_the_chairmans_decision_is_recorded_and_sent_and_holds_only_for_its_date(uow, config):
    _plan(uow, config, ELECTION_DAY)
    decided = _decide(uow, config)
    assert decided.needs_decision
    assert not decided.awaiting_decision
    event = uow.events[-1]
    assert event.type == "intake.enforcement.decided"
    assert (event.data["decision"], event.data["decided_by"], event.data["decision_no"]) == (
        "go",
        "leader",
        "25/QĐ-UBND",
    )
    assert event.data["planned_on"] == "2026-03-15"
    another_unit = _plan(uow, config, ELECTION_DAY, unit="Công an phường")
    assert another_unit.enforcement.revision == 2
    assert another_unit.enforcement.decision is not None  # the same date: the decision stands
    moved = _plan(uow, config, date(2026, 3, 14))
    assert moved.enforcement.decision is None
    assert moved.awaiting_decision


def test_clearing_is_sent_once_and_a_cleared_enforcement_takes_no_decision_but_may_be_planned_again(uow, config):
    _plan(uow, config, ELECTION_DAY)
    for _ in range(2):
        with uow:
            cleared = clear_enforcement(uow, config, CLERK, "c1", Clearance.DONE)
            uow.commit()
    assert [e.type for e in uow.events] == ["intake.enforcement.planned", "intake.enforcement.cleared"]
    assert uow.events[-1].data == {
        "case_id": "c1",
        "reason": "done",
        "planned_on": "2026-03-15",
        "revision": 1,
        "cleared_at": NOW.isoformat(),
    }
    assert not cleared.needs_decision
    with pytest.raises(TransitionRefusedError):
        _decide(uow, config)
    again = _plan(uow, config, ELECTION_DAY)
    assert again.enforcement.revision == 2
    assert again.enforcement.pending
    assert uow.events[-1].data["previous_planned_on"] is None


def test_no_enforcement_to_read_clear_or_decide_is_not_found(uow, config):
    with uow, pytest.raises(NotFoundError):
        read_enforcement(uow, CLERK, "c1")
    with uow, pytest.raises(NotFoundError):
        clear_enforcement(uow, config, CLERK, "c1", Clearance.DROPPED)
    with pytest.raises(NotFoundError):
        _decide(uow, config)


def test_the_list_is_soonest_first_within_the_dates_and_leaves_party_matters_to_the_leader(uow, config):
    uow.store.cases["c2"] = build_case(id="c2")
    uow.store.cases["c3"] = build_case(id="c3", kind=Kind.DENUNCIATION, field="party", party_related=True)
    _plan(uow, config, QUIET_DAY, case_id="c1")
    _plan(uow, config, ELECTION_DAY, case_id="c2")
    _plan(uow, config, date(2026, 3, 20), who=LEADER, case_id="c3")
    with uow:
        clerk = list_enforcements(uow, CLERK, (None, None), PAGE)
        leader = list_enforcements(uow, LEADER, (None, None), PAGE)
        march = list_enforcements(uow, LEADER, (date(2026, 3, 1), date(2026, 3, 31)), PAGE)
    assert [a.enforcement.case_id for a in clerk["items"]] == ["c2", "c1"]
    assert [a.enforcement.case_id for a in leader["items"]] == ["c2", "c3", "c1"]
    assert [a.needs_decision for a in leader["items"]] == [True, True, False]
    assert [a.enforcement.case_id for a in march["items"]] == ["c2", "c3"]
