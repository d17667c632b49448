"""Papers (receipts, notices, slips) and the citizens' lookup by receipt code."""

import hashlib
import io
import threading

import pytest
from intake_testkit import CLERK, LEADER, outbox, petition_body, visit_body
from pypdf import PdfReader
from sqlalchemy import text

from tiepdan.intake.api.context import CONFIG_KEY
from tiepdan.kit.web import create_service_app

LOOKUP_FIELDS = {
    "code",
    "kind",
    "kind_label",
    "field",
    "field_label",
    "status",
    "status_label",
    "next_step",
    "due_date",
    "received_on",
}


def pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def act(client, case_id, headers=LEADER, **body):
    return client.post(f"/api/v1/cases/{case_id}/actions", json=body, headers=headers)


def issue(client, case_id, kind, headers=LEADER):
    return client.post(f"/api/v1/cases/{case_id}/papers", json={"kind": kind}, headers=headers)


def file_of(client, paper_id, headers=LEADER, copy=None):
    suffix = f"?copy={copy}" if copy else ""
    return client.get(f"/api/v1/papers/{paper_id}/file.pdf{suffix}", headers=headers)


def test_every_visit_and_petition_gets_a_receipt_with_its_code_and_qr(client, intake_runtime):
    visit = client.post("/api/v1/visits", json=visit_body(), headers=CLERK).get_json()
    petition = client.post("/api/v1/petitions", json=petition_body(), headers=CLERK).get_json()
    for created in (visit, petition):
        receipt = created["receipt"]
        assert len(receipt["code"].replace("-", "")) == 16  # 80 bits
        answer = file_of(client, receipt["paper_id"], headers=CLERK)
        assert answer.status_code == 200
        assert answer.content_type == "application/pdf"
        words = pdf_text(answer.data)
        for expected in (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "UỶ BAN NHÂN DÂN",
            "PHƯỜNG BÁCH QUANG",
            "GIẤY BIÊN NHẬN",
            receipt["code"],
            "Nơi nhận",
        ):
            assert expected in words
        assert "/tra-cuu?ma=" + receipt["code"] in words
        papers = client.get(f"/api/v1/cases/{created['case_id']}/papers", headers=CLERK).get_json()["items"]
        stored = next(p for p in papers if p["id"] == receipt["paper_id"])
        assert stored["sha256"] == hashlib.sha256(answer.data).hexdigest()
        assert (stored["kind"], stored["number"], stored["code"]) == ("receipt", None, receipt["code"])
    assert "Bách Quang, ngày 19 tháng 01 năm 2026" in pdf_text(file_of(client, visit["receipt"]["paper_id"]).data)
    issued = [e for e in outbox(intake_runtime) if e["type"] == "intake.paper.issued"]
    assert [e["data"]["kind"] for e in issued] == ["receipt", "receipt"]


def test_lookup_shows_status_and_due_date_but_no_person(client):
    created = client.post("/api/v1/visits", json=visit_body(), headers=CLERK).get_json()
    code = created["receipt"]["code"]
    answer = client.get(f"/api/v1/lookup/{code.lower().replace('-', ' ')}")  # no sign-in; as typed
    assert answer.status_code == 200, answer.get_json()
    found = answer.get_json()
    assert set(found) == LOOKUP_FIELDS
    assert (found["code"], found["kind"], found["kind_label"], found["field_label"]) == (
        code,
        "complaint",
        "Khiếu nại",
        "Đất đai",
    )
    assert found["status"] == "received"
    assert found["due_date"] == min(d["date"] for d in created["deadlines"].values())  # the next one owed
    raw = answer.get_data(as_text=True)
    for secret in ("Trần Văn Bình", "019085001234", "0912345678", "Đề nghị xem xét", "Dự án khu dân cư"):
        assert secret not in raw

    act(client, created["case_id"], action="accept")
    assert client.get(f"/api/v1/lookup/{code}").get_json()["status_label"] == "Đã thụ lý, đang giải quyết"


def test_a_wrong_code_answers_exactly_as_an_unknown_one(client):
    code = client.post("/api/v1/visits", json=visit_body(), headers=CLERK).get_json()["receipt"]["code"]
    last = code[-1]
    wrong = code[:-1] + ("2" if last != "2" else "3")
    answers = [client.get(f"/api/v1/lookup/{c}") for c in (wrong, "0000-0000-0000-0000", "not-a-code", "x" * 40)]
    assert {a.status_code for a in answers} == {404}
    assert len({a.get_data() for a in answers}) == 1


def test_lookups_are_rate_limited_per_address(intake_runtime):
    config = intake_runtime.state[CONFIG_KEY]
    intake_runtime.state[CONFIG_KEY] = type(config)(**{**config.__dict__, "lookup_rate": "3/minute"})
    client = create_service_app(intake_runtime).test_client()
    code = client.post("/api/v1/visits", json=visit_body(), headers=CLERK).get_json()["receipt"]["code"]
    here = {"REMOTE_ADDR": "203.0.113.7"}
    statuses = [client.get(f"/api/v1/lookup/{code}", environ_base=here).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    # a guesser is stopped the same way: the limit counts every lookup, found or not
    assert client.get("/api/v1/lookup/0000-0000-0000-0000", environ_base=here).status_code == 429
    assert client.get(f"/api/v1/lookup/{code}", environ_base={"REMOTE_ADDR": "203.0.113.8"}).status_code == 200
    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'tiepdan_intake_lookups_total{outcome="limited"}' in metrics


def test_notices_are_numbered_per_kind_and_never_change(client, intake_runtime):
    case_id = client.post("/api/v1/visits", json=visit_body(), headers=CLERK).get_json()["case_id"]
    assert act(client, case_id, action="accept").status_code == 200
    first = issue(client, case_id, "acceptance_notice")
    assert first.status_code == 201, first.get_json()
    paper = first.get_json()
    assert (paper["kind"], paper["number"], paper["symbol"]) == ("acceptance_notice", 1, "1/TB-UBND")
    body = file_of(client, paper["id"]).data
    assert hashlib.sha256(body).hexdigest() == paper["sha256"]
    words = pdf_text(body)
    for expected in (
        "Số: 1/TB-UBND",
        "THÔNG BÁO",
        "thụ lý giải quyết khiếu nại",
        "Kính gửi: Trần Văn Bình",
        "Điều 27 Luật Khiếu nại",
        "CHỦ TỊCH",
        "Nơi nhận",
    ):
        assert expected in words

    again = issue(client, case_id, "acceptance_notice").get_json()
    assert again["number"] == 2
    assert again["id"] != paper["id"]
    assert file_of(client, paper["id"]).data == body  # the first is kept as issued
    listed = client.get(f"/api/v1/cases/{case_id}/papers", headers=CLERK).get_json()["items"]
    assert [(p["kind"], p["number"]) for p in listed] == [
        ("receipt", None),
        ("acceptance_notice", 1),
        ("acceptance_notice", 2),
    ]
    issued = [e["data"] for e in outbox(intake_runtime) if e["type"] == "intake.paper.issued"]
    assert [(d["kind"], d["number"]) for d in issued][-2:] == [("acceptance_notice", 1), ("acceptance_notice", 2)]


def test_a_paper_the_state_does_not_allow_is_refused_and_takes_no_number(client):
    visit = visit_body(refusal={"reason_code": "intoxicated"})
    refused = client.post("/api/v1/visits", json=visit, headers=CLERK).get_json()["case_id"]
    answer = issue(client, refused, "acceptance_notice")
    assert answer.status_code == 409
    assert "từ chối" in answer.get_json()["detail"]
    unknown = issue(client, refused, "birthday_card")
    assert unknown.status_code == 400
    assert "kind" in unknown.get_json()["errors"]
    notice = issue(client, refused, "refusal_notice")
    assert notice.status_code == 201
    assert "Người say rượu" in pdf_text(file_of(client, notice.get_json()["id"]).data) or "Điều 9" in pdf_text(
        file_of(client, notice.get_json()["id"]).data
    )

    other = client.post("/api/v1/visits", json=visit_body(subject="Việc khác"), headers=CLERK).get_json()["case_id"]
    act(client, other, action="accept")
    assert issue(client, other, "transfer_slip").status_code == 409
    assert issue(client, other, "acceptance_notice").get_json()["number"] == 1  # nothing was taken by the refusals


def test_transfer_slip_and_guidance(client):
    transferred = client.post("/api/v1/petitions", json=petition_body(), headers=CLERK).get_json()["case_id"]
    act(client, transferred, action="transfer", to_agency="UBND quận Hai Bà Trưng")
    slip = issue(client, transferred, "transfer_slip", headers=CLERK)
    assert slip.status_code == 201, slip.get_json()
    words = pdf_text(file_of(client, slip.get_json()["id"], headers=CLERK).data)
    assert "PHIẾU CHUYỂN ĐƠN" in words
    assert "UBND quận Hai Bà Trưng" in words
    assert "Số: 1/PC-UBND" in words

    guided = client.post("/api/v1/petitions", json=petition_body(subject="Việc khác"), headers=CLERK).get_json()
    act(client, guided["case_id"], action="guide", reason="Thuộc thẩm quyền của Toà án")
    guidance = issue(client, guided["case_id"], "guidance", headers=CLERK).get_json()
    words = pdf_text(file_of(client, guidance["id"], headers=CLERK).data)
    assert "Thuộc thẩm quyền của Toà án" in words
    assert "Số: 1/HD-UBND" in words
    non_acceptance = issue(client, guided["case_id"], "non_acceptance_notice", headers=CLERK).get_json()
    assert non_acceptance["symbol"] == "1/TB-UBND"  # TB of another kind: its own counter


def test_the_denouncer_is_named_only_on_their_own_copy(client):
    denouncer = "Đỗ Minh Tuấn"
    body = petition_body(
        kind="denunciation", citizens=[{"full_name": denouncer, "id_number": "001190000002", "address": "Tổ 9"}]
    )
    created = client.post("/api/v1/petitions", json=body, headers=CLERK).get_json()
    case_id = created["case_id"]
    act(client, case_id, action="accept")
    notice = issue(client, case_id, "denunciation_acceptance_notice", headers=CLERK)
    assert notice.status_code == 201, notice.get_json()
    paper = notice.get_json()
    assert paper["has_addressee_copy"] is True

    filing_copy = pdf_text(file_of(client, paper["id"], headers=LEADER).data)
    assert "thụ lý tố cáo" in filing_copy
    assert "Kính gửi: Người tố cáo" in filing_copy
    receipt_copy = pdf_text(file_of(client, created["receipt"]["paper_id"], headers=LEADER).data)
    for copy in (filing_copy, receipt_copy):
        assert denouncer not in copy
        assert "001190000002" not in copy
        assert "Tổ 9" not in copy

    own = file_of(client, paper["id"], headers=LEADER, copy="addressee")
    assert own.status_code == 200
    assert f"Kính gửi: {denouncer}, Tổ 9" in pdf_text(own.data)
    assert hashlib.sha256(own.data).hexdigest() != paper["sha256"]
    assert denouncer in pdf_text(file_of(client, created["receipt"]["paper_id"], copy="addressee").data)
    assert file_of(client, paper["id"], headers=CLERK, copy="addressee").status_code == 403


def test_the_register_numbers_visits_once_and_prints_as_pdf(client):
    for n in range(3):
        client.post("/api/v1/visits", json=visit_body(subject=f"Việc {n}"), headers=CLERK)
    first = client.get("/api/v1/register", headers=CLERK).get_json()["rows"]
    later = client.get("/api/v1/register?from=2026-01-19&to=2026-01-19", headers=CLERK).get_json()["rows"]
    assert [r["no"] for r in first] == [r["no"] for r in later] == [1, 2, 3]
    # a visit entered late, into an earlier day, takes the next line: numbers are given once, never reused
    client.post(
        "/api/v1/visits", json=visit_body(subject="Muộn", received_at="2026-01-16T09:00:00+07:00"), headers=CLERK
    )
    week = client.get("/api/v1/register?from=2026-01-16&to=2026-01-19", headers=CLERK).get_json()["rows"]
    assert [r["no"] for r in week] == [4, 1, 2, 3]

    printed = client.get("/api/v1/register?from=2026-01-16&to=2026-01-19&format=pdf", headers=CLERK)
    assert printed.status_code == 200
    assert printed.content_type == "application/pdf"
    reader = PdfReader(io.BytesIO(printed.data))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # landscape
    words = pdf_text(printed.data)
    for expected in ("SỔ TIẾP CÔNG DÂN", "Từ ngày 16/01/2026 đến ngày 19/01/2026", "Trần Văn Bình", "STT", "Muộn"):
        assert expected in words


def test_fifty_notices_at_once_are_numbered_one_to_fifty(pg_runtime):
    app = create_service_app(pg_runtime)
    setup = app.test_client()
    case_id = setup.post("/api/v1/visits", json=visit_body(), headers=CLERK).get_json()["case_id"]
    assert act(setup, case_id, action="accept").status_code == 200
    statuses: list[int] = []
    numbers: list[int] = []
    start = threading.Barrier(10)

    def issue_five(worker: int) -> None:
        client = app.test_client()
        start.wait()
        for n in range(5):
            headers = {**LEADER, "Idempotency-Key": f"paper-{worker}-{n}"}
            answer = client.post(f"/api/v1/cases/{case_id}/papers", json={"kind": "acceptance_notice"}, headers=headers)
            statuses.append(answer.status_code)
            if answer.status_code == 201:
                numbers.append(answer.get_json()["number"])

    threads = [threading.Thread(target=issue_five, args=(worker,)) for worker in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [201] * 50
    assert sorted(numbers) == list(range(1, 51))
    with pg_runtime.engine.connect() as conn:
        stored = conn.execute(text("SELECT number FROM papers WHERE kind = 'acceptance_notice' ORDER BY number"))
        assert [row[0] for row in stored] == list(range(1, 51))


@pytest.mark.parametrize("role_headers", [LEADER])
def test_issuing_twice_with_one_key_gives_one_number(client, role_headers):
    case_id = client.post("/api/v1/visits", json=visit_body(), headers=CLERK).get_json()["case_id"]
    act(client, case_id, action="accept")
    headers = {**role_headers, "Idempotency-Key": "same"}
    first = client.post(f"/api/v1/cases/{case_id}/papers", json={"kind": "acceptance_notice"}, headers=headers)
    second = client.post(f"/api/v1/cases/{case_id}/papers", json={"kind": "acceptance_notice"}, headers=headers)
    assert first.get_json() == second.get_json()
    assert issue(client, case_id, "acceptance_notice").get_json()["number"] == 2
