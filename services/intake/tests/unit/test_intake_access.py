import pytest

from tiepdan.intake.domain.access import CaseView, case_view, may_act, may_read_identity
from tiepdan.intake.domain.cases import Action

ROLES = ["clerk", "leader", "police", "party_inspection", "province", "scheduler", "ops", "admin"]

#: (role, kind, party_related) → view; docs/contract.md roles table.
EXPECTED = {
    ("clerk", "complaint", False): CaseView.FULL,
    ("clerk", "denunciation", False): CaseView.REDACTED,
    ("clerk", "denunciation", True): CaseView.NONE,
    ("clerk", "complaint", True): CaseView.FULL,
    ("leader", "denunciation", True): CaseView.FULL,
    ("leader", "denunciation", False): CaseView.FULL,
    ("police", "complaint", False): CaseView.OUTLINE,
    ("police", "denunciation", False): CaseView.OUTLINE,
    ("police", "denunciation", True): CaseView.NONE,
    ("party_inspection", "denunciation", True): CaseView.FULL,
    ("party_inspection", "complaint", True): CaseView.FULL,
    ("party_inspection", "denunciation", False): CaseView.NONE,
    ("party_inspection", "complaint", False): CaseView.NONE,
}


@pytest.mark.parametrize(("key", "view"), EXPECTED.items(), ids=["-".join(map(str, k)) for k in EXPECTED])
def test_case_views(key, view):
    role, kind, party = key
    assert case_view([role], kind, party) is view


@pytest.mark.parametrize("role", ["province", "scheduler", "ops", "admin"])
@pytest.mark.parametrize("kind", ["complaint", "denunciation"])
def test_roles_without_intake_access_see_nothing(role, kind):
    assert case_view([role], kind, False) is CaseView.NONE
    assert not may_read_identity([role], kind, False)


def test_only_leader_and_party_inspection_read_a_denouncer():
    readers = {role for role in ROLES if may_read_identity([role], "denunciation", True)}
    assert readers == {"leader", "party_inspection"}
    readers = {role for role in ROLES if may_read_identity([role], "denunciation", False)}
    assert readers == {"leader"}


def test_clerk_acts_but_does_not_decide():
    assert may_act(["clerk"], Action.ACCEPT, "complaint", False)
    assert may_act(["clerk"], Action.TRANSFER, "denunciation", False)
    for action in (Action.RESOLVE, Action.EXTEND, Action.SUSPEND, Action.RESUME):
        assert not may_act(["clerk"], action, "complaint", False)
        assert may_act(["leader"], action, "complaint", False)


def test_party_matters_are_acted_on_by_party_inspection_and_leader_only():
    assert may_act(["party_inspection"], Action.RESOLVE, "denunciation", True)
    assert not may_act(["party_inspection"], Action.ACCEPT, "denunciation", False)
    assert not may_act(["clerk"], Action.ACCEPT, "denunciation", True)
    assert may_act(["leader"], Action.ACCEPT, "denunciation", True)


@pytest.mark.parametrize("role", ["police", "province", "scheduler", "ops", "admin"])
def test_other_roles_never_act(role):
    assert not any(may_act([role], action, "complaint", False) for action in Action)


def test_several_roles_take_the_widest_view():
    assert case_view(["clerk", "leader"], "denunciation", False) is CaseView.FULL
