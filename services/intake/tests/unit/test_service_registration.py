"""Intake's main flows through the service layer with the fake unit of work: no database, no broker."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from cryptography.fernet import Fernet
from intake_fakes import Duty, FakeIntakeUnitOfWork

from tiepdan.intake.adapters.identity_vault import IdentityVault
from tiepdan.intake.config import IntakeConfig
from tiepdan.intake.domain.cases import ActionRequest, Actor, Status
from tiepdan.intake.domain.errors import ForbiddenError, InvalidFieldsError, TransitionRefusedError
from tiepdan.intake.domain.people import Citizen
from tiepdan.intake.service.case_actions import act_on_case
from tiepdan.intake.service.commands import Content, PetitionInput, VisitInput
from tiepdan.intake.service.registration import receive_petition, register_visit
from tiepdan.kit.db import UnitScope

UNIT = "bach-quang"
NOW = datetime(2026, 3, 10, 2, 30, tzinfo=UTC)  # Tuesday 10/03/2026, 09:30 in the ward
CLERK = Actor(sub="u-clerk", name="Nguyễn Thị Lan", roles=frozenset({"clerk"}))
LEADER = Actor(sub="u-leader", name="Chủ tịch", roles=frozenset({"leader"}))
BINH = Citizen(full_name="Trần Văn Bình", id_number="019085001234", address="Tổ 5")


@pytest.fixture
def config() -> IntakeConfig:
    vault = IdentityVault([Fernet.generate_key().decode()], b"0123456789abcdef-index")
    return IntakeConfig(vault=vault, clock=lambda: NOW)


@pytest.fixture
def uow(config: IntakeConfig) -> FakeIntakeUnitOfWork:
    return FakeIntakeUnitOfWork(config.vault, UnitScope(units=frozenset({UNIT}), write_unit=UNIT))


def _visit(subject: str = "Bồi thường dự án khu dân cư số 3", case_id: str | None = None) -> VisitInput:
    content = Content(kind="complaint", field="land", subject=subject, area="Tổ 5", case_id=case_id)
    return VisitInput(content=content, reception="regular", headcount=1, citizens=[BINH])


def _register(uow: FakeIntakeUnitOfWork, config: IntakeConfig, cmd: VisitInput):
    with uow:
        registered = register_visit(uow, config, CLERK, UNIT, cmd)
        uow.commit()
    return registered


def test_a_first_visit_opens_a_case_with_its_receipt_and_events_at_the_commit(
    uow: FakeIntakeUnitOfWork, config: IntakeConfig
) -> None:
    uow.roster.on_call["reception"] = Duty("st-1", "Phạm Văn Trực")
    with uow:
        registered = register_visit(uow, config, CLERK, UNIT, _visit())
        assert uow.store.cases == {}
        assert uow.events == []
        uow.commit()
    assert uow.deferred
    case = uow.store.cases[registered.case.id]
    assert registered.case_is_new
    assert case.status is Status.RECEIVED
    assert case.visit_count == 1
    assert registered.visit.host_name == "Phạm Văn Trực"
    assert registered.visit.reply_due is not None
    assert list(uow.store.visits) == [registered.visit.id]
    assert uow.store.register_no == {(UNIT, 2026): 1}
    assert uow.store.papers[registered.receipt.paper_id]["code"] == registered.receipt.code
    assert [e.type for e in uow.events] == [
        "intake.case.opened",
        "intake.visit.registered",
        "intake.paper.issued",
    ]
    assert [h.action for h in uow.store.history[case.id]] == ["open_by_visit"]


def test_a_repeat_visit_of_the_same_person_on_the_same_matter_joins_its_case(
    uow: FakeIntakeUnitOfWork, config: IntakeConfig
) -> None:
    first = _register(uow, config, _visit())
    again = _register(uow, config, _visit(subject="  bồi thường  DỰ ÁN khu dân cư số 3 "))
    other = _register(uow, config, _visit(subject="Lối đi chung"))
    assert not again.case_is_new
    assert again.visit.repeat
    assert again.case.id == first.case.id
    assert other.case.id != first.case.id
    assert uow.cases.locked == [first.case.id]  # the joined case is read for update
    assert uow.store.cases[first.case.id].visit_count == 2
    assert [h.action for h in uow.store.history[first.case.id]] == ["open_by_visit", "repeat_visit"]
    assert uow.store.register_no == {(UNIT, 2026): 3}


def test_a_visit_naming_an_unknown_case_is_refused_and_writes_nothing(
    uow: FakeIntakeUnitOfWork, config: IntakeConfig
) -> None:
    with pytest.raises(InvalidFieldsError) as refused:
        _register(uow, config, _visit(case_id="no-such-case"))
    assert "case_id" in refused.value.errors
    assert uow.store.visits == {}
    assert uow.events == []


def test_a_case_is_accepted_then_resolved_and_an_action_its_state_refuses_is_409(
    uow: FakeIntakeUnitOfWork, config: IntakeConfig
) -> None:
    case_id = _register(uow, config, _visit()).case.id
    with uow:
        act_on_case(uow, config, LEADER, case_id, ActionRequest("accept"))
        uow.commit()
    assert uow.store.cases[case_id].status is Status.ACCEPTED
    assert uow.store.cases[case_id].accepted_on == date(2026, 3, 10)
    with uow:
        act_on_case(uow, config, LEADER, case_id, ActionRequest("resolve", decision_no="12/QĐ-UBND"))
        uow.commit()
    assert uow.store.cases[case_id].status is Status.RESOLVED
    with pytest.raises(TransitionRefusedError), uow:
        act_on_case(uow, config, LEADER, case_id, ActionRequest("accept"))
    assert [h.action for h in uow.store.history[case_id]] == ["open_by_visit", "accept", "resolve"]
    assert [e.type for e in uow.events][-2:] == ["intake.case.changed", "intake.case.changed"]


def test_a_transfer_names_the_agency_and_a_clerk_may_not_resolve(
    uow: FakeIntakeUnitOfWork, config: IntakeConfig
) -> None:
    case_id = _register(uow, config, _visit()).case.id
    with pytest.raises(ForbiddenError), uow:
        act_on_case(uow, config, CLERK, case_id, ActionRequest("resolve", decision_no="1/QĐ"))
    with pytest.raises(InvalidFieldsError), uow:
        act_on_case(uow, config, LEADER, case_id, ActionRequest("transfer"))
    with uow:
        act_on_case(uow, config, LEADER, case_id, ActionRequest("transfer", to_agency="UBND quận Hai Bà Trưng"))
        uow.commit()
    assert uow.store.cases[case_id].status is Status.TRANSFERRED
    assert uow.store.cases[case_id].to_agency == "UBND quận Hai Bà Trưng"


def test_a_petition_opens_a_case_assessed_and_a_later_one_of_the_same_person_joins_it(
    uow: FakeIntakeUnitOfWork, config: IntakeConfig
) -> None:
    content = Content(kind="complaint", field="land", subject="Cấp giấy chứng nhận", area="Tổ 2")
    petition = PetitionInput(content=content, channel="post", citizens=[BINH], received_on=date(2026, 3, 9))
    with uow:
        first = receive_petition(uow, config, CLERK, UNIT, petition)
        uow.commit()
    with uow:
        again = receive_petition(uow, config, CLERK, UNIT, petition)
        uow.commit()
    assert first.case_is_new
    assert first.petition.eligible
    assert first.petition.signers == 1
    assert again.case.id == first.case.id
    assert again.petition.repeat
    assert uow.store.cases[first.case.id].petition_count == 2
    assert (UNIT, date(2026, 3, 9)) in uow.store.reopened_days  # received yesterday: that day's summary again
    assert [e.type for e in uow.events].count("intake.petition.received") == 2
