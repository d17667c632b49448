from datetime import timedelta

import pytest
from alerts_samples import ORDINARY, visit

from tiepdan.alerts.domain.detectors import detect_inbound_report, detect_sighting
from tiepdan.alerts.domain.kinds import Kind
from tiepdan.alerts.domain.muting import Silence, inhibiting, read_silence_request, silencing
from tiepdan.alerts.domain.observations import inbound_report_from
from tiepdan.alerts.domain.validation import DocumentError


def silence(matchers, starts=ORDINARY, hours=2):
    return Silence("s1", "u", matchers, starts, starts + timedelta(hours=hours), "admin", "họp dân", ORDINARY)


def hotspot_and_crowd(rules, book):
    first = visit(headcount=6)
    signals = detect_sighting(
        visit(headcount=6, received_at=ORDINARY + timedelta(hours=1)), rules, [first.contribution]
    )
    return {s.kind: book(None, s).alert for s in signals}


def test_a_silence_mutes_matching_alerts_while_active(rules, book):
    alerts = hotspot_and_crowd(rules, book)
    quiet = silence({"kind": "hotspot", "area": "to dan pho 5"})
    assert silencing(alerts[Kind.HOTSPOT], [quiet], ORDINARY) is quiet
    assert silencing(alerts[Kind.CROWD], [quiet], ORDINARY) is None
    assert silencing(alerts[Kind.HOTSPOT], [quiet], ORDINARY - timedelta(seconds=1)) is None
    assert silencing(alerts[Kind.HOTSPOT], [quiet], ORDINARY + timedelta(hours=2)) is None


def test_over_level_inhibits_the_hotspot_of_the_same_key(rules, book):
    alerts = hotspot_and_crowd(rules, book)
    data = {
        "reported_at": ORDINARY.isoformat(),
        "place": "Trụ sở Tiếp công dân Trung ương",
        "level": "central",
        "headcount": 20,
        "area": "Tổ dân phố 5",
        "field": "land",
        "subject": "Dự án khu dân cư số 3",
    }
    over_level = book(None, detect_inbound_report(inbound_report_from(data, "m1"), rules)).alert
    others = [over_level, *alerts.values()]
    assert inhibiting(alerts[Kind.HOTSPOT], others, rules.inhibitions) is over_level
    assert inhibiting(alerts[Kind.CROWD], others, rules.inhibitions) is None
    elsewhere = book(
        None, detect_inbound_report(inbound_report_from({**data, "area": "Tổ dân phố 9"}, "m2"), rules)
    ).alert
    assert inhibiting(alerts[Kind.HOTSPOT], [elsewhere], rules.inhibitions) is None
    over_level.resolve("leader", None, ORDINARY)
    assert inhibiting(alerts[Kind.HOTSPOT], others, rules.inhibitions) is None


def test_a_silence_request_is_read_and_checked():
    request = read_silence_request(
        {"matchers": {"kind": "crowd"}, "ends_at": "2026-06-10T12:00:00+07:00", "comment": "Đối thoại"}, ORDINARY
    )
    assert request.starts_at == ORDINARY
    assert request.ends_at - request.starts_at == timedelta(hours=3)


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"ends_at": "2026-06-10T12:00:00+07:00", "comment": "x"}, "matchers"),
        ({"matchers": {"colour": "red"}, "ends_at": "2026-06-10T12:00:00+07:00", "comment": "x"}, "matchers.colour"),
        ({"matchers": {"kind": "riot"}, "ends_at": "2026-06-10T12:00:00+07:00", "comment": "x"}, "matchers.kind"),
        ({"matchers": {"kind": "crowd"}, "comment": "x"}, "ends_at"),
        ({"matchers": {"kind": "crowd"}, "ends_at": "2026-06-10T08:00:00+07:00", "comment": "x"}, "ends_at"),
        ({"matchers": {"kind": "crowd"}, "ends_at": "2026-06-10T12:00:00+07:00"}, "comment"),
    ],
)
def test_bad_silence_requests_name_the_field(body, path):
    with pytest.raises(DocumentError) as caught:
        read_silence_request(body, ORDINARY)
    assert path in caught.value.errors
