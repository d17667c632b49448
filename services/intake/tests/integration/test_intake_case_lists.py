"""The case list's filters for the console's pages (group, complex, days received, the earliest running deadline,
soonest first), the counts, and the actions a case answer says its reader may take."""

from datetime import UTC, datetime

from intake_testkit import CLERK, LEADER, PARTY, POLICE, petition_body, visit_body

from tiepdan.kit.testing import bearer


def register(client, **overrides):
    answer = client.post("/api/v1/visits", json=visit_body(**overrides), headers=CLERK)
    assert answer.status_code == 201, answer.get_data(as_text=True)
    return answer.get_json()["case_id"]


def ids(client, query, headers=CLERK):
    answer = client.get(f"/api/v1/cases?{query}", headers=headers)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return [case["id"] for case in answer.get_json()["items"]]


def group_of(size):
    people = [
        {"full_name": f"Người đại diện {n}", "id_number": f"01908500{n:04d}", "representative": True}
        for n in range(1, 4)
    ]
    return {"headcount": size, "citizens": people, "subject": "Đoàn đông người về bồi thường"}


def test_group_complex_and_days_received(client):
    single = register(client)
    group = register(client, **group_of(12))
    petition = client.post("/api/v1/petitions", json=petition_body(), headers=CLERK).get_json()["case_id"]
    assert (
        client.post(
            f"/api/v1/cases/{single}/actions", json={"action": "accept", "complex": True}, headers=LEADER
        ).status_code
        == 200
    )
    assert ids(client, "group=true") == [group]
    assert set(ids(client, "group=false")) == {single, petition}
    assert ids(client, "complex=true") == [single]
    assert ids(client, "received_from=2026-01-17&received_to=2026-01-19") == [group, single]
    assert ids(client, "received_to=2026-01-16") == [petition]
    reversed_days = client.get("/api/v1/cases?received_from=2026-01-20&received_to=2026-01-19", headers=CLERK)
    assert reversed_days.status_code == 422
    assert "received_to" in reversed_days.get_json()["errors"]
    nonsense = client.get("/api/v1/cases?received_from=2026-02-30&group=maybe", headers=CLERK)
    assert nonsense.status_code == 422
    assert {"received_from", "group"} <= set(nonsense.get_json()["errors"])


def test_due_filters_and_soonest_first_with_counts(client, clock):
    visit = register(client)  # reply_due 02/02, process_by 29/01
    petition = client.post("/api/v1/petitions", json=petition_body(), headers=CLERK).get_json()["case_id"]  # 26/01
    filed = register(client, subject="Đã lưu")
    assert (
        client.post(
            f"/api/v1/cases/{filed}/actions", json={"action": "file", "reason": "Không đủ điều kiện"}, headers=CLERK
        ).status_code
        == 200
    )
    clock.now = datetime(2026, 1, 27, 3, tzinfo=UTC)
    assert ids(client, "sort=due") == [petition, visit]  # the filed case has no running deadline
    assert ids(client, "due_to=2026-01-26&sort=due") == [petition]
    assert ids(client, "due_from=2026-01-27&due_to=2026-01-29") == [visit]
    first = client.get("/api/v1/cases?sort=due&limit=1", headers=CLERK).get_json()
    second = client.get(f"/api/v1/cases?sort=due&limit=1&cursor={first['next_cursor']}", headers=CLERK).get_json()
    assert [c["id"] for c in first["items"] + second["items"]] == [petition, visit]
    assert first["items"][0]["officer"] == "Lê Thanh Mai"
    assert first["items"][0]["running_deadlines"] == ["process_by"]
    assert client.get("/api/v1/cases?sort=oldest", headers=CLERK).status_code == 422

    counts = client.get("/api/v1/cases/counts?due_to=2026-02-06&by=due&by=kind", headers=CLERK).get_json()
    assert counts["total"] == 2
    assert sorted((g["due"], g["kind"], g["count"]) for g in counts["groups"]) == [
        ("later", "complaint", 1),
        ("overdue", "complaint", 1),
    ]
    by_officer = client.get("/api/v1/cases/counts?by=officer&by=status", headers=CLERK).get_json()
    assert sorted((g["officer"], g["status"], g["count"]) for g in by_officer["groups"]) == [
        ("Lê Thanh Mai", "filed", 1),
        ("Lê Thanh Mai", "received", 2),
    ]
    assert client.get("/api/v1/cases/counts", headers=CLERK).get_json() == {"total": 3, "groups": []}
    assert client.get("/api/v1/cases/counts?by=colour", headers=CLERK).status_code == 422
    assert client.get("/api/v1/cases/counts", headers=POLICE).status_code == 403
    other = bearer("leader", unit="phuong-khac")
    assert client.get("/api/v1/cases/counts", headers=other).get_json()["total"] == 0


def test_a_case_answer_says_which_actions_its_reader_may_take(client):
    case_id = register(client)
    for_clerk = client.get(f"/api/v1/cases/{case_id}", headers=CLERK).get_json()["actions"]
    assert for_clerk == ["accept", "guide", "transfer", "file", "withdraw", "refuse", "urge"]
    accepted = client.post(f"/api/v1/cases/{case_id}/actions", json={"action": "accept"}, headers=CLERK).get_json()
    assert "resolve" not in accepted["actions"]  # decisions are the leader's
    assert "transfer" in accepted["actions"]
    for_leader = client.get(f"/api/v1/cases/{case_id}", headers=LEADER).get_json()["actions"]
    assert {"resolve", "extend", "suspend"} <= set(for_leader)
    assert "accept" not in for_leader
    assert "actions" not in client.get(f"/api/v1/cases/{case_id}", headers=POLICE).get_json()
    party = register(client, kind="denunciation", party_related=True, subject="Tố cáo đảng viên")
    assert client.get(f"/api/v1/cases/{party}", headers=PARTY).get_json()["actions"][:1] == ["accept"]


def test_cases_asked_by_their_ids_in_one_list(client):
    """A page naming cases by id (the enforcements) reads them in one request: `id` repeated."""
    first, second, third = (register(client, subject=f"Vụ việc số {n}") for n in range(3))
    assert set(ids(client, f"id={first}&id={third}&id=khong-co")) == {first, third}
    assert ids(client, f"id={second}&kind=denunciation") == []  # with the other filters, as any list
    too_many = client.get("/api/v1/cases?" + "&".join(f"id=case-{n}" for n in range(101)), headers=CLERK)
    assert too_many.status_code == 422
    assert "id" in too_many.get_json()["errors"]
