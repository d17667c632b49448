from dataclasses import replace
from datetime import timedelta

import pytest
from alerts_samples import ORDINARY, petition, visit

from tiepdan.alerts.domain.detectors import (
    detect_coverage_gap,
    detect_inbound_report,
    detect_overdue,
    detect_sighting,
)
from tiepdan.alerts.domain.kinds import Kind, Severity
from tiepdan.alerts.domain.observations import (
    coverage_gap_from,
    inbound_report_from,
    overdue_case_from,
)
from tiepdan.alerts.domain.rules import DEFAULT_RULES, RuleSet
from tiepdan.kit.text import group_key


def kinds(signals):
    return sorted(s.kind for s in signals)


@pytest.mark.parametrize(("headcount", "crowd"), [(4, False), (5, True), (11, True)])
def test_crowd_starts_at_five_people(rules, headcount, crowd):
    signals = detect_sighting(visit(headcount=headcount), rules)
    assert (Kind.CROWD in kinds(signals)) is crowd


def test_a_petition_with_five_signers_is_a_crowd_too(rules):
    assert Kind.CROWD in kinds(detect_sighting(petition(signers=5, headcount=5), rules))
    assert Kind.CROWD not in kinds(detect_sighting(petition(signers=4, headcount=4), rules))


def test_crowd_threshold_is_data(rules):
    strict = replace(
        rules,
        detectors={**rules.detectors, Kind.CROWD: replace(rules.detector(Kind.CROWD), min_headcount=8)},
    )
    assert Kind.CROWD not in kinds(detect_sighting(visit(headcount=7), strict))
    assert Kind.CROWD in kinds(detect_sighting(visit(headcount=8), strict))


def test_crowd_key_is_the_folded_topic(rules):
    (signal,) = detect_sighting(visit(headcount=6, subject="DỰ ÁN  khu dân cư số 3!"), rules)
    assert signal.group_key == group_key("land", "Dự án khu dân cư số 3", "Tổ dân phố 5")
    assert signal.group_key == "land|du an khu dan cu so 3|to dan pho 5"


def test_hotspot_needs_three_visits_in_the_window(rules):
    first, second = visit(), visit(received_at=ORDINARY + timedelta(days=2))
    third = visit(received_at=ORDINARY + timedelta(days=4))
    earlier = [first.contribution]
    assert Kind.HOTSPOT not in kinds(detect_sighting(second, rules, earlier))
    (signal,) = detect_sighting(third, rules, [*earlier, second.contribution])
    assert signal.kind is Kind.HOTSPOT
    assert len(signal.contributions) == 3


def test_hotspot_window_edge_is_exclusive_at_seven_days(rules):
    first = visit()
    second = visit(received_at=ORDINARY + timedelta(days=3))
    just_inside = visit(received_at=ORDINARY + timedelta(days=7) - timedelta(seconds=1))
    at_the_edge = visit(received_at=ORDINARY + timedelta(days=7))
    known = [first.contribution, second.contribution]
    assert Kind.HOTSPOT in kinds(detect_sighting(just_inside, rules, known))
    assert Kind.HOTSPOT not in kinds(detect_sighting(at_the_edge, rules, known))


@pytest.mark.parametrize(("second_headcount", "hot"), [(5, False), (6, True)])
def test_hotspot_counts_ten_people_over_distinct_sources(rules, second_headcount, hot):
    # 4 + 5 = 9 people is not a hotspot; 4 + 6 = 10 is, with only two visits
    first = visit(headcount=4)
    second = visit(headcount=second_headcount, received_at=ORDINARY + timedelta(days=1))
    assert (Kind.HOTSPOT in kinds(detect_sighting(second, rules, [first.contribution]))) is hot


def test_a_redelivered_sighting_does_not_count_twice_in_the_window(rules):
    first = visit(headcount=4)
    second = visit(headcount=5, received_at=ORDINARY + timedelta(hours=1))
    known = [first.contribution, first.contribution, second.contribution]
    assert Kind.HOTSPOT not in kinds(detect_sighting(second, rules, known))


def test_hotspot_counts_petition_signers_but_only_visits_as_visits(rules):
    letters = [petition(signers=1, headcount=1).contribution for _ in range(4)]
    assert Kind.HOTSPOT not in kinds(detect_sighting(visit(), rules, letters))


def test_hotspot_finds_a_late_event_that_completes_an_earlier_window(rules):
    later = visit(received_at=ORDINARY + timedelta(days=6))
    latest = visit(received_at=ORDINARY + timedelta(days=12))
    late = visit(received_at=ORDINARY + timedelta(days=1))
    (signal,) = detect_sighting(late, rules, [later.contribution, latest.contribution, visit().contribution])
    assert {c.source_id for c in signal.contributions} >= {late.contribution.source_id, later.contribution.source_id}
    assert latest.contribution.source_id not in {c.source_id for c in signal.contributions}


@pytest.mark.parametrize(
    ("count", "status_before", "repeat"),
    [(2, "accepted", False), (3, "accepted", True), (1, "resolved", True), (2, "resolved", True)],
)
def test_repeat_after_three_visits_or_after_resolution(rules, count, status_before, repeat):
    signals = detect_sighting(visit(case_id="c-42", case_visit_count=count, case_status=status_before), rules)
    assert (Kind.REPEAT in kinds(signals)) is repeat
    if repeat:
        (signal,) = [s for s in signals if s.kind is Kind.REPEAT]
        assert signal.group_key == "case:c-42"
        assert signal.visit_count_floor == count


def test_petitions_never_raise_repeat(rules):
    assert Kind.REPEAT not in kinds(detect_sighting(petition(), rules))


def test_a_party_denunciation_raises_only_party_personnel(rules):
    signals = detect_sighting(visit(kind="denunciation", party_related=True, headcount=12, case_visit_count=4), rules)
    assert kinds(signals) == [Kind.PARTY_PERSONNEL]
    assert signals[0].group_key.startswith("case:")


def test_party_related_complaints_are_ordinary(rules):
    signals = detect_sighting(visit(kind="complaint", party_related=True, headcount=6), rules)
    assert kinds(signals) == [Kind.CROWD]


def test_disabled_detectors_stay_quiet():
    document = {**DEFAULT_RULES, "detectors": {**DEFAULT_RULES["detectors"], "crowd": {"enabled": False}}}
    assert detect_sighting(visit(headcount=9), RuleSet.from_dict(document)) == []


def report(level="province", headcount=12):
    return inbound_report_from(
        {
            "reported_at": "2026-06-10T09:00:00+07:00",
            "place": "Trụ sở Tiếp công dân tỉnh",
            "level": level,
            "headcount": headcount,
            "area": "Tổ dân phố 5",
            "field": "land",
            "subject": "Dự án khu dân cư số 3",
        },
        "m1",
    )


@pytest.mark.parametrize(("level", "severity"), [("province", Severity.WARNING), ("central", Severity.CRITICAL)])
def test_over_level_severity_follows_the_level(rules, level, severity):
    signal = detect_inbound_report(report(level), rules)
    assert signal is not None
    assert signal.kind is Kind.OVER_LEVEL
    assert signal.severity is severity
    assert signal.group_key == group_key("land", "Dự án khu dân cư số 3", "Tổ dân phố 5")


def test_overdue_is_one_alert_per_case_and_deadline(rules):
    data = {
        "case_id": "c9",
        "deadline": "resolve_by",
        "date": "2026-06-10",
        "kind": "complaint",
        "field": "land",
        "area": "Tổ 5",
        "subject": "Đất",
    }
    signal = detect_overdue(overdue_case_from(data, "Asia/Ho_Chi_Minh"), rules)
    assert signal is not None
    assert signal.group_key == "case:c9|resolve_by"
    assert signal.contributions[0].case_id == "c9"


def test_coverage_gap_is_one_alert_per_slot_and_skill(rules):
    gap = coverage_gap_from(
        {"roster_id": "r1", "date": "2026-01-20", "shift": "evening", "skill": "police", "missing": 2},
        "Asia/Ho_Chi_Minh",
    )
    signal = detect_coverage_gap(gap, rules)
    assert signal is not None
    assert signal.group_key == "2026-01-20|evening|police"
    assert signal.details["missing"] == 2


def test_an_open_hotspot_takes_every_new_sighting_of_its_topic(rules):
    late = visit(received_at=ORDINARY + timedelta(days=30))
    (signal,) = detect_sighting(late, rules, hotspot_open=True)
    assert signal.kind is Kind.HOTSPOT
    assert signal.contributions == (late.contribution,)
