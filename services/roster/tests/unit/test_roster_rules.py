from datetime import date, datetime, time

import pytest

from tiepdan.roster.domain.errors import InvalidDocument
from tiepdan.roster.domain.rules import CoverageRules, Shift


def test_shared_rules_parse_and_round_trip(rules_doc):
    rules = CoverageRules.from_dict(rules_doc)
    assert [s.code for s in rules.shifts] == ["morning", "afternoon", "evening", "night"]
    assert rules.shift("night").on_call
    again = CoverageRules.from_dict(rules.to_dict())
    assert again == rules
    assert rules.to_dict()["leader_reception"][0] == {
        "skill": "chair",
        "at_least": 1,
        "per": "week",
        "shift": "morning",
        "preferred_weekday": "thu",
        "delegate_skill": "leader",
    }


def test_built_in_default_equals_the_shared_document(rules_doc):
    assert CoverageRules.default() == CoverageRules.from_dict(rules_doc)


def test_night_shift_crosses_midnight():
    night = Shift("night", time(21, 0), time(7, 30), on_call=True)
    assert night.crosses_midnight
    assert night.starts_at(date(2026, 1, 19)) == datetime(2026, 1, 19, 21, 0)
    assert night.ends_at(date(2026, 1, 19)) == datetime(2026, 1, 20, 7, 30)
    morning = Shift("morning", time(7, 30), time(11, 30))
    assert morning.ends_at(date(2026, 1, 19)) == datetime(2026, 1, 19, 11, 30)


def test_needs_follow_level_day_kind_and_shift(rules_doc):
    rules = CoverageRules.from_dict(rules_doc)
    assert rules.needs_for("normal", "working", "morning") == {"reception": 2}
    assert rules.needs_for("normal", "off", "morning") == {}
    assert rules.needs_for("heightened", "working", "morning") == {"reception": 3, "legal": 1, "police": 1}
    assert rules.needs_for("heightened", "off", "evening") == {}
    assert rules.needs_for("heightened", "off", "night") == {"police": 1}
    assert rules.needs_for("critical", "off", "morning") == {"reception": 4, "legal": 1, "police": 2, "leader": 1}


def test_overlapping_rules_take_the_larger_minimum(rules_doc):
    rules_doc["coverage"].append(
        {"level": "normal", "days": "any", "shifts": ["morning"], "need": [{"skill": "reception", "min": 5}]}
    )
    assert CoverageRules.from_dict(rules_doc).needs_for("normal", "working", "morning") == {"reception": 5}


def test_fairness_groups_are_the_covered_skills(rules_doc):
    assert CoverageRules.from_dict(rules_doc).covered_skills() == ["reception", "legal", "police", "leader"]


def test_every_bad_field_is_named(rules_doc):
    rules_doc["shifts"][1]["start"] = "25:00"
    rules_doc["coverage"][0]["level"] = "urgent"
    rules_doc["coverage"][1]["shifts"] = ["lunch"]
    rules_doc["coverage"][2]["need"][0]["min"] = -1
    rules_doc["leader_reception"][0]["per"] = "day"
    rules_doc["leader_reception"][0]["preferred_weekday"] = "thursday"
    rules_doc["personal"]["min_rest_hours"] = "eleven"
    rules_doc["personal"]["fair_share"] = ["weekend"]
    with pytest.raises(InvalidDocument) as caught:
        CoverageRules.from_dict(rules_doc)
    assert set(caught.value.errors) == {
        "shifts.1.start",
        "coverage.0.level",
        "coverage.1.shifts",
        "coverage.2.need.0.min",
        "leader_reception.0.per",
        "leader_reception.0.preferred_weekday",
        "personal.min_rest_hours",
        "personal.fair_share",
    }
    assert "HH:MM" in caught.value.errors["shifts.1.start"][0]


def test_duplicate_shift_codes_and_empty_documents_are_refused(rules_doc):
    rules_doc["shifts"].append(dict(rules_doc["shifts"][0]))
    with pytest.raises(InvalidDocument) as caught:
        CoverageRules.from_dict(rules_doc)
    assert "shifts.4.code" in caught.value.errors
    with pytest.raises(InvalidDocument) as caught:
        CoverageRules.from_dict([])
    assert "" in caught.value.errors
    with pytest.raises(InvalidDocument) as caught:
        CoverageRules.from_dict({})
    assert "shifts" in caught.value.errors
