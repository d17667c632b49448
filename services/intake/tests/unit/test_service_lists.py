"""The case list and counts through the service layer with the fake unit of work: what each role is shown, who may
search by a citizen, and the audit of a denouncer found by name (docs/contract.md "Roles")."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from cryptography.fernet import Fernet
from intake_fakes import FakeIntakeUnitOfWork

from tiepdan.intake.adapters.identity_vault import IdentityVault
from tiepdan.intake.api.schemas import CasePage
from tiepdan.intake.config import IntakeConfig
from tiepdan.intake.domain.access import CaseView
from tiepdan.intake.domain.cases import Actor
from tiepdan.intake.domain.errors import ForbiddenError, InvalidFieldsError
from tiepdan.intake.domain.listing import CaseFilters
from tiepdan.intake.domain.people import Citizen
from tiepdan.intake.service.commands import Content, VisitInput
from tiepdan.intake.service.registration import register_visit
from tiepdan.intake.service.views import count_cases, list_cases
from tiepdan.kit.db import UnitScope

UNIT = "bach-quang"
NOW = datetime(2026, 3, 10, 2, 30, tzinfo=UTC)
TODAY = date(2026, 3, 10)
PAGE = {"limit": 50, "cursor": None}
CLERK = Actor(sub="u-clerk", name="Nguyễn Thị Lan", roles=frozenset({"clerk"}))
LEADER = Actor(sub="u-leader", name="Chủ tịch", roles=frozenset({"leader"}))
INSPECTION = Actor(sub="u-ubkt", name="Ủy ban Kiểm tra", roles=frozenset({"party_inspection"}))
POLICE = Actor(sub="u-police", name="Công an phường", roles=frozenset({"police"}))
BINH = Citizen(full_name="Trần Văn Bình", id_number="019085001234", address="Tổ 5")
HOA = Citizen(full_name="Lê Thị Hoa", id_number="019085009876", address="Tổ 7")


@pytest.fixture
def uow() -> FakeIntakeUnitOfWork:
    vault = IdentityVault([Fernet.generate_key().decode()], b"0123456789abcdef-index")
    uow = FakeIntakeUnitOfWork(vault, UnitScope(units=frozenset({UNIT}), write_unit=UNIT))
    config = IntakeConfig(vault=vault, clock=lambda: NOW)
    for kind, subject, party_related, citizen in (
        ("complaint", "Bồi thường dự án khu dân cư số 3", False, BINH),
        ("denunciation", "Cán bộ địa chính nhận tiền", False, HOA),
        ("denunciation", "Đảng viên chi bộ 4 vi phạm", True, HOA),
    ):
        content = Content(kind=kind, field="land", subject=subject, area="Tổ 5", party_related=party_related)
        with uow:
            register_visit(uow, config, LEADER, UNIT, VisitInput(content, "regular", 1, [citizen]))
            uow.commit()
    return uow


def _subjects(uow: FakeIntakeUnitOfWork, actor: Actor, filters: CaseFilters | None = None) -> list[str]:
    with uow:
        page = list_cases(uow, actor, filters or CaseFilters(), PAGE, TODAY)
        uow.commit()
    return [item.case.subject for item in page["items"]]


def test_each_role_is_shown_the_cases_its_view_allows(uow: FakeIntakeUnitOfWork) -> None:
    everything = ["Đảng viên chi bộ 4 vi phạm", "Cán bộ địa chính nhận tiền", "Bồi thường dự án khu dân cư số 3"]
    assert _subjects(uow, LEADER) == everything
    assert _subjects(uow, CLERK) == everything[1:]  # not a denunciation on a Party matter
    assert _subjects(uow, INSPECTION) == everything[:1]  # Party matters only
    assert _subjects(uow, POLICE) == everything[1:]


def test_the_police_see_outlines_and_may_neither_count_nor_search_by_a_citizen(uow: FakeIntakeUnitOfWork) -> None:
    with uow:
        page = list_cases(uow, POLICE, CaseFilters(), PAGE, TODAY)
    assert {item.view for item in page["items"]} == {CaseView.OUTLINE}
    assert {frozenset(item) for item in CasePage().dump(page)["items"]} == {
        frozenset({"id", "field", "subject", "area"})
    }
    with pytest.raises(ForbiddenError), uow:
        count_cases(uow, POLICE, CaseFilters(), ["kind"], TODAY)
    with pytest.raises(ForbiddenError), uow:  # 403 before the range's 422
        list_cases(
            uow, POLICE, CaseFilters(citizen="Hoa", received_from=TODAY, received_to=date(2026, 1, 1)), PAGE, TODAY
        )


def test_a_citizen_search_finds_only_denouncers_the_reader_may_read_and_audits_them(uow: FakeIntakeUnitOfWork) -> None:
    by_hoa = CaseFilters(citizen="lê thị HOA")
    assert _subjects(uow, CLERK, by_hoa) == []
    assert uow.store.identity_reads == []
    assert _subjects(uow, INSPECTION, by_hoa) == ["Đảng viên chi bộ 4 vi phạm"]
    assert _subjects(uow, LEADER, CaseFilters(citizen="019085009876")) == [
        "Đảng viên chi bộ 4 vi phạm",
        "Cán bộ địa chính nhận tiền",
    ]
    assert [(actor, purpose) for actor, _, _, purpose in uow.store.identity_reads] == [
        ("u-ubkt", "citizen_search"),
        ("u-leader", "citizen_search"),
        ("u-leader", "citizen_search"),
    ]
    assert _subjects(uow, CLERK, CaseFilters(citizen="Bình Trần")) == ["Bồi thường dự án khu dân cư số 3"]
    assert len(uow.store.identity_reads) == 3  # a complainant found is no denouncer's identity


def test_a_range_that_ends_before_it_starts_and_an_empty_search_are_refused_naming_the_field(
    uow: FakeIntakeUnitOfWork,
) -> None:
    with pytest.raises(InvalidFieldsError) as refused, uow:
        list_cases(uow, CLERK, CaseFilters(due_from=TODAY, due_to=date(2026, 3, 1)), PAGE, TODAY)
    assert list(refused.value.errors) == ["due_to"]
    with pytest.raises(InvalidFieldsError) as refused, uow:
        count_cases(uow, LEADER, CaseFilters(citizen=" . "), [], TODAY)
    assert list(refused.value.errors) == ["citizen"]


def test_counts_group_what_the_reader_is_shown(uow: FakeIntakeUnitOfWork) -> None:
    with uow:
        counts = count_cases(uow, CLERK, CaseFilters(), ["kind", "kind"], TODAY)
    assert counts["total"] == 2
    assert sorted((g["kind"], g["count"]) for g in counts["groups"]) == [("complaint", 1), ("denunciation", 1)]
    with uow:
        assert count_cases(uow, INSPECTION, CaseFilters(), [], TODAY) == {"total": 1, "groups": []}
