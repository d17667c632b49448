"""The legal rules of issue 16 in the reports: an urge feeds 02/XLD's "Đôn đốc giải quyết" column, and matters
about candidates held before the election show in the daily report (their alert kind, `election_hold`)."""

from typing import Any

from flask.testing import FlaskClient

from tiepdan.kit.events import Envelope
from tiepdan.kit.service import Runtime
from tiepdan.kit.testing import bearer
from tiepdan.kit.web import create_service_app

CLERK = bearer("clerk")
UNIT = "bach-quang"


def _intake(event_type: str, data: dict[str, Any], occurred: str) -> Envelope:
    return Envelope(event_type, data, UNIT, "intake", "c", occurred_at=occurred).validate()


def _case(status: str, previous: str | None, action: str | None, competent: bool | None) -> dict[str, Any]:
    """A case event as intake's `events.case_data` shapes it, with the legal rules' marks."""
    return {
        "case_id": "k-urge",
        "changed_at": "2026-01-20T09:00:00+07:00" if previous else "2026-01-16T09:00:00+07:00",
        "kind": "complaint",
        "field": "land",
        "area": "Tổ 2",
        "subject": "Giải phóng mặt bằng",
        "party_related": False,
        "status": status,
        "previous_status": previous,
        "action": action,
        "outcome": "urged" if action == "urge" else None,
        "eligible": True,
        "processable": True,
        "competent": competent,
        "complaint_round": 1,
        "deadlines": {},
        "filing_late": False,
        "election_hold": False,
        "false_name": False,
    }


def test_an_urged_petition_counts_in_the_urged_column(reports_runtime: Runtime, project) -> None:
    petition = {
        "petition_id": "p-urge",
        "case_id": "k-urge",
        "channel": "post",
        "received_on": "2026-01-16",
        "signers": 1,
        "headcount": 1,
        "kind": "complaint",
        "field": "land",
        "subject": "Giải phóng mặt bằng",
        "area": "Tổ 2",
        "eligible": True,
        "party_related": False,
        "repeat": False,
    }
    project(
        reports_runtime,
        [
            _intake("intake.case.opened", _case("received", None, None, None), "2026-01-16T02:00:00Z"),
            _intake("intake.petition.received", petition, "2026-01-16T02:00:00Z"),
            _intake("intake.case.changed", _case("filed", "received", "urge", False), "2026-01-20T02:00:00Z"),
        ],
    )
    client: FlaskClient = create_service_app(reports_runtime).test_client()
    body = {"template": "02/XLD", "period": {"from": "2026-01-01", "to": "2026-01-31"}}
    figures = client.post("/api/v1/reports", json=body, headers=CLERK).json["figures"]
    assert figures["petitions"]["handled"] == 1
    assert figures["outcome"]["not_competent"] == {"guided": 0, "transferred": 0, "urged": 1, "total": 1}


def test_held_matters_show_in_the_daily_report(reports_runtime: Runtime, project) -> None:
    alert = {
        "id": "al-held",
        "kind": "election_hold",
        "severity": "critical",
        "status": "open",
        "title": "Khiếu nại, tố cáo về người ứng cử trong 10 ngày trước bầu cử",
        "group_key": "case:k-held",
        "field": "election",
        "subject": "Người ứng cử tổ 5",
        "area": "Tổ 5",
        "headcount": 0,
        "visit_count": 0,
        "case_ids": ["k-held"],
        "first_seen": "2026-03-06T09:00:00+07:00",
        "last_seen": "2026-03-06T09:00:00+07:00",
        "receivers": ["leader", "ward_office"],
        "escalation_level": 0,
    }
    raised = Envelope("alerts.alert.raised", alert, UNIT, "alerts", "c", occurred_at="2026-03-06T01:00:00Z")
    project(reports_runtime, [raised.validate()])
    client: FlaskClient = create_service_app(reports_runtime).test_client()
    body = {"template": "daily", "period": {"from": "2026-03-05", "to": "2026-03-06"}}
    report = client.post("/api/v1/reports", json=body, headers=CLERK).json
    assert [day["open_alerts"]["election_hold"] for day in report["figures"]["days"]] == [0, 1]
