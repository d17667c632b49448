"""The event catalogue's guard: unknown types, missing fields and personal data anywhere inside an event; and its full
schema: types, formats, enums and nulls."""

import pytest

from tiepdan.kit.contract import EVENT_TYPES, ContractError, check_event, event_type, schema_errors

GAP = {"roster_id": "r1", "date": "2026-01-19", "shift": "morning", "skill": "police", "missing": 1}


def test_a_complete_event_without_personal_data_passes() -> None:
    check_event("roster.coverage.gap", 1, GAP | {"notes": [{"count": 2, "urgent": True}], "ratio": 0.5})


@pytest.mark.parametrize(
    ("extra", "where"),
    [
        ({"phone": "0912345678"}, "data.phone"),
        ({"who": {"full_name": "Nguyễn Văn A"}}, "data.who.full_name"),
        ({"people": [{"ok": 1}, {"id_number": "001203004567"}]}, r"data.people\[1\].id_number"),
        ({"citizens": []}, "data.citizens"),
    ],
)
def test_personal_keys_are_refused_at_any_depth(extra: dict, where: str) -> None:
    with pytest.raises(ContractError, match=where):
        check_event("roster.coverage.gap", 1, GAP | extra)


def test_unknown_types_and_missing_fields_are_refused() -> None:
    with pytest.raises(ContractError, match="unknown event type"):
        check_event("roster.nothing", 1, GAP)
    with pytest.raises(ContractError, match="lacks missing"):
        check_event("roster.coverage.gap", 1, {k: v for k, v in GAP.items() if k != "missing"})


ALERT = {
    "id": "0190a7c2-6d2b-7c3e-8f00-123456789abc",
    "kind": "crowd",
    "severity": "warning",
    "status": "open",
    "title": "Đoàn đông người",
    "group_key": "land|du an|to 5",
    "field": "land",
    "subject": None,
    "area": "Tổ dân phố 5",
    "headcount": 7,
    "visit_count": 1,
    "case_ids": ["c-1"],
    "first_seen": "2026-01-19T01:30:00Z",
    "last_seen": "2026-01-19T08:30:00+07:00",
    "receivers": ["police"],
    "escalation_level": 0,
}


def envelope(event_type: str, data: dict, **fields: object) -> dict:
    return {
        "id": "6f1c2b8e-2d1a-4a8e-9a57-0c1f3f3f9d11",
        "type": event_type,
        "version": 1,
        "unit": "bach-quang",
        "occurred_at": "2026-01-19T01:30:00Z",
        "source": event_type.split(".")[0],
        "correlation_id": "c",
        "data": data,
    } | fields


def test_a_conforming_event_with_extra_fields_has_no_schema_errors() -> None:
    assert schema_errors(envelope("roster.coverage.gap", GAP | {"ratio": 0.5})) == []
    assert schema_errors(envelope("alerts.alert.raised", ALERT | {"details": {"window_hours": 168}})) == []


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"missing": "2"}, "data.missing: '2' is not of type 'integer'"),
        ({"missing": 0}, "data.missing: 0 is less than the minimum of 1"),
        ({"date": "19/01/2026"}, "data.date: '19/01/2026' is not a 'date'"),
        ({"date": "2026-02-30"}, "data.date: '2026-02-30' is not a 'date'"),
        ({"shift": None}, "data.shift: None is not of type 'string'"),
    ],
)
def test_types_formats_and_nullability_are_checked(change: dict, complaint: str) -> None:
    assert complaint in schema_errors(envelope("roster.coverage.gap", GAP | change))


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"kind": "riot"}, "data.kind: 'riot' is not one of"),
        ({"first_seen": "2026-01-19T08:30:00"}, "data.first_seen: '2026-01-19T08:30:00' is not a 'date-time'"),
        ({"case_ids": [1]}, "data.case_ids.0: 1 is not of type 'string'"),
        ({"acknowledged_at": "hôm qua"}, "data.acknowledged_at: 'hôm qua' is not a 'date-time'"),
    ],
)
def test_enums_and_times_of_an_alert_are_checked(change: dict, complaint: str) -> None:
    errors = schema_errors(envelope("alerts.alert.updated", ALERT | change))
    assert any(error.startswith(complaint) for error in errors), errors


def test_a_null_where_the_contract_allows_it_passes() -> None:
    assert schema_errors(envelope("alerts.alert.resolved", ALERT | {"acknowledged_at": None, "area": None})) == []


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"id": "not-a-uuid"}, "id: 'not-a-uuid' is not a 'uuid'"),
        ({"version": 2}, "version: unknown version 2 of 'roster.coverage.gap'"),
        ({"occurred_at": "2026-01-19"}, "occurred_at: '2026-01-19' is not a 'date-time'"),
        ({"unit": ""}, "unit: '' should be non-empty"),
    ],
)
def test_the_envelope_is_checked(change: dict, complaint: str) -> None:
    assert complaint in schema_errors(envelope("roster.coverage.gap", GAP, **change))


def test_a_notice_to_any_receiver_is_one_parametrised_type() -> None:
    notice = {"receiver": "police", "reason": "raised", "sent_at": "2026-01-19T08:30:00+07:00", "addressees": []}
    assert event_type("alerts.notify.police") is event_type("alerts.notify.party_inspection")
    assert event_type("alerts.notify.police.extra") is None
    check_event("alerts.notify.police", 1, notice | {"alert": ALERT})
    assert schema_errors(envelope("alerts.notify.police", notice | {"alert": ALERT})) == []
    assert "data: 'alert' is a required property" in schema_errors(envelope("alerts.notify.police", notice))


def test_a_province_report_is_checked_as_a_bare_body() -> None:
    report = {
        "reported_at": "2026-01-19T09:00:00+07:00",
        "place": "Trụ sở Tiếp công dân tỉnh",
        "level": "province",
        "headcount": 12,
        "area": "Tổ dân phố 5",
        "field": "land",
        "subject": "Dự án khu dân cư số 3",
    }
    assert schema_errors(report, "province.report") == []
    assert schema_errors(report | {"unit": None, "id": "r-1"}, "province.report") == []
    assert "level: 'city' is not one of ['province', 'central']" in schema_errors(
        report | {"level": "city"}, "province.report"
    )


def test_the_runtime_check_requires_what_the_schema_requires() -> None:
    for entry in EVENT_TYPES.values():
        for version, schema in entry.versions.items():
            assert entry.required(version) == frozenset(schema["required"])
            assert set(schema["required"]) <= set(schema["properties"])


#: Issue 19's events, as their producers are to send them (the catalogue is their contract).
COORDINATION = {
    "intake.enforcement.planned": {
        "case_id": "c-1",
        "planned_on": "2026-01-20",
        "enforcing_unit": "Đội Quản lý trật tự đô thị",
        "revision": 2,
        "previous_planned_on": "2026-02-03",
        "field": "land",
    },
    "intake.enforcement.cleared": {"case_id": "c-1", "reason": "dropped", "planned_on": None},
    "intake.enforcement.decided": {
        "case_id": "c-1",
        "planned_on": "2026-01-20",
        "decision": "hold",
        "decided_by": "leader",
        "decided_at": "2026-01-15T09:00:00+07:00",
    },
    "intake.response_plan.opened": {
        "plan_id": "p-1",
        "reason": "crowd",
        "alert_ids": ["a-1"],
        "case_ids": ["c-1", "c-2"],
        "opened_at": "2026-01-19T09:00:00+07:00",
    },
    "intake.response_plan.closed": {
        "plan_id": "p-1",
        "outcome": "citizens_returned",
        "alert_ids": ["a-1"],
        "case_ids": [],
        "closed_at": "2026-01-21T16:00:00+07:00",
    },
    "intake.response_task.assigned": {
        "task_id": "t-1",
        "plan_id": "p-1",
        "assignee_agency": "CA",
        "assignee_staff_id": "s015",
        "due_on": "2026-01-20",
        "assigned_at": "2026-01-19T09:30:00+07:00",
    },
    "intake.response_task.reported": {"task_id": "t-1", "plan_id": "p-1", "reported_at": "2026-01-20T10:00:00Z"},
    "intake.response_task.overdue": {
        "task_id": "t-1",
        "plan_id": "p-1",
        "assignee_agency": "CA",
        "due_on": "2026-01-20",
    },
    "roster.reception.scheduled": {
        "reception_id": "r-1",
        "place": "Hội trường UBND phường",
        "starts_at": "2026-01-21T08:00:00+07:00",
        "ends_at": "2026-01-21T11:00:00+07:00",
        "scheduled_by": "s001",
        "revision": 1,
    },
    "roster.reception.cancelled": {"reception_id": "r-1", "cancelled_at": "2026-01-20T17:00:00+07:00"},
    "roster.working_group.established": {
        "group_id": "g-1",
        "decision_no": "15/QĐ-UBND",
        "decision_date": "2026-01-05",
        "period": {"from": "2026-01-05", "to": "2026-06-30"},
        "member_count": 9,
        "agencies": ["VP", "CA", "UBKT", "HĐND", "MTTQ", "BXD"],
    },
}


@pytest.mark.parametrize("name", sorted(COORDINATION))
def test_the_coordination_events_conform_and_refuse_personal_data(name: str) -> None:
    data = COORDINATION[name]
    check_event(name, 1, data)
    assert schema_errors(envelope(name, data)) == []
    with pytest.raises(ContractError, match="personal data"):
        check_event(name, 1, data | {"citizen_name": "Nguyễn Văn A"})


@pytest.mark.parametrize(
    ("name", "change", "complaint"),
    [
        ("intake.enforcement.decided", {"decision": "maybe"}, "data.decision: 'maybe' is not one of"),
        ("intake.enforcement.decided", {"decided_by": "clerk"}, "data.decided_by: 'clerk' is not one of"),
        ("intake.enforcement.planned", {"planned_on": "20/01/2026"}, "data.planned_on: '20/01/2026' is not a 'date'"),
        ("intake.enforcement.cleared", {"reason": "forgotten"}, "data.reason: 'forgotten' is not one of"),
        ("intake.response_plan.closed", {"outcome": "ok"}, "data.outcome: 'ok' is not one of"),
        ("roster.reception.scheduled", {"revision": 0}, "data.revision: 0 is less than the minimum of 1"),
        ("roster.working_group.established", {"member_count": 0}, "data.member_count: 0 is less than the minimum"),
    ],
)
def test_the_coordination_events_closed_lists_and_formats(name: str, change: dict, complaint: str) -> None:
    errors = schema_errors(envelope(name, COORDINATION[name] | change))
    assert any(error.startswith(complaint) for error in errors), errors
