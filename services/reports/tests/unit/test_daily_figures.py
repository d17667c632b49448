from datetime import date, datetime

from tiepdan.reports.domain.cases import CaseChange, CaseDeadline
from tiepdan.reports.domain.daily import (
    AlertFact,
    ReceptionDay,
    daily_figures,
    open_alerts_by_kind,
    register_counts,
)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_register_counts_have_the_register_shape() -> None:
    counts = register_counts({"regular": ReceptionDay(3, 9, 1), "periodic": ReceptionDay(1, 12, 1)}, petitions=2)
    assert counts == {
        "visits": 4,
        "persons": 21,
        "groups": 2,
        "petitions": 2,
        "by_reception": {
            "regular": {"visits": 3, "persons": 9},
            "periodic": {"visits": 1, "persons": 12},
            "unscheduled": {"visits": 0, "persons": 0},
            "delegated": {"visits": 0, "persons": 0},
        },
    }


def test_open_alerts_at_an_instant() -> None:
    alerts = [
        AlertFact("bq", "a1", "crowd", _at("2026-01-19T08:00:00+07:00")),
        AlertFact("bq", "a2", "crowd", _at("2026-01-18T08:00:00+07:00"), _at("2026-01-19T10:00:00+07:00")),
        AlertFact("bq", "a3", "hotspot", _at("2026-01-19T09:00:00+07:00"), _at("2026-01-19T23:00:00+07:00")),
        AlertFact("bq", "a4", "overdue", _at("2026-01-20T09:00:00+07:00")),
    ]
    counts = open_alerts_by_kind(alerts, _at("2026-01-19T12:00:00+07:00"))
    assert counts["crowd"] == 1
    assert counts["hotspot"] == 1
    assert counts["overdue"] == 0
    assert counts["total"] == 2
    assert set(counts) >= {"crowd", "hotspot", "repeat", "over_level", "party_personnel", "overdue", "coverage_gap"}


def test_daily_report_of_a_congress_day() -> None:
    day = date(2026, 1, 19)
    counts = register_counts({"regular": ReceptionDay(2, 8, 1)}, petitions=1)
    deadlines = [
        CaseDeadline("bq", "k1", "process_by", date(2026, 1, 16)),
        CaseDeadline("bq", "k1", "reply_due", date(2026, 1, 17)),
        CaseDeadline("bq", "k2", "process_by", date(2026, 1, 16)),
        CaseDeadline("bq", "k3", "process_by", date(2026, 1, 25)),
    ]
    accepted = CaseChange("k2", _at("2026-01-15T08:00:00+07:00"), "accepted", "complaint", "land")
    alerts = [AlertFact("bq", "a1", "crowd", _at("2026-01-19T08:00:00+07:00"))]
    figures = daily_figures(day, counts, alerts, deadlines, {"k2": [accepted]}, _at("2026-01-20T00:00:00+07:00"))
    assert figures["date"] == "2026-01-19"
    assert figures["visits"] == 2
    assert figures["persons"] == 8
    assert figures["groups"] == 1
    assert figures["open_alerts"]["crowd"] == 1
    # k1 is past two deadlines but counts once; k2 met its deadline; k3's is still ahead
    assert figures["overdue_cases"] == 1
