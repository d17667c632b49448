"""`GET /api/v1/deadlines?rule=&from=`: the date a rule gives from a day, for papers that arrive by other routes."""

import pytest
from intake_testkit import CLERK, LEADER, POLICE

from tiepdan.intake.domain.deadlines import DEFAULT_RULES
from tiepdan.kit.calendar import default_calendar_data
from tiepdan.kit.events import Envelope
from tiepdan.kit.testing import bearer


def calculate(client, headers=CLERK, **query):
    return client.get("/api/v1/deadlines", query_string=query, headers=headers)


def test_a_reply_to_a_visit_on_30_december_2026_is_due_on_14_january_2027(client):
    answer = calculate(client, rule="visit_reply", **{"from": "2026-12-30"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    body = answer.get_json()
    assert body["date"] == "2027-01-14"
    assert body["day_type"] == "working"
    assert "Điều 28" in body["basis"]
    assert body["provisional"] is False
    assert "provisional_reason" not in body


def test_a_date_past_the_last_known_year_is_provisional_with_its_reason(client):
    body = calculate(client, rule="complaint_resolution", **{"from": "2027-12-10"}).get_json()
    assert body["date"] == "2028-01-10"
    assert body["provisional"] is True
    assert "2028" in body["provisional_reason"]


def test_a_contested_rule_shows_the_other_day_type_too(client):
    body = calculate(client, rule="petition_processing", **{"from": "2026-02-10"}).get_json()
    assert (body["date"], body["other_day_type_date"]) == ("2026-02-23", "2026-03-03")


def test_every_rule_the_cases_use_answers(client):
    for code in DEFAULT_RULES:
        answer = calculate(client, rule=code, **{"from": "2026-03-02"})
        assert answer.status_code == 200, code
        assert answer.get_json()["rule_code"] == code


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"rule": "no_such_rule", "from": "2026-03-02"}, "rule"),
        ({"from": "2026-03-02"}, "rule"),
        ({"rule": "visit_reply", "from": "2026-02-30"}, "from"),
        ({"rule": "visit_reply", "from": "02/03/2026"}, "from"),
        ({"rule": "visit_reply"}, "from"),
    ],
)
def test_an_unknown_rule_or_a_bad_date_is_a_422_naming_the_field(client, query, field):
    answer = calculate(client, **query)
    assert answer.status_code == 422
    assert answer.content_type == "application/problem+json"
    assert field in answer.get_json()["errors"]


def test_any_staff_role_may_ask_and_others_may_not(client):
    query = {"rule": "visit_reply", "from": "2026-03-02"}
    for headers in (CLERK, LEADER, POLICE, bearer("scheduler"), bearer("admin")):
        assert calculate(client, headers, **query).status_code == 200
    assert calculate(client, bearer("ops"), **query).status_code == 403
    assert client.get("/api/v1/deadlines", query_string=query).status_code == 401


def test_the_units_own_calendar_counts(client, intake_runtime):
    calendar = default_calendar_data()
    calendar["days_off"].append({"from": "2026-03-03", "to": "2026-03-03", "name": "Nghỉ đột xuất"})
    envelope = Envelope("roster.calendar.changed", calendar, "bach-quang", "roster", "c-1")
    assert intake_runtime.processor().process(envelope.to_json().encode()).outcome.value == "done"
    body = calculate(client, rule="visit_reply", **{"from": "2026-03-02"}).get_json()
    assert body["date"] == "2026-03-17"  # 16/3 without the day off
