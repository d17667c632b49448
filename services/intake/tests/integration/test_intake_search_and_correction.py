"""Search by citizen (keyed index, never decrypting), corrections of visits and petitions, merging cases: on the
embedded SQLite database here; `test_on_postgresql` runs the same flows on PostgreSQL."""

import pytest
from intake_testkit import CLERK, LEADER, PARTY, POLICE, outbox, petition_body, visit_body
from sqlalchemy import select, text, update

from tiepdan.intake.adapters.orm import CaseHistoryRow, CitizenRow, CitizenSearchRow, IdentityReadRow
from tiepdan.intake.api.context import CONFIG_KEY
from tiepdan.intake.service.search_index import index_citizens
from tiepdan.kit.testing import bearer
from tiepdan.kit.web import create_service_app

DENOUNCER = {"full_name": "Hoàng Thị Mật", "id_number": "034190012345", "phone": "0987654321", "address": "Tổ 3"}
OTHER_WARD_CLERK = bearer("clerk", sub="clerk-9", unit="tran-phu")


def visit(client, headers=CLERK, **overrides):
    response = client.post("/api/v1/visits", json=visit_body(**overrides), headers=headers)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def found(client, query, headers=CLERK):
    response = client.get("/api/v1/cases", query_string={"citizen": query}, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return {item["id"] for item in response.get_json()["items"]}


# search --------------------------------------------------------------------------------------------------------


def test_a_name_matches_without_accents_or_case_and_needs_every_word(client):
    case = visit(client)["case_id"]
    other = visit(
        client,
        subject="Đường ngõ 7",
        citizens=[{"full_name": "Trần Thị Bình An", "id_number": "001190000002", "representative": True}],
    )["case_id"]
    assert found(client, "tran van binh") == {case}
    assert found(client, "TRẦN   bình") == {case, other}
    assert found(client, "Bình Văn") == {case}  # order does not matter
    assert found(client, "tran binh an") == {other}
    assert found(client, "Trần Văn An") == set()  # every word, on one citizen


def test_an_id_number_or_a_phone_matches_exactly(client):
    case = visit(client)["case_id"]
    assert found(client, "019 085 001.234") == {case}
    assert found(client, "019085001235") == set()
    assert found(client, "+84 912 345 678") == {case}
    assert found(client, "0912.345.678") == {case}
    assert found(client, "091234567") == set()


def test_the_index_holds_digests_only(client, intake_runtime):
    visit(client)
    with intake_runtime.engine.connect() as conn:
        stored = " ".join(str(row) for row in conn.execute(text("SELECT * FROM citizen_search")))
    for plain in ("tran", "binh", "019085001234", "0912345678"):
        assert plain not in stored


def test_a_denouncer_is_found_only_by_those_who_may_read_who_they_are(client, intake_runtime):
    case = visit(client, kind="denunciation", field="official_conduct", subject="Cán bộ", citizens=[DENOUNCER])
    assert found(client, "Hoàng Thị Mật", headers=CLERK) == set()
    assert found(client, "034190012345", headers=CLERK) == set()
    assert found(client, "0987654321", headers=CLERK) == set()
    assert found(client, "Hoàng Thị Mật", headers=LEADER) == {case["case_id"]}
    with intake_runtime.sessions() as session:  # the leader found who denounced: an audited identity read
        reads = session.execute(select(IdentityReadRow.actor, IdentityReadRow.case_id, IdentityReadRow.purpose)).all()
    assert [tuple(r) for r in reads] == [("leader-1", case["case_id"], "citizen_search")]
    assert found(client, "hoang thi mat", headers=PARTY) == set()  # not a Party matter
    party = visit(
        client,
        headers=LEADER,
        kind="denunciation",
        field="party",
        subject="Đảng viên",
        party_related=True,
        citizens=[DENOUNCER],
    )
    assert found(client, "hoang thi mat", headers=PARTY) == {party["case_id"]}
    assert found(client, "hoang thi mat", headers=CLERK) == set()


def test_a_complaint_s_citizen_joining_a_denunciation_case_is_hidden_too(client):
    case = visit(client, kind="denunciation", field="official_conduct", subject="Cán bộ", citizens=[DENOUNCER])
    response = client.post(
        "/api/v1/petitions", json=petition_body(kind="complaint", case_id=case["case_id"]), headers=CLERK
    )
    assert response.status_code == 201
    assert found(client, "Phạm Thị Hoa", headers=CLERK) == set()
    assert found(client, "Phạm Thị Hoa", headers=LEADER) == {case["case_id"]}


def test_police_may_not_search_and_queries_are_checked(client):
    visit(client)
    response = client.get("/api/v1/cases?citizen=Bình", headers=POLICE)
    assert response.status_code == 403
    response = client.get("/api/v1/cases?citizen=...", headers=CLERK)
    assert response.status_code == 422
    assert "citizen" in response.get_json()["errors"]


def test_another_unit_finds_nothing(client):
    visit(client)
    assert found(client, "Trần Văn Bình", headers=OTHER_WARD_CLERK) == set()


def test_search_pages_like_the_list(client):
    cases = [visit(client, subject=f"Việc số {n}")["case_id"] for n in range(3)]
    first = client.get("/api/v1/cases?citizen=Bình&limit=2", headers=CLERK).get_json()
    second = client.get(f"/api/v1/cases?citizen=Bình&limit=2&cursor={first['next_cursor']}", headers=CLERK).get_json()
    assert [i["id"] for i in first["items"] + second["items"]] == cases[::-1]
    assert second["next_cursor"] is None


def test_rows_stored_before_the_index_are_indexed_by_the_backfill(client, intake_runtime):
    case = visit(client)["case_id"]
    with intake_runtime.engine.begin() as conn:  # as the migration leaves a row stored before it
        conn.execute(CitizenSearchRow.__table__.delete())
        conn.execute(update(CitizenRow.__table__).values(search_indexed=False))
    assert found(client, "Trần Văn Bình") == set()
    vault = intake_runtime.state[CONFIG_KEY].vault
    assert index_citizens(intake_runtime, vault) == 1
    assert index_citizens(intake_runtime, vault) == 0
    assert found(client, "Trần Văn Bình") == found(client, "019085001234") == {case}
    assert index_citizens(intake_runtime, vault, rebuild=True) == 1
    assert found(client, "0912345678") == {case}


# corrections ---------------------------------------------------------------------------------------------------


def test_a_visit_correction_keeps_before_and_after_and_tells_reports(client, intake_runtime):
    created = visit(client)
    response = client.patch(
        f"/api/v1/visits/{created['id']}",
        json={"reason": "Ghi nhầm lĩnh vực và số người", "field": "compensation", "headcount": 6},
        headers=CLERK,
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    case = response.get_json()
    assert case["field"] == "compensation"  # the visit opened the case alone: the case follows
    assert case["visits"][0]["headcount"] == 6
    assert case["visits"][0]["is_group"] is True
    entry = case["history"][-1]
    assert entry["action"] == "correct_visit"
    assert entry["actor"] == "clerk-1"
    assert entry["reason"] == "Ghi nhầm lĩnh vực và số người"
    assert entry["details"]["changes"] == {
        "field": {"before": "land", "after": "compensation"},
        "headcount": {"before": 1, "after": 6},
    }
    corrected = [e for e in outbox(intake_runtime) if e["type"] == "intake.visit.corrected"]
    assert corrected[0]["data"]["field"] == "compensation"
    assert corrected[0]["data"]["changed"] == ["field", "headcount"]
    assert any(
        e["type"] == "intake.case.changed" and e["data"]["field"] == "compensation" for e in outbox(intake_runtime)
    )


def test_a_reason_is_required_and_a_correction_must_change_something(client):
    created = visit(client)
    missing = client.patch(f"/api/v1/visits/{created['id']}", json={"field": "housing"}, headers=CLERK)
    assert missing.status_code == 422
    assert "reason" in missing.get_json()["errors"]
    blank = client.patch(f"/api/v1/visits/{created['id']}", json={"reason": "  ", "field": "housing"}, headers=CLERK)
    assert blank.status_code == 422
    assert "reason" in blank.get_json()["errors"]
    same = client.patch(f"/api/v1/visits/{created['id']}", json={"reason": "x", "field": "land"}, headers=CLERK)
    assert same.status_code == 422
    unknown = client.patch("/api/v1/visits/no-such-visit", json={"reason": "x", "field": "land"}, headers=CLERK)
    assert unknown.status_code == 404
    assert client.patch(f"/api/v1/visits/{created['id']}", json={"reason": "x"}, headers=POLICE).status_code == 403


def test_corrected_counts_are_checked_as_at_registration(client):
    created = visit(client)
    for headcount in (0, -3):
        response = client.patch(
            f"/api/v1/visits/{created['id']}", json={"reason": "x", "headcount": headcount}, headers=CLERK
        )
        assert response.status_code == 422
        assert "headcount" in response.get_json()["errors"]
    two = visit_body()["citizens"] * 2  # two people listed cannot be a visit of one
    response = client.patch(f"/api/v1/visits/{created['id']}", json={"reason": "x", "citizens": two}, headers=CLERK)
    assert response.status_code == 422
    assert "headcount" in response.get_json()["errors"]
    nobody = client.patch(f"/api/v1/visits/{created['id']}", json={"reason": "x", "citizens": []}, headers=CLERK)
    assert nobody.status_code == 422
    assert "citizens" in nobody.get_json()["errors"]  # only a denunciation may be anonymous
    petition = client.post("/api/v1/petitions", json=petition_body(signers=3), headers=CLERK).get_json()
    response = client.patch(f"/api/v1/petitions/{petition['id']}", json={"reason": "x", "signers": 0}, headers=CLERK)
    assert response.status_code == 422
    assert "signers" in response.get_json()["errors"]
    response = client.patch(
        f"/api/v1/petitions/{petition['id']}", json={"reason": "x", "channel": "transferred"}, headers=CLERK
    )
    assert response.status_code == 422
    assert "sender_agency" in response.get_json()["errors"]


def test_a_name_typo_is_corrected_and_the_search_follows_without_the_name_in_the_history(client):
    created = visit(client)
    citizen = dict(visit_body()["citizens"][0], full_name="Trần Văn Bính")
    response = client.patch(
        f"/api/v1/visits/{created['id']}", json={"reason": "Gõ nhầm tên", "citizens": [citizen]}, headers=CLERK
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    case = response.get_json()
    assert case["visits"][0]["citizens"][0]["full_name"] == "Trần Văn Bính"
    assert case["history"][-1]["details"]["identity_changed"] == ["citizens.0.full_name"]
    assert "Bính" not in str(case["history"])
    assert "Bình" not in str(case["history"])
    assert found(client, "Trần Văn Bính") == {created["case_id"]}
    assert found(client, "Trần Văn Bình") == {created["case_id"]}  # folded, the two spellings are one
    assert found(client, "Trần Văn Bình Cường") == set()


def test_reclassifying_the_kind_recounts_the_first_deadline_while_nothing_was_decided(client, intake_runtime):
    created = client.post("/api/v1/petitions", json=petition_body(kind="recommendation"), headers=CLERK).get_json()
    assert created["deadlines"]["process_by"]["rule_code"] == "petition_processing"
    response = client.patch(
        f"/api/v1/petitions/{created['id']}",
        json={"reason": "Nội dung là khiếu nại", "kind": "complaint"},
        headers=CLERK,
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    case = response.get_json()
    assert case["kind"] == "complaint"
    assert case["petitions"][0]["kind"] == "complaint"
    assert case["deadlines"]["process_by"]["rule_code"] == "complaint_acceptance"
    changed = [e["data"] for e in outbox(intake_runtime) if e["type"] == "intake.case.changed"]
    assert changed[-1]["corrected"] == ["kind"]
    assert changed[-1]["kind"] == "complaint"
    client.post(f"/api/v1/cases/{case['id']}/actions", json={"action": "accept"}, headers=LEADER)
    refused = client.patch(
        f"/api/v1/petitions/{created['id']}", json={"reason": "Lại đổi", "kind": "recommendation"}, headers=CLERK
    )
    assert refused.status_code == 409


def test_reclassifying_a_petition_as_a_denunciation_reassesses_it(client):
    anonymous = petition_body(kind="complaint", citizens=[], dated=False)
    created = client.post("/api/v1/petitions", json=anonymous, headers=CLERK).get_json()
    assert created["processable"] is True
    response = client.patch(
        f"/api/v1/petitions/{created['id']}", json={"reason": "Là tố cáo", "kind": "denunciation"}, headers=CLERK
    )
    petition = response.get_json()["petitions"][0]
    assert petition["processable"] is False  # an anonymous denunciation is not processed (Luật Tố cáo Art 25)
    assert "Đơn không ghi ngày, tháng, năm." in petition["ineligible_reasons"]  # still undated


def test_a_clerk_may_not_turn_a_denunciation_into_something_they_may_read(client):
    created = visit(client, kind="denunciation", field="official_conduct", subject="Cán bộ", citizens=[DENOUNCER])
    response = client.patch(
        f"/api/v1/visits/{created['id']}", json={"reason": "Là khiếu nại", "kind": "complaint"}, headers=CLERK
    )
    assert response.status_code == 403
    typo = client.patch(f"/api/v1/visits/{created['id']}", json={"reason": "Gõ nhầm", "area": "Tổ 4"}, headers=CLERK)
    assert typo.status_code == 200
    identity = client.patch(
        f"/api/v1/visits/{created['id']}", json={"reason": "Sai tên", "citizens": [DENOUNCER]}, headers=CLERK
    )
    assert identity.status_code == 403
    leader = client.patch(
        f"/api/v1/visits/{created['id']}", json={"reason": "Là khiếu nại", "kind": "complaint"}, headers=LEADER
    )
    assert leader.status_code == 200


# merging -------------------------------------------------------------------------------------------------------


def two_cases(client):
    first = visit(client)
    second = visit(
        client,
        subject="Dự án KDC số 3 (khu B)",
        received_at="2026-01-19T09:30:00+07:00",
        citizens=[{"full_name": "Lê Văn Cường", "id_number": "001090000003", "representative": True}],
    )
    assert first["case_id"] != second["case_id"]
    return first, second


def test_merging_moves_visits_and_history_and_the_merged_case_points_to_the_survivor(client, intake_runtime):
    first, second = two_cases(client)
    response = client.post(
        f"/api/v1/cases/{second['case_id']}/merge",
        json={"into": first["case_id"], "reason": "Cùng một vụ việc"},
        headers={**CLERK, "Idempotency-Key": "merge-1"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    survivor = response.get_json()
    assert survivor["id"] == first["case_id"]
    assert survivor["visit_count"] == 2
    assert {v["id"] for v in survivor["visits"]} == {first["id"], second["id"]}
    actions = [(e["action"], e["details"].get("merged_from")) for e in survivor["history"]]
    assert ("open_by_visit", second["case_id"]) in actions
    assert actions[-1][0] == "merge_from"
    assert survivor["history"][-1]["actor"] == "clerk-1"

    moved = client.get(f"/api/v1/cases/{second['case_id']}", headers=CLERK)
    assert moved.status_code == 301
    assert moved.headers["Location"].endswith(f"/api/v1/cases/{first['case_id']}")
    assert moved.get_json()["merged_into"] == first["case_id"]
    assert found(client, "Lê Văn Cường") == {first["case_id"]}
    with intake_runtime.sessions() as session:  # the merged case keeps its own history too, and how it ended
        entries = session.scalars(select(CaseHistoryRow.action).where(CaseHistoryRow.case_id == second["case_id"]))
        assert list(entries) == ["open_by_visit", "merge"]
    merged = [e for e in outbox(intake_runtime) if e["type"] == "intake.case.merged"]
    assert merged[0]["data"]["visit_ids"] == [second["id"]]
    assert merged[0]["data"]["into"] == first["case_id"]

    again = client.post(
        f"/api/v1/cases/{second['case_id']}/merge",
        json={"into": first["case_id"], "reason": "Cùng một vụ việc"},
        headers={**CLERK, "Idempotency-Key": "merge-1"},
    )
    assert again.status_code == 200, again.get_data(as_text=True)
    assert again.get_json() == survivor
    assert again.headers["Idempotent-Replayed"] == "true"
    # a later visit naming the merged case joins the survivor
    late = visit(client, case_id=second["case_id"])
    assert late["case_id"] == first["case_id"]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"into": "SELF"}, 422, "reason"),
        ({"into": "SELF", "reason": "x"}, 422, "into"),
        ({"into": "nowhere", "reason": "x"}, 404, None),
    ],
)
def test_merge_refusals_name_the_field(client, body, status, field):
    first, _second = two_cases(client)
    body = {k: (first["case_id"] if v == "SELF" else v) for k, v in body.items()}
    response = client.post(f"/api/v1/cases/{first['case_id']}/merge", json=body, headers=CLERK)
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/problem+json"
    if field:
        assert field in response.get_json()["errors"]


def test_merging_into_a_case_of_another_unit_is_not_found(client):
    first, _ = two_cases(client)
    elsewhere = visit(client, headers=OTHER_WARD_CLERK)["case_id"]
    response = client.post(
        f"/api/v1/cases/{first['case_id']}/merge", json={"into": elsewhere, "reason": "x"}, headers=CLERK
    )
    assert response.status_code == 404


def test_merging_into_a_closed_or_merged_case_conflicts(client):
    first, second = two_cases(client)
    third = visit(client, subject="Việc thứ ba", citizens=[DENOUNCER | {"full_name": "Ngô Văn Ba"}])
    client.post(f"/api/v1/cases/{third['case_id']}/actions", json={"action": "file", "reason": "Lưu"}, headers=CLERK)
    closed = client.post(
        f"/api/v1/cases/{first['case_id']}/merge", json={"into": third["case_id"], "reason": "x"}, headers=CLERK
    )
    assert closed.status_code == 409
    client.post(
        f"/api/v1/cases/{second['case_id']}/merge", json={"into": first["case_id"], "reason": "x"}, headers=CLERK
    )
    into_merged = client.post(
        f"/api/v1/cases/{third['case_id']}/merge", json={"into": second["case_id"], "reason": "x"}, headers=CLERK
    )
    assert into_merged.status_code == 409
    acting = client.post(f"/api/v1/cases/{second['case_id']}/actions", json={"action": "accept"}, headers=LEADER)
    assert acting.status_code == 409


def test_cases_of_different_kinds_are_not_merged(client):
    first, _ = two_cases(client)
    other = visit(client, kind="recommendation", subject="Đèn đường")["case_id"]
    response = client.post(
        f"/api/v1/cases/{other}/merge", json={"into": first["case_id"], "reason": "x"}, headers=CLERK
    )
    assert response.status_code == 422
    assert "into" in response.get_json()["errors"]


def test_on_postgresql(pg_runtime):
    """Search, a correction and a merge on PostgreSQL (the registration writes go through one statement there)."""
    client = create_service_app(pg_runtime).test_client()
    first, second = two_cases(client)
    assert found(client, "tran van binh") == {first["case_id"]}
    assert found(client, "0912 345 678") == {first["case_id"]}
    corrected = client.patch(
        f"/api/v1/visits/{second['id']}", json={"reason": "Ghi nhầm", "reception": "periodic"}, headers=CLERK
    )
    assert corrected.status_code == 200, corrected.get_data(as_text=True)
    merged = client.post(
        f"/api/v1/cases/{second['case_id']}/merge",
        json={"into": first["case_id"], "reason": "Cùng một vụ việc"},
        headers={**CLERK, "Idempotency-Key": "merge-pg"},
    )
    assert merged.status_code == 200, merged.get_data(as_text=True)
    assert found(client, "Lê Văn Cường") == {first["case_id"]}
    assert client.get(f"/api/v1/cases/{second['case_id']}", headers=CLERK).status_code == 301
    denounced = visit(client, kind="denunciation", field="official_conduct", subject="Cán bộ", citizens=[DENOUNCER])
    assert found(client, "hoang thi mat") == found(client, "0987 654 321") == set()
    assert found(client, "hoang thi mat", headers=LEADER) == {denounced["case_id"]}


test_on_postgresql = pytest.mark.postgres(test_on_postgresql)


ROLES = ["clerk", "leader", "police", "party_inspection", "province", "scheduler", "ops", "admin"]
ALLOWED = {
    "search": {"clerk", "leader", "party_inspection"},
    "correct": {"clerk", "leader"},
    "merge": {"clerk", "leader"},  # party_inspection: Party matters only
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("what", ALLOWED)
def test_roles(client, role, what):
    first, second = two_cases(client)
    headers = bearer(role)
    if what == "search":
        response = client.get("/api/v1/cases?citizen=Bình", headers=headers)
    elif what == "correct":
        response = client.patch(f"/api/v1/visits/{first['id']}", json={"reason": "x", "area": "Tổ 6"}, headers=headers)
    else:
        body = {"into": first["case_id"], "reason": "Cùng một vụ việc"}
        response = client.post(f"/api/v1/cases/{second['case_id']}/merge", json=body, headers=headers)
    expected = 200 if role in ALLOWED[what] else 403
    assert response.status_code == expected, (what, role, response.get_data(as_text=True))
    unauthenticated = {
        "search": lambda: client.get("/api/v1/cases?citizen=Bình"),
        "correct": lambda: client.patch(f"/api/v1/visits/{first['id']}", json={"reason": "x"}),
        "merge": lambda: client.post(f"/api/v1/cases/{second['case_id']}/merge", json={"into": "x", "reason": "x"}),
    }
    assert unauthenticated[what]().status_code == 401


def test_party_inspection_merges_party_matters(client):
    body = {"kind": "denunciation", "field": "party", "party_related": True, "subject": "Đảng viên A"}
    first = visit(client, **body)
    second = visit(client, **{**body, "subject": "Đảng viên A (lần 2)"}, citizens=[DENOUNCER])
    response = client.post(
        f"/api/v1/cases/{second['case_id']}/merge",
        json={"into": first["case_id"], "reason": "Cùng một đảng viên"},
        headers=PARTY,
    )
    assert response.status_code == 200, response.get_data(as_text=True)
