"""The role matrix of docs/contract.md for every intake endpoint: 401 without a token, 403 for a role not allowed."""

import pytest
from intake_testkit import CLERK, petition_body, visit_body

from tiepdan.kit.testing import bearer

ROLES = ["clerk", "leader", "police", "party_inspection", "province", "scheduler", "ops", "admin"]

#: endpoint → roles allowed (anything else is 403)
MATRIX = {
    "POST /api/v1/visits": {"clerk", "leader"},
    "GET /api/v1/visits": {"clerk", "leader"},
    "POST /api/v1/petitions": {"clerk", "leader"},
    "GET /api/v1/petitions": {"clerk", "leader"},
    "GET /api/v1/cases": {"clerk", "leader", "party_inspection", "police"},
    "GET /api/v1/cases/{id}": {"clerk", "leader", "police"},  # party_inspection: only Party matters (below)
    "POST /api/v1/cases/{id}/actions": {"clerk", "leader"},
    "GET /api/v1/register": {"clerk", "leader"},
}


def call(client, endpoint, case_id, headers):
    method, path = endpoint.split(" ")
    path = path.replace("{id}", case_id)
    if endpoint == "POST /api/v1/visits":
        return client.post(path, json=visit_body(), headers=headers)
    if endpoint == "POST /api/v1/petitions":
        return client.post(path, json=petition_body(), headers=headers)
    if method == "POST":
        return client.post(path, json={"action": "guide", "reason": "Hướng dẫn gửi đúng cơ quan"}, headers=headers)
    return client.get(path, headers=headers)


@pytest.mark.parametrize("endpoint", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(client, endpoint, role):
    case_id = client.post("/api/v1/visits", json=visit_body(), headers=CLERK).get_json()["case_id"]
    response = call(client, endpoint, case_id, bearer(role))
    if role in MATRIX[endpoint]:
        assert response.status_code in (200, 201), (endpoint, role, response.get_data(as_text=True))
    else:
        assert response.status_code == 403, (endpoint, role, response.status_code)
        assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize("endpoint", MATRIX)
def test_no_token_is_401(client, endpoint):
    response = call(client, endpoint, "any", {})
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_party_inspection_reads_and_acts_on_party_matters(client):
    body = visit_body(kind="denunciation", field="party", party_related=True, subject="Đảng viên A")
    case_id = client.post("/api/v1/visits", json=body, headers=CLERK).get_json()["case_id"]
    party = bearer("party_inspection")
    assert client.get(f"/api/v1/cases/{case_id}", headers=party).status_code == 200
    listed = client.get("/api/v1/cases", headers=party).get_json()["items"]
    assert [c["id"] for c in listed] == [case_id]
    accepted = client.post(f"/api/v1/cases/{case_id}/actions", json={"action": "accept"}, headers=party)
    assert accepted.status_code == 200
    resolved = client.post(
        f"/api/v1/cases/{case_id}/actions", json={"action": "resolve", "decision_no": "03/KL-UBKT"}, headers=party
    )
    assert resolved.status_code == 200
    assert resolved.get_json()["status"] == "resolved"


def test_police_see_only_field_subject_and_area(client):
    case_id = client.post("/api/v1/visits", json=visit_body(), headers=CLERK).get_json()["case_id"]
    police = bearer("police")
    assert client.get(f"/api/v1/cases/{case_id}", headers=police).get_json() == {
        "id": case_id,
        "field": "land",
        "subject": "Dự án khu dân cư số 3",
        "area": "Tổ dân phố 5",
    }
    assert set(client.get("/api/v1/cases", headers=police).get_json()["items"][0]) == {"id", "field", "subject", "area"}
