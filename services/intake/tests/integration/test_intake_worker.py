"""Worker timers (deadline notices once per case and deadline, daily register summary) and roster handlers."""

from datetime import datetime

from intake_testkit import CLERK, LEADER, outbox, petition_body, visit_body

from tiepdan.intake.api.context import CONFIG_KEY
from tiepdan.intake.service.timers import close_register_days, emit_deadline_notices, observe_cases
from tiepdan.kit.calendar import default_calendar_data
from tiepdan.kit.events import Envelope


def notices(runtime):
    return [
        (e["type"].rsplit(".", 1)[1], e["data"]["deadline"], e["data"]["date"])
        for e in outbox(runtime)
        if e["type"] in ("intake.case.deadline_due", "intake.case.overdue")
    ]


def at(clock, day):
    clock.now = datetime.fromisoformat(f"{day}T02:00:00+00:00")


def test_deadline_due_then_overdue_once_each(client, intake_runtime, clock):
    config = intake_runtime.state[CONFIG_KEY]
    client.post("/api/v1/visits", json=visit_body(), headers=CLERK)  # process_by 29/1, reply_due 2/2
    at(clock, "2026-01-26")
    assert emit_deadline_notices(intake_runtime, config) == 0
    at(clock, "2026-01-27")  # two working days before 29/1
    emit_deadline_notices(intake_runtime, config)
    emit_deadline_notices(intake_runtime, config)
    assert notices(intake_runtime) == [("deadline_due", "process_by", "2026-01-29")]
    at(clock, "2026-01-29")
    emit_deadline_notices(intake_runtime, config)
    assert notices(intake_runtime)[-1] == ("deadline_due", "reply_due", "2026-02-02")
    at(clock, "2026-01-30")
    emit_deadline_notices(intake_runtime, config)
    emit_deadline_notices(intake_runtime, config)
    assert notices(intake_runtime) == [
        ("deadline_due", "process_by", "2026-01-29"),
        ("deadline_due", "reply_due", "2026-02-02"),
        ("overdue", "process_by", "2026-01-29"),
    ]
    overdue = next(e for e in outbox(intake_runtime) if e["type"] == "intake.case.overdue")["data"]
    assert (overdue["kind"], overdue["field"], overdue["area"]) == ("complaint", "land", "Tổ dân phố 5")


def test_lead_is_configurable_and_met_deadlines_are_silent(client, intake_runtime, clock):
    from dataclasses import replace

    intake_runtime.state[CONFIG_KEY] = replace(intake_runtime.state[CONFIG_KEY], lead_working_days=5)
    config = intake_runtime.state[CONFIG_KEY]
    case_id = client.post("/api/v1/visits", json=visit_body(), headers=CLERK).get_json()["case_id"]
    at(clock, "2026-01-22")  # five working days before 29/1
    emit_deadline_notices(intake_runtime, config)
    assert notices(intake_runtime) == [("deadline_due", "process_by", "2026-01-29")]
    client.post(f"/api/v1/cases/{case_id}/actions", json={"action": "accept"}, headers=LEADER)
    at(clock, "2026-02-05")
    emit_deadline_notices(intake_runtime, config)
    assert len(notices(intake_runtime)) == 1  # answered: reply and acceptance deadlines no longer watched


def test_register_closes_each_past_day_once_and_again_after_a_back_dated_visit(client, intake_runtime, clock):
    config = intake_runtime.state[CONFIG_KEY]
    client.post("/api/v1/visits", json=visit_body(received_at="2026-01-15T08:00:00+07:00"), headers=CLERK)
    client.post(
        "/api/v1/visits",
        json=visit_body(received_at="2026-01-16T08:00:00+07:00", headcount=6, reception="periodic", subject="B"),
        headers=CLERK,
    )
    client.post("/api/v1/petitions", json=petition_body(received_on="2026-01-16"), headers=CLERK)
    assert close_register_days(intake_runtime, config) == 4  # 15, 16, 17, 18 January
    assert close_register_days(intake_runtime, config) == 0
    closed = {e["data"]["date"]: e for e in outbox(intake_runtime) if e["type"] == "intake.register.closed"}
    assert sorted(closed) == ["2026-01-15", "2026-01-16", "2026-01-17", "2026-01-18"]
    day = closed["2026-01-16"]
    assert day["unit"] == "bach-quang"
    assert {k: day["data"][k] for k in ("visits", "persons", "groups", "petitions", "revision")} == {
        "visits": 1,
        "persons": 6,
        "groups": 1,
        "petitions": 1,
        "revision": 1,
    }
    assert day["data"]["by_reception"]["periodic"] == {"visits": 1, "persons": 6}
    assert closed["2026-01-17"]["data"]["visits"] == 0
    client.post("/api/v1/visits", json=visit_body(received_at="2026-01-16T15:00:00+07:00", subject="C"), headers=CLERK)
    assert close_register_days(intake_runtime, config) == 1
    again = [e for e in outbox(intake_runtime) if e["type"] == "intake.register.closed"][-1]["data"]
    assert (again["date"], again["visits"], again["revision"]) == ("2026-01-16", 2, 2)


def test_case_gauges(client, intake_runtime, clock):
    from tiepdan.intake.adapters import metrics

    client.post("/api/v1/petitions", json=petition_body(kind="recommendation"), headers=CLERK)
    at(clock, "2026-02-01")
    observe_cases(intake_runtime, intake_runtime.state[CONFIG_KEY])
    assert metrics.OPEN_CASES.labels("bach-quang", "recommendation")._value.get() == 1
    assert metrics.OVERDUE_CASES.labels("bach-quang", "recommendation")._value.get() == 1
    case_id = client.get("/api/v1/cases", headers=CLERK).get_json()["items"][0]["id"]
    client.post(f"/api/v1/cases/{case_id}/actions", json={"action": "file", "reason": "Trùng lặp"}, headers=CLERK)
    observe_cases(intake_runtime, intake_runtime.state[CONFIG_KEY])
    assert metrics.OPEN_CASES.labels("bach-quang", "recommendation")._value.get() == 0
    assert metrics.OVERDUE_CASES.labels("bach-quang", "recommendation")._value.get() == 0


def deliver(runtime, event_type, data, unit="bach-quang"):
    envelope = Envelope(type=event_type, data=data, unit=unit, source="roster", correlation_id="c-1")
    result = runtime.processor().process(envelope.to_json().encode())
    assert result.outcome.value == "done", result.reason


def test_calendar_change_moves_deadlines_computed_afterwards(client, intake_runtime):
    calendar = default_calendar_data()
    calendar["days_off"].append({"from": "2026-01-20", "to": "2026-01-23", "name": "Nghỉ đột xuất"})
    deliver(intake_runtime, "roster.calendar.changed", calendar)
    body = client.post("/api/v1/visits", json=visit_body(), headers=CLERK).get_json()
    assert body["reply_due"] == "2026-02-06"  # four more days off → four working days later


def test_calendar_of_another_unit_does_not_apply(client, intake_runtime):
    calendar = default_calendar_data()
    calendar["days_off"].append({"from": "2026-01-20", "to": "2026-01-23", "name": "Nghỉ đột xuất"})
    deliver(intake_runtime, "roster.calendar.changed", calendar, unit="phuong-khac")
    assert client.post("/api/v1/visits", json=visit_body(), headers=CLERK).get_json()["reply_due"] == "2026-02-02"


def test_a_late_redelivery_of_an_older_calendar_does_not_replace_the_newer(client, intake_runtime):
    newer = default_calendar_data()
    newer["days_off"].append({"from": "2026-01-20", "to": "2026-01-23", "name": "Nghỉ đột xuất"})
    for data, occurred_at in [(newer, "2026-01-05T09:00:00Z"), (default_calendar_data(), "2026-01-05T08:00:00Z")]:
        envelope = Envelope("roster.calendar.changed", data, "bach-quang", "roster", "c-1", occurred_at=occurred_at)
        assert intake_runtime.processor().process(envelope.to_json().encode()).outcome.value == "done"
    body = client.post("/api/v1/visits", json=visit_body(), headers=CLERK).get_json()
    assert body["reply_due"] == "2026-02-06"  # the newer calendar's four days off still count


def test_published_roster_names_the_receiving_officer(client, intake_runtime):
    deliver(
        intake_runtime,
        "roster.roster.published",
        {
            "roster_id": "r-1",
            "period": {"from": "2026-01-19", "to": "2026-01-25"},
            "shifts": [{"code": "morning", "start": "07:30", "end": "11:30"}],
            "assignments": [
                {
                    "date": "2026-01-19",
                    "shift": "morning",
                    "staff_id": "s001",
                    "staff_name": "Nguyễn Văn An",
                    "agency": "VP",
                    "skills": ["reception"],
                    "duty": "reception",
                },
                {
                    "date": "2026-01-19",
                    "shift": "morning",
                    "staff_id": "s010",
                    "staff_name": "Chủ tịch Hà",
                    "agency": "LD",
                    "skills": ["leader"],
                    "duty": "leader_reception",
                },
            ],
        },
    )
    regular = client.post("/api/v1/visits", json=visit_body(host_name=None), headers=CLERK).get_json()
    assert regular["host_name"] == "Nguyễn Văn An"
    periodic = client.post(
        "/api/v1/visits", json=visit_body(host_name=None, reception="periodic", subject="B"), headers=CLERK
    ).get_json()
    assert periodic["host_name"] == "Chủ tịch Hà"
    before_shift = client.post(
        "/api/v1/visits", json=visit_body(host_name=None, received_at="2026-01-19T07:00:00+07:00"), headers=CLERK
    ).get_json()
    assert before_shift["host_name"] is None


def test_at_0600_the_receiving_officer_is_the_one_whose_night_shift_began_the_evening_before(client, intake_runtime):
    night = [
        {"date": day, "shift": "night", "staff_id": staff, "staff_name": name, "duty": "reception"}
        for day, staff, name in (("2026-01-12", "s021", "Trực đêm 12/01"), ("2026-01-13", "s022", "Trực đêm 13/01"))
    ]
    deliver(
        intake_runtime,
        "roster.roster.published",
        {
            "roster_id": "r-night",
            "period": {"from": "2026-01-12", "to": "2026-01-18"},
            "shifts": [{"code": "night", "start": "22:00", "end": "07:00"}],
            "assignments": night,
        },
    )
    early = visit_body(host_name=None, received_at="2026-01-13T06:00:00+07:00")
    answer = client.post("/api/v1/visits", json=early, headers=CLERK).get_json()
    assert answer.get("host_name") == "Trực đêm 12/01", answer
    late = visit_body(host_name=None, received_at="2026-01-13T23:00:00+07:00", subject="C")
    assert client.post("/api/v1/visits", json=late, headers=CLERK).get_json()["host_name"] == "Trực đêm 13/01"
