import copy

import pytest

from tiepdan.alerts.domain.kinds import Kind, Severity
from tiepdan.alerts.domain.rules import DEFAULT_RULES, RuleSet
from tiepdan.alerts.domain.validation import DocumentError


def document(**changes):
    data = copy.deepcopy(DEFAULT_RULES)
    data.update(changes)
    return data


def test_the_default_document_round_trips():
    rules = RuleSet.default()
    again = RuleSet.from_dict(rules.to_dict(with_secrets=True))
    assert again.to_dict(with_secrets=True) == rules.to_dict(with_secrets=True)
    assert rules.detector(Kind.HOTSPOT).min_persons == 10
    assert rules.escalation_delay(Severity.CRITICAL).total_seconds() == 15 * 60
    assert rules.escalation_delay(Severity.WARNING).total_seconds() == 60 * 60
    assert rules.escalation_delay(Severity.INFO) is None


def test_every_problem_is_named_by_its_path():
    data = document(repeat_interval_minutes=0)
    data["detectors"] = {"crowd": {"min_headcount": "five"}, "bogus": {}}
    data["routes"] = [{"match": {"kinds": ["crowd", "nope"]}, "receivers": ["ghost"]}]
    with pytest.raises(DocumentError) as caught:
        RuleSet.from_dict(data)
    assert set(caught.value.errors) >= {
        "repeat_interval_minutes",
        "detectors.crowd.min_headcount",
        "detectors.bogus",
        "routes[0].match.kinds[1]",
        "routes[0].receivers[0]",
    }


def test_not_an_object_is_refused():
    with pytest.raises(DocumentError):
        RuleSet.from_dict([])


def test_routes_match_in_order_and_fall_back_to_the_default():
    rules = RuleSet.default()
    assert rules.plan_for(Kind.HOTSPOT, Severity.WARNING, "land", "Tổ 5").receivers == ("ward_office", "police")
    critical = rules.plan_for(Kind.HOTSPOT, Severity.CRITICAL, "land", "Tổ 5")
    assert critical.receivers == ("ward_office", "police", "leader")
    assert critical.escalation == ("province",)
    assert rules.plan_for(Kind.OVERDUE, Severity.WARNING, "land", None).receivers == ("ward_office",)


def test_routes_by_field_and_folded_area_with_continue():
    data = document()
    data["routes"] = [
        {"match": {"fields": ["religion"]}, "receivers": ["police"], "continue": True},
        {"match": {"areas": ["Tổ dân phố 5"]}, "receivers": ["leader"]},
        {"match": {}, "receivers": ["ward_office"]},
    ]
    rules = RuleSet.from_dict(data)
    assert rules.plan_for(Kind.CROWD, Severity.WARNING, "religion", "to dan pho 5").receivers == ("police", "leader")
    assert rules.plan_for(Kind.CROWD, Severity.WARNING, "land", "TỔ DÂN PHỐ 5").receivers == ("leader",)
    assert rules.plan_for(Kind.CROWD, Severity.WARNING, "land", "Tổ 9").receivers == ("ward_office",)


def test_party_personnel_reaches_party_inspection_only_whatever_the_routes():
    data = document()
    data["routes"] = [{"match": {}, "receivers": ["ward_office", "party_inspection"], "escalation": ["leader"]}]
    plan = RuleSet.from_dict(data).plan_for(Kind.PARTY_PERSONNEL, Severity.CRITICAL, "party", None)
    assert plan.receivers == ("party_inspection",)
    assert plan.escalation == ()


def test_a_party_personnel_route_to_anyone_else_is_refused():
    data = document()
    data["routes"] = [{"match": {"kinds": ["party_personnel"]}, "receivers": ["police"]}]
    with pytest.raises(DocumentError, match="party_personnel"):
        RuleSet.from_dict(data)


def test_receivers_are_checked():
    data = document()
    n = len(data["receivers"])
    data["receivers"] = [
        *data["receivers"],
        {"name": "Bad Name", "role": "police"},
        {"name": "police", "role": "police"},
        {"name": "x", "role": "mayor", "webhook": {"url": "ftp://x"}},
    ]
    with pytest.raises(DocumentError) as caught:
        RuleSet.from_dict(data)
    assert {
        f"receivers[{n}].name",
        f"receivers[{n + 1}].name",
        f"receivers[{n + 2}].role",
        f"receivers[{n + 2}].webhook.url",
    } <= set(caught.value.errors)


def test_webhook_secrets_are_write_only():
    data = document()
    data["receivers"][2]["webhook"] = {"url": "http://127.0.0.1:9/hook", "secret": "s3cret"}
    stored = RuleSet.from_dict(data)
    shown = stored.to_dict()
    assert shown["receivers"][2]["webhook"] == {"url": "http://127.0.0.1:9/hook", "has_secret": True}
    assert "s3cret" not in repr(shown)
    resubmitted = RuleSet.from_dict(shown).with_secrets_from(stored)
    assert resubmitted.receiver("police").webhook_secret == "s3cret"
    moved = document()
    moved["receivers"][2]["webhook"] = {"url": "http://elsewhere/hook"}
    assert RuleSet.from_dict(moved).with_secrets_from(stored).receiver("police").webhook_secret is None


def test_inhibitions_are_checked():
    data = document(inhibitions=[{"source_kind": "hotspot", "target_kind": "hotspot", "equal": ["colour"]}])
    with pytest.raises(DocumentError) as caught:
        RuleSet.from_dict(data)
    assert {"inhibitions[0]", "inhibitions[0].equal[0]"} <= set(caught.value.errors)


def test_severity_steps_need_a_condition():
    data = document()
    data["detectors"] = {"crowd": {"severity": "info", "severity_steps": [{"severity": "critical"}]}}
    with pytest.raises(DocumentError, match="min_headcount"):
        RuleSet.from_dict(data)


def test_an_escalation_delay_may_be_switched_off():
    rules = RuleSet.from_dict(document(escalation_minutes={"critical": 5, "warning": None}))
    assert rules.escalation_delay(Severity.CRITICAL).total_seconds() == 300
    assert rules.escalation_delay(Severity.WARNING) is None


def test_the_days_around_a_special_period_are_a_threshold_of_the_enforcement_detector():
    rules = RuleSet.default()
    assert rules.detector(Kind.ENFORCEMENT_IN_SPECIAL_PERIOD).days_around == 7
    assert rules.to_dict()["detectors"]["enforcement_in_special_period"]["days_around"] == 7
    data = document()
    data["detectors"] = {"enforcement_in_special_period": {"severity": "warning", "days_around": -1}}
    with pytest.raises(DocumentError) as caught:
        RuleSet.from_dict(data)
    assert set(caught.value.errors) == {"detectors.enforcement_in_special_period.days_around"}


def test_issue_19s_kinds_go_to_their_receivers_by_default():
    rules = RuleSet.default()
    plans = {
        kind: rules.plan_for(kind, Severity.WARNING, None, None)
        for kind in (Kind.ENFORCEMENT_IN_SPECIAL_PERIOD, Kind.RECEPTION_SCHEDULED, Kind.RESPONSE_TASK_OVERDUE)
    }
    assert {kind: (plan.receivers, plan.escalation) for kind, plan in plans.items()} == {
        Kind.ENFORCEMENT_IN_SPECIAL_PERIOD: (("leader", "ward_office"), ()),
        Kind.RECEPTION_SCHEDULED: (("police",), ("leader",)),
        Kind.RESPONSE_TASK_OVERDUE: (("leader",), ()),
    }
