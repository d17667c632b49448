"""The working-group use cases on the in-memory unit of work: establish by a decision, refuse what breaks a rule,
and the roster worker giving the solver the groups in force."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from roster_fakes import FakeRosterUnitOfWork

from tiepdan.kit.errors import Problem
from tiepdan.roster.domain.errors import InvalidDocument
from tiepdan.roster.domain.working_group import Decision
from tiepdan.roster.service import rosters, staff, working_groups
from tiepdan.roster.service.solving import solve_waiting


@pytest.fixture
def uow(ward: dict[str, Any]) -> FakeRosterUnitOfWork:
    unit_of_work = FakeRosterUnitOfWork()
    with unit_of_work:
        staff.import_directory(unit_of_work, ward, "Cán bộ xếp lịch")
    unit_of_work.committed = False
    return unit_of_work


def decision(*members: tuple[str, str], start: date = date(2026, 1, 1), end: date = date(2026, 3, 31)) -> Decision:
    return Decision("15/QĐ-UBND", date(2025, 12, 20), start, end, list(members), "Phục vụ Đại hội XIV và bầu cử")


def test_a_group_is_established_with_its_members_agencies(uow: FakeRosterUnitOfWork) -> None:
    with uow:
        group = working_groups.establish_working_group(
            uow, decision(("s011", "head"), ("s001", "deputy"), ("s015", "member"), ("s028", "member")), "Lãnh đạo"
        )
        uow.commit()
    assert uow.committed
    assert [(m.staff_id, m.agency, m.role) for m in group.members] == [
        ("s011", "LD", "head"),
        ("s001", "VP", "deputy"),
        ("s015", "CA", "member"),
        ("s028", "MTTQ", "member"),
    ]
    assert working_groups.get_working_group(uow, group.id) == group
    assert working_groups.list_working_groups(uow, 10, None).items == [group]
    [event] = uow.events
    assert event.type == "roster.working_group.established"
    assert event.data == {
        "group_id": group.id,
        "decision_no": "15/QĐ-UBND",
        "decision_date": "2025-12-20",
        "period": {"from": "2026-01-01", "to": "2026-03-31"},
        "member_count": 4,
        "agencies": ["LD", "VP", "CA", "MTTQ"],
    }


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (decision(("s999", "member")), "members.0.staff_id"),
        (decision(("s001", "head"), ("s001", "member")), "members.1.staff_id"),
        (decision(("s001", "chief")), "members.0.role"),
        (decision(("s001", "head"), end=date(2025, 12, 31)), "period.to"),
        (decision(), "members"),
    ],
)
def test_what_breaks_a_rule_is_named(uow: FakeRosterUnitOfWork, bad: Decision, field: str) -> None:
    with uow, pytest.raises(InvalidDocument) as refused:
        working_groups.establish_working_group(uow, bad, "Lãnh đạo")
    assert set(refused.value.errors) == {field}
    assert not uow.committed
    assert uow.events == []
    assert uow.working_groups.groups == {}


def test_an_unknown_group_is_not_found(uow: FakeRosterUnitOfWork) -> None:
    with uow, pytest.raises(Problem) as missing:
        working_groups.get_working_group(uow, "nope")
    assert missing.value.status == 404


def test_the_worker_puts_a_member_on_each_shift_the_rules_ask(uow: FakeRosterUnitOfWork) -> None:
    rules = uow.rules.document()
    for rule in rules["coverage"]:
        if rule["level"] == "heightened" and rule["days"] == "working" and "morning" in rule["shifts"]:
            rule["working_group_on_duty"] = True
    uow.rules.stored = rules
    with uow:  # members who hold no skill the heightened mornings need: only the rule puts them there
        group = working_groups.establish_working_group(uow, decision(("s023", "head"), ("s024", "member")), "x")
    with uow:
        roster = rosters.request_roster(uow, date(2026, 1, 12), date(2026, 1, 14), 5.0, "Cán bộ xếp lịch")
    assert solve_waiting(lambda: uow) == 1
    assert roster.violations == []
    members = {m.staff_id for m in group.members}
    for day in ("2026-01-12", "2026-01-13", "2026-01-14"):
        on_shift = {a["staff_id"] for a in roster.assignments if a["date"] == day and a["shift"] == "morning"}
        assert on_shift & members, day
