"""Denouncer identity: encrypted at rest, redacted for clerks and police, audited for the leader and Party
inspection, switchable off; and no citizen's name, ID number or phone in any event, log line or metric."""

import logging
from dataclasses import replace
from datetime import UTC, datetime

from cryptography.fernet import Fernet
from intake_testkit import CLERK, FERNET_KEY, INDEX_KEY, LEADER, PARTY, POLICE, outbox, petition_body, visit_body
from prometheus_client import REGISTRY, generate_latest
from sqlalchemy import func, select, text

from tiepdan.intake.adapters.identity_vault import IdentityVault
from tiepdan.intake.adapters.orm import CitizenRow, IdentityReadRow
from tiepdan.intake.api.context import CONFIG_KEY
from tiepdan.intake.service.timers import close_register_days, emit_deadline_notices, observe_cases

DENOUNCER = {
    "full_name": "Hoàng Thị Mật",
    "id_number": "034190012345",
    "phone": "0987654321",
    "address": "Số 9, ngõ 7, tổ 3",
}
SECRETS = ["Hoàng Thị Mật", "034190012345", "0987654321", "Số 9, ngõ 7"]
PERSONAL = [*SECRETS, "Trần Văn Bình", "019085001234", "0912345678", "Phạm Thị Hoa", "001190000001"]


def denunciation(client, **overrides):
    body = visit_body(kind="denunciation", field="official_conduct", subject="Cán bộ địa chính", citizens=[DENOUNCER])
    body.update(overrides)
    response = client.post("/api/v1/visits", json=body, headers=CLERK)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def audit_count(runtime, actor=None):
    with runtime.sessions() as session:
        query = select(func.count()).select_from(IdentityReadRow)
        if actor:
            query = query.where(IdentityReadRow.actor == actor)
        return session.scalar(query)


def test_identity_is_encrypted_at_rest(client, intake_runtime):
    denunciation(client)
    with intake_runtime.engine.connect() as conn:
        stored = " ".join(str(row) for row in conn.execute(text("SELECT * FROM citizens")))
    for secret in SECRETS:
        assert secret not in stored


def test_clerk_and_police_never_see_the_denouncer(client, intake_runtime):
    case_id = denunciation(client)["case_id"]
    client.post(
        "/api/v1/petitions",
        json=petition_body(kind="denunciation", case_id=case_id, citizens=[DENOUNCER]),
        headers=CLERK,
    )
    reads = [
        client.get(f"/api/v1/cases/{case_id}", headers=CLERK),
        client.get(f"/api/v1/cases/{case_id}", headers=POLICE),
        client.get("/api/v1/cases", headers=POLICE),
        client.get("/api/v1/cases?citizen=Hoàng Thị Mật", headers=CLERK),
        client.get("/api/v1/cases?citizen=034190012345", headers=CLERK),
        client.get("/api/v1/visits", headers=CLERK),
        client.get("/api/v1/petitions", headers=CLERK),
        client.get("/api/v1/register?from=2026-01-19&to=2026-01-19", headers=CLERK),
        client.get("/api/v1/register?from=2026-01-19&to=2026-01-19&format=csv", headers=CLERK),
    ]
    for response in reads:
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        for secret in SECRETS:
            assert secret not in body, (response.request.path, secret)
    assert reads[3].get_json()["items"] == reads[4].get_json()["items"] == []  # nor find the case by them
    case = reads[0].get_json()
    assert case["identity_redacted"] is True
    assert case["visits"][0]["citizens"][0]["full_name"] == "[đã ẩn]"
    assert case["visits"][0]["citizens"][0]["representative"] is False
    assert audit_count(intake_runtime) == 0


def test_leader_reads_the_denouncer_and_each_read_is_audited(client, intake_runtime):
    case_id = denunciation(client)["case_id"]
    case = client.get(f"/api/v1/cases/{case_id}", headers=LEADER).get_json()
    assert case["visits"][0]["citizens"][0]["full_name"] == "Hoàng Thị Mật"
    assert case["visits"][0]["citizens"][0]["id_number"] == "034190012345"
    assert audit_count(intake_runtime, "leader-1") == 1
    client.get("/api/v1/register?from=2026-01-19&to=2026-01-19", headers=LEADER)
    client.get("/api/v1/visits", headers=LEADER)
    assert audit_count(intake_runtime, "leader-1") == 3
    with intake_runtime.sessions() as session:
        purposes = sorted(session.scalars(select(IdentityReadRow.purpose)))
    assert purposes == ["case_detail", "register", "visit_list"]


def test_non_confidential_reads_are_not_audited(client, intake_runtime):
    case_id = client.post("/api/v1/visits", json=visit_body(), headers=CLERK).get_json()["case_id"]
    case = client.get(f"/api/v1/cases/{case_id}", headers=CLERK).get_json()
    assert case["visits"][0]["citizens"][0]["full_name"] == "Trần Văn Bình"
    assert audit_count(intake_runtime) == 0


def test_party_related_denunciation_is_for_party_inspection_and_leader_only(client, intake_runtime):
    case_id = denunciation(client, party_related=True, field="party", subject="Nhân sự đại hội")["case_id"]
    assert client.get(f"/api/v1/cases/{case_id}", headers=CLERK).status_code == 403
    assert client.get(f"/api/v1/cases/{case_id}", headers=POLICE).status_code == 403
    assert client.get("/api/v1/cases", headers=CLERK).get_json()["items"] == []
    assert client.get("/api/v1/cases", headers=POLICE).get_json()["items"] == []
    assert client.get("/api/v1/visits", headers=CLERK).get_json()["items"] == []
    register = client.get("/api/v1/register?from=2026-01-19&to=2026-01-19", headers=CLERK).get_json()
    assert len(register["rows"]) == 1  # counted in the register, masked
    assert "Nhân sự đại hội" not in str(register)
    party = client.get(f"/api/v1/cases/{case_id}", headers=PARTY).get_json()
    assert party["visits"][0]["citizens"][0]["full_name"] == "Hoàng Thị Mật"
    assert audit_count(intake_runtime, "ubkt-1") == 1


def test_identity_storage_switched_off_keeps_only_the_paper_reference(client, intake_runtime):
    config = intake_runtime.state[CONFIG_KEY]
    intake_runtime.state[CONFIG_KEY] = replace(config, store_denouncer_identity=False)
    missing = client.post("/api/v1/visits", json=visit_body(kind="denunciation", citizens=[DENOUNCER]), headers=CLERK)
    assert missing.status_code == 422
    assert "paper_file_ref" in missing.get_json()["errors"]
    created = denunciation(client, paper_file_ref="HS-2026-017")
    assert created["identity_stored"] is False
    with intake_runtime.sessions() as session:
        assert session.scalar(select(func.count()).select_from(CitizenRow)) == 0
    case = client.get(f"/api/v1/cases/{created['case_id']}", headers=LEADER).get_json()
    assert case["visits"][0]["citizens"] == []
    assert case["visits"][0]["paper_file_ref"] == "HS-2026-017"
    # complaints keep their citizens: the switch is about denouncers only
    client.post("/api/v1/visits", json=visit_body(), headers=CLERK)
    with intake_runtime.sessions() as session:
        assert session.scalar(select(func.count()).select_from(CitizenRow)) == 1


def test_key_rotation_keeps_old_records_readable(client, intake_runtime):
    case_id = denunciation(client)["case_id"]
    config = intake_runtime.state[CONFIG_KEY]
    rotated = IdentityVault([Fernet.generate_key().decode(), FERNET_KEY], INDEX_KEY)
    intake_runtime.state[CONFIG_KEY] = replace(config, vault=rotated)
    case = client.get(f"/api/v1/cases/{case_id}", headers=LEADER).get_json()
    assert case["visits"][0]["citizens"][0]["full_name"] == "Hoàng Thị Mật"
    again = denunciation(client, received_at="2026-01-19T09:00:00+07:00")
    assert again["case_id"] == case_id  # the blind index did not change with the encryption keys


def test_stored_identities_are_re_encrypted_under_the_new_key(client, intake_runtime):
    from tiepdan.intake.service.key_rotation import rotate_identity_keys

    case_id = denunciation(client)["case_id"]
    client.post("/api/v1/visits", json=visit_body(), headers=CLERK)
    new_key = Fernet.generate_key().decode()
    assert rotate_identity_keys(intake_runtime, IdentityVault([new_key, FERNET_KEY], INDEX_KEY), batch=1) == 2
    config = intake_runtime.state[CONFIG_KEY]
    intake_runtime.state[CONFIG_KEY] = replace(config, vault=IdentityVault([new_key], INDEX_KEY))  # old key gone
    case = client.get(f"/api/v1/cases/{case_id}", headers=LEADER).get_json()
    assert case["visits"][0]["citizens"][0]["phone"] == "0987654321"


def test_no_personal_data_in_events_logs_or_metrics(client, intake_runtime, clock, caplog):
    caplog.set_level(logging.DEBUG)
    denunciation(client)
    group = [
        {"full_name": "Trần Văn Bình", "id_number": "019085001234", "phone": "0912345678", "address": "Tổ 5"},
    ]
    visit = client.post("/api/v1/visits", json=visit_body(headcount=8, citizens=group), headers=CLERK).get_json()
    client.post("/api/v1/petitions", json=petition_body(), headers=CLERK)
    client.post(f"/api/v1/cases/{visit['case_id']}/actions", json={"action": "accept"}, headers=LEADER)
    client.get(f"/api/v1/cases/{visit['case_id']}", headers=LEADER)
    client.post(
        "/api/v1/visits", json=visit_body(citizens=[{"full_name": "X", "id_number": "097000000000"}]), headers=CLERK
    )
    clock.now = datetime(2026, 3, 30, tzinfo=UTC)
    emit_deadline_notices(intake_runtime, intake_runtime.state[CONFIG_KEY])
    close_register_days(intake_runtime, intake_runtime.state[CONFIG_KEY])
    observe_cases(intake_runtime, intake_runtime.state[CONFIG_KEY])

    events = outbox(intake_runtime)
    types = {e["type"] for e in events}
    assert {
        "intake.visit.registered",
        "intake.petition.received",
        "intake.case.opened",
        "intake.case.changed",
        "intake.case.overdue",
        "intake.register.closed",
    } <= types
    logs = "\n".join(str(record.__dict__) for record in caplog.records)
    metrics = generate_latest(REGISTRY).decode()
    assert "tiepdan_intake_visits_total" in metrics
    for text_ in (str(events), logs, metrics):
        for personal in PERSONAL:
            assert personal not in text_, personal
