"""Outreach records through the service layer with the fake unit of work: who may record what, what it must refer
to, and what each role reads back."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from cryptography.fernet import Fernet
from intake_fakes import FakeIntakeUnitOfWork, build_case

from tiepdan.intake.adapters.identity_vault import IdentityVault
from tiepdan.intake.config import IntakeConfig
from tiepdan.intake.domain.cases import Actor
from tiepdan.intake.domain.errors import ForbiddenError, InvalidFieldsError, NotFoundError, TransitionRefusedError
from tiepdan.intake.domain.outreach import GroupPlace, Outcome, OutreachFilters, OutreachInput, Speaker, Topic
from tiepdan.intake.domain.vocabulary import Kind
from tiepdan.intake.service.outreach import list_outreach, read_outreach, record_outreach
from tiepdan.kit.db import UnitScope

UNIT = "bach-quang"
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
CLERK = Actor(sub="u-clerk", name="Nguyễn Thị Lan", roles=frozenset({"clerk"}))
LEADER = Actor(sub="u-leader", name="Chủ tịch", roles=frozenset({"leader"}))
FRONT = Actor(sub="u-mttq", name="Lý Thị Quân", roles=frozenset({"front"}))
PARTY_BUILDING = Actor(sub="u-bxd", name="Nguyễn Văn Hải", roles=frozenset({"party_building"}))
PAGE = {"limit": 50, "cursor": None}
#: 23:30 UTC on 1 March is 06:30 on 2 March in the ward
TALK = OutreachInput(
    held_at=datetime(2026, 3, 1, 23, 30, tzinfo=UTC),
    topic=Topic.RELIGION,
    talked_by=(Speaker("s028", "MTTQ"), Speaker("s031", "BXD")),
    persons=12,
    audience="Đoàn bà con giáo xứ Tổ 5",
    outcome=Outcome.AGREED_TO_RETURN,
    case_id="c1",
)


@pytest.fixture
def config() -> IntakeConfig:
    vault = IdentityVault([Fernet.generate_key().decode()], b"0123456789abcdef-index")
    return IntakeConfig(vault=vault, clock=lambda: NOW)


@pytest.fixture
def uow(config: IntakeConfig) -> FakeIntakeUnitOfWork:
    work = FakeIntakeUnitOfWork(config.vault, UnitScope(units=frozenset({UNIT}), write_unit=UNIT))
    work.store.cases["c1"] = build_case(status="resolved")
    return work


def _record(uow, config, who: Actor = FRONT, talk: OutreachInput = TALK):
    with uow:
        recorded = record_outreach(uow, config, who, UNIT, talk)
        uow.commit()
    return recorded


def test_the_front_records_outreach_on_religion_after_a_case_is_resolved(uow, config):
    recorded = _record(uow, config)
    assert uow.store.outreach[recorded.id] == recorded
    assert recorded.held_on == date(2026, 3, 2)  # the ward's day
    assert recorded.unit == UNIT
    assert recorded.recorded_by == "Lý Thị Quân"
    assert uow.events == []  # the catalogue has no outreach event


@pytest.mark.parametrize("who", [FRONT, PARTY_BUILDING])
def test_mass_work_roles_may_not_record_outreach_on_land_the_ward_office_may(uow, config, who):
    on_land = replace(TALK, topic=Topic.LAND)
    with pytest.raises(ForbiddenError):
        _record(uow, config, who, on_land)
    assert uow.store.outreach == {}
    assert _record(uow, config, CLERK, on_land).details.topic is Topic.LAND


def test_outreach_about_neither_a_case_nor_a_group_or_still_to_come_is_refused_naming_the_fields(uow, config):
    with pytest.raises(InvalidFieldsError) as refused:
        _record(uow, config, talk=replace(TALK, case_id=None, held_at=datetime(2026, 3, 2, 3, 0, tzinfo=UTC)))
    assert set(refused.value.errors) == {"case_id", "alert_id", "held_at"}


def test_a_group_reported_from_above_needs_no_case(uow, config):
    group = replace(TALK, case_id=None, alert_id="a-17", group_at=GroupPlace.CENTRAL, outcome=Outcome.UNDERSTOOD)
    assert _record(uow, config, talk=group).details.alert_id == "a-17"


def test_a_case_not_found_names_case_id_a_case_without_a_result_is_refused(uow, config):
    with pytest.raises(NotFoundError) as missing:
        _record(uow, config, talk=replace(TALK, case_id="c-other-unit"))
    assert missing.value.field == "case_id"
    uow.store.cases["c2"] = build_case(id="c2", status="accepted")
    with pytest.raises(TransitionRefusedError):
        _record(uow, config, talk=replace(TALK, case_id="c2"))
    uow.store.cases["c3"] = build_case(id="c3", kind=Kind.DENUNCIATION, party_related=True, status="resolved")
    with pytest.raises(NotFoundError):
        _record(uow, config, CLERK, replace(TALK, case_id="c3"))
    assert _record(uow, config, LEADER, replace(TALK, case_id="c3")).details.case_id == "c3"


def test_each_role_reads_the_topics_it_may_record(uow, config):
    religion = _record(uow, config)
    land = _record(uow, config, CLERK, replace(TALK, topic=Topic.LAND))
    policy = _record(uow, config, PARTY_BUILDING, replace(TALK, topic=Topic.MERITORIOUS_PEOPLE))
    everything = OutreachFilters(frozenset(Topic))
    with uow:
        assert [o.id for o in list_outreach(uow, FRONT, everything, PAGE)["items"]] == [policy.id, religion.id]
        assert [o.id for o in list_outreach(uow, LEADER, everything, PAGE)["items"]] == [
            policy.id,
            land.id,
            religion.id,
        ]
        only_land = replace(everything, topic=Topic.LAND)
        assert list_outreach(uow, PARTY_BUILDING, only_land, PAGE)["items"] == []
        assert read_outreach(uow, FRONT, religion.id) == religion
        with pytest.raises(ForbiddenError):
            read_outreach(uow, FRONT, land.id)
        with pytest.raises(NotFoundError):
            read_outreach(uow, FRONT, "no-such-record")
