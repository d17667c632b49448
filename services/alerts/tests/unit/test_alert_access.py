import pytest
from alerts_samples import visit

from tiepdan.alerts.domain.access import can_acknowledge, can_read, can_resolve, visible_kinds
from tiepdan.alerts.domain.detectors import detect_sighting
from tiepdan.alerts.domain.kinds import Kind


@pytest.mark.parametrize(
    ("roles", "kinds"),
    [
        (["police"], {Kind.CROWD, Kind.HOTSPOT, Kind.OVER_LEVEL, Kind.REPEAT, Kind.RECEPTION_SCHEDULED}),
        (["party_inspection"], {Kind.PARTY_PERSONNEL}),
        (["ops"], set()),
        (["scheduler"], set()),
    ],
)
def test_visible_kinds(roles, kinds):
    assert visible_kinds(roles) == kinds


@pytest.mark.parametrize("role", ["clerk", "leader", "admin", "police", "province", "ops", "scheduler"])
def test_nobody_but_party_inspection_reads_party_personnel(role):
    assert Kind.PARTY_PERSONNEL not in visible_kinds([role])


def test_acting_on_alerts(rules, book):
    party = book(None, detect_sighting(visit(kind="denunciation", party_related=True), rules)[0]).alert
    crowd = book(None, detect_sighting(visit(headcount=6), rules)[0]).alert
    assert can_read(["party_inspection"], party)
    assert can_acknowledge(["party_inspection"], party)
    assert can_resolve(["party_inspection"], party)
    assert not can_read(["leader"], party)
    assert not can_acknowledge(["leader"], party)
    assert can_acknowledge(["police"], crowd)
    assert not can_resolve(["police"], crowd)
    assert can_resolve(["leader"], crowd)
    assert not can_acknowledge(["clerk"], crowd)
    assert not can_acknowledge(["clerk", "party_inspection"], crowd)
