"""Handling plans over HTTP (SQLite): the plan on the unit's case with the leader's directives, a task reported back,
the closing; bad input as problem+json naming the field (a task due before it was given, a plan for another unit's
case); roles; a retried create answers the first plan."""

from datetime import datetime

from intake_testkit import CLERK, LEADER, POLICE, outbox, visit_body

from tiepdan.intake.api.context import CONFIG_KEY
from tiepdan.intake.service.response_plans import emit_overdue_tasks
from tiepdan.kit.testing import bearer

PLANS = "/api/v1/response-plans"
OTHER_UNIT_CLERK = bearer("clerk", sub="clerk-thd", unit="tran-hung-dao", units=["tran-hung-dao"])


def _case(client, headers=CLERK):
    response = client.post("/api/v1/visits", json=visit_body(headcount=12, citizens=_group()), headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["case_id"]


def _group():
    return [
        {"full_name": "Trần Văn Bình", "id_number": "019085001234", "representative": True},
        {"full_name": "Lê Thị Hoa", "id_number": "001190000001", "representative": True},
    ]


def _plan(client, case_id, **given):
    body = {"reason": "crowd", "title": "Đoàn 12 công dân dự án khu dân cư số 3", "case_ids": [case_id]}
    body.update(given)
    response = client.post(PLANS, json=body, headers=CLERK)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _task(client, plan_id, **given):
    body = {"title": "Công an phường giữ trật tự tại trụ sở", "assignee_agency": "CA", "due_on": "2026-01-20"}
    body.update(given)
    return client.post(f"{PLANS}/{plan_id}/tasks", json=body, headers=LEADER)


def test_a_plan_from_opening_to_closing(client, intake_runtime, clock):
    case_id = _case(client)
    key = {"Idempotency-Key": "plan-1"}
    body = {"reason": "crowd", "title": "Đoàn đông người", "alert_ids": ["alert-1"], "case_ids": [case_id]}
    first = client.post(PLANS, json=body, headers={**CLERK, **key})
    again = client.post(PLANS, json=body, headers={**CLERK, **key})
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    plan = first.get_json()
    assert again.get_json()["id"] == plan["id"]
    assert (plan["status"], plan["field"], plan["area"], plan["case_ids"]) == (
        "open",
        "land",
        "Tổ dân phố 5",
        [case_id],
    )
    plan_id = plan["id"]

    assert client.post(f"{PLANS}/{plan_id}/directives", json={"text": "Chỉ đạo"}, headers=CLERK).status_code == 403
    directed = client.post(
        f"{PLANS}/{plan_id}/directives", json={"text": "Mời đại diện đoàn làm việc"}, headers=LEADER
    ).get_json()
    assert [(d["text"], d["by"]) for d in directed["directives"]] == [("Mời đại diện đoàn làm việc", "Chủ tịch UBND")]

    task = _task(client, plan_id, assignee_staff_id="st-ca-1")
    assert task.status_code == 201, task.get_json()
    task_id = task.get_json()["id"]
    assert task.get_json()["given_on"] == "2026-01-19"

    clock.now = datetime.fromisoformat("2026-01-21T03:00:00+00:00")
    assert emit_overdue_tasks(intake_runtime, intake_runtime.state[CONFIG_KEY]) == 1
    shown = client.get(f"{PLANS}/{plan_id}", headers=POLICE).get_json()
    assert shown["tasks"][0]["overdue"] is True
    assert shown["tasks"][0]["overdue_announced_at"] is not None

    report = {"notes": "Đã bố trí 4 cán bộ", "completed": True}
    reported = client.post(f"{PLANS}/{plan_id}/tasks/{task_id}/reports", json=report, headers=POLICE)
    assert reported.status_code == 201, reported.get_json()
    assert (reported.get_json()["status"], reported.get_json()["late"]) == ("completed", True)
    assert reported.get_json()["reports"][0]["notes"] == "Đã bố trí 4 cán bộ"

    closing = {"outcome": "citizens_returned", "note": "Công dân đã trở về"}
    closed = client.post(f"{PLANS}/{plan_id}/close", json=closing, headers=LEADER)
    assert closed.status_code == 200, closed.get_json()
    assert closed.get_json()["task_counts"] == {"total": 1, "completed": 1, "overdue": 1}
    assert client.post(f"{PLANS}/{plan_id}/close", json=closing, headers=LEADER).status_code == 409
    refused = _task(client, plan_id, due_on="2026-01-30")
    assert refused.status_code == 409
    assert refused.headers["Content-Type"].startswith("application/problem+json")

    listed = client.get(f"{PLANS}?status=closed", headers=CLERK).get_json()
    assert [p["id"] for p in listed["items"]] == [plan_id]
    assert client.get(f"{PLANS}?status=open", headers=CLERK).get_json()["items"] == []
    types = [e["type"] for e in outbox(intake_runtime) if e["type"].startswith("intake.response_")]
    assert types == [
        "intake.response_plan.opened",
        "intake.response_task.assigned",
        "intake.response_task.overdue",
        "intake.response_task.reported",
        "intake.response_plan.closed",
    ]


def test_a_task_due_before_it_was_given_is_422_naming_due_on(client, intake_runtime):
    plan = _plan(client, _case(client))
    for body in ({"due_on": "2026-01-10", "given_on": "2026-01-15"}, {"due_on": "2026-01-18"}):  # given today: 19/1
        refused = _task(client, plan["id"], **body)
        assert refused.status_code == 422
        assert refused.headers["Content-Type"].startswith("application/problem+json")
        assert list(refused.get_json()["errors"]) == ["due_on"]
    assert client.get(f"{PLANS}/{plan['id']}", headers=CLERK).get_json()["tasks"] == []


def test_a_plan_for_another_unit_s_case_is_422_naming_case_ids_and_another_unit_s_plan_is_404(client):
    ours, theirs = _case(client), _case(client, headers=OTHER_UNIT_CLERK)
    for case_ids in ([ours, theirs], ["no-such-case"]):
        body = {"reason": "complex", "title": "Vụ việc phức tạp", "case_ids": case_ids}
        refused = client.post(PLANS, json=body, headers=CLERK)
        assert refused.status_code == 422
        assert refused.headers["Content-Type"].startswith("application/problem+json")
        assert list(refused.get_json()["errors"]) == ["case_ids"]
    assert client.get(PLANS, headers=CLERK).get_json()["items"] == []

    plan = _plan(client, ours)
    assert client.get(f"{PLANS}/{plan['id']}", headers=OTHER_UNIT_CLERK).status_code == 404
    assert _task(client, plan["id"]).status_code == 201
    other = client.post(
        f"{PLANS}/{plan['id']}/tasks",
        json={"title": "T", "assignee_agency": "CA", "due_on": "2026-01-20"},
        headers=OTHER_UNIT_CLERK,
    )
    assert other.status_code == 404


def test_roles_and_closed_lists(client):
    case_id = _case(client)
    assert client.post(PLANS, json={"reason": "crowd", "title": "x"}, headers=POLICE).status_code == 403
    unknown = client.post(PLANS, json={"reason": "riot", "title": "x", "case_ids": [case_id]}, headers=CLERK)
    assert unknown.status_code == 422
    assert list(unknown.get_json()["errors"]) == ["reason"]
    blank = client.post(PLANS, json={"reason": "crowd", "title": "   "}, headers=CLERK)
    assert list(blank.get_json()["errors"]) == ["title"]
    plan = _plan(client, case_id)
    bad_outcome = client.post(f"{PLANS}/{plan['id']}/close", json={"outcome": "won", "note": "x"}, headers=LEADER)
    assert list(bad_outcome.get_json()["errors"]) == ["outcome"]
    assert (
        client.post(f"{PLANS}/{plan['id']}/close", json={"outcome": "settled", "note": "x"}, headers=POLICE).status_code
        == 403
    )
