"""Reconciliation with intake's register summaries, and alerts as the daily report counts them."""

from datetime import datetime

from flask.testing import FlaskClient

from tiepdan.kit.events import Envelope
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import bearer
from tiepdan.kit.web import create_service_app

CLERK = bearer("clerk", unit="bach-quang")


def _register(
    day: str, visits: int, persons: int, groups: int, by_reception: dict, occurred: str, petitions: int = 0
) -> Envelope:
    data = {
        "date": day,
        "visits": visits,
        "persons": persons,
        "groups": groups,
        "petitions": petitions,
        "by_reception": by_reception,
    }
    return Envelope("intake.register.closed", data, "bach-quang", "intake", "c", occurred_at=occurred).validate()


def _empty(reception: str) -> dict:
    return {reception: {"visits": 0, "persons": 0}}


def test_reconciliation_lists_only_what_differs(projected: Runtime, project) -> None:
    exact = {
        "regular": {"visits": 1, "persons": 7},
        "periodic": {"visits": 1, "persons": 6},
        **_empty("unscheduled"),
        **_empty("delegated"),
    }
    others = {**_empty("periodic"), **_empty("unscheduled"), **_empty("delegated")}
    wrong = {"regular": {"visits": 2, "persons": 2}, **others}
    corrected = {"regular": {"visits": 1, "persons": 1}, **others}
    project(
        projected,
        [
            _register("2026-01-19", 2, 13, 2, exact, "2026-01-19T11:00:00Z"),
            _register("2026-01-05", 2, 2, 0, wrong, "2026-01-05T11:00:00Z", petitions=1),
        ],
    )
    client: FlaskClient = create_service_app(projected).test_client()
    result = client.get("/api/v1/reconciliation?from=2026-01-01&to=2026-01-31", headers=CLERK).json
    assert result["matches"] is False
    assert result["days_with_register"] == 2
    differing = {(d["date"], d["metric"]): (d["register"], d["reports"]) for d in result["differences"]}
    assert differing == {
        ("2026-01-05", "visits"): (2, 1),
        ("2026-01-05", "persons"): (2, 1),
        ("2026-01-05", "by_reception.regular.visits"): (2, 1),
        ("2026-01-05", "by_reception.regular.persons"): (2, 1),
        # petition p4 came on 06/01, a day whose register intake never closed
        ("2026-01-06", "petitions"): (None, 1),
    }
    # a later summary of the same day replaces it; an older one redelivered late does not
    project(projected, [_register("2026-01-05", 1, 1, 0, corrected, "2026-01-06T01:00:00Z", petitions=1)])
    project(projected, [_register("2026-01-05", 2, 2, 0, wrong, "2026-01-05T12:00:00Z", petitions=1)])
    no_visits = {"regular": {"visits": 0, "persons": 0}, **others}
    project(projected, [_register("2026-01-06", 0, 0, 0, no_visits, "2026-01-06T11:00:00Z", petitions=1)])
    result = client.get("/api/v1/reconciliation?from=2026-01-01&to=2026-01-31", headers=CLERK).json
    assert result["matches"] is True, result["differences"]


def _alert(event_type: str, status: str, occurred: str) -> Envelope:
    data = {
        "id": "al-1",
        "kind": "crowd",
        "severity": "critical",
        "status": status,
        "title": "Đoàn đông người",
        "group_key": "land|du an|to 5",
        "field": "land",
        "subject": "Dự án",
        "area": "Tổ 5",
        "headcount": 12,
        "visit_count": 1,
        "case_ids": ["case-c"],
        "first_seen": "2026-01-19T08:00:00+07:00",
        "last_seen": "2026-01-19T08:00:00+07:00",
        "receivers": ["police"],
        "escalation_level": 0,
    }
    return Envelope(event_type, data, "bach-quang", "alerts", "c", occurred_at=occurred).validate()


def test_open_alerts_by_day_whatever_the_arrival_order(projected: Runtime, project) -> None:
    events = [
        _alert("alerts.alert.resolved", "resolved", "2026-01-20T03:00:00Z"),
        _alert("alerts.alert.acknowledged", "acknowledged", "2026-01-19T02:00:00Z"),
        _alert("alerts.alert.raised", "open", "2026-01-19T01:00:00Z"),
    ]
    project(projected, events)
    client: FlaskClient = create_service_app(projected).test_client()
    body = {"template": "daily", "period": {"from": "2026-01-18", "to": "2026-01-20"}}
    days = client.post("/api/v1/reports", json=body, headers=CLERK).json["figures"]["days"]
    assert [day["open_alerts"]["crowd"] for day in days] == [0, 1, 0]
    assert datetime.fromisoformat(days[1]["date"]).day == 19
