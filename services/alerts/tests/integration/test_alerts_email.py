"""E-mail delivery on PostgreSQL against a real SMTP server (aiosmtpd on 127.0.0.1), reading what arrived:
one mail per address with the Vietnamese text, silences, what a role may read, retries and no duplicate, and over
STARTTLS and TLS an untrusted certificate retried, not lost."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from alerts_harness import ORDINARY, consume, envelope, visit
from flask.testing import FlaskClient
from sqlalchemy import select

from tiepdan.alerts.adapters.email import EmailSender
from tiepdan.alerts.adapters.orm import DeliveryRow
from tiepdan.alerts.adapters.webhook import WebhookSender
from tiepdan.alerts.config import MailTextSettings
from tiepdan.alerts.domain.delivery import INTERRUPTED
from tiepdan.alerts.service.delivering import LEASE, Senders, pump_deliveries
from tiepdan.kit.mail import message_id
from tiepdan.kit.service import Runtime
from tiepdan.kit.smtp_testing import SmtpServer, make_certificate
from tiepdan.kit.testing import bearer
from tiepdan.kit.web import create_service_app

ADMIN = bearer("admin")
LEADER = bearer("leader")
CONSOLE = "https://tiepdan.bachquang.gov.vn"
SENDER = "canhbao@bachquang.gov.vn"
POLICE_DESK = "truc.congan@bachquang.gov.vn"
POLICE_ON_CALL = "loc.mai@bachquang.gov.vn"
OFFICE = "vanphong@bachquang.gov.vn"
PARTY = "thuongtruc.danguy@bachquang.gov.vn"
INSPECTION = "ubkt@bachquang.gov.vn"

NAME, ID_NUMBER, PHONE, ADDRESS = "Trần Văn Bình", "019085001234", "0912345678", "Số 12 ngõ 34 phố Hàng Bông"


@pytest.fixture
def runtime(pg_runtime: Runtime) -> Runtime:
    return pg_runtime


@pytest.fixture
def client(runtime: Runtime) -> FlaskClient:
    return create_service_app(runtime).test_client()


@pytest.fixture
def senders(smtp_server: SmtpServer) -> Iterator[Senders]:
    email = EmailSender(
        smtp_server.settings(sender=SENDER, sender_name="Tiếp Dân — Cảnh báo"), MailTextSettings(CONSOLE)
    )
    senders = Senders(WebhookSender(), None, email=email)
    yield senders
    senders.close()


def give_addresses(client: FlaskClient, **changes: Any) -> None:
    rules = client.get("/api/v1/alert-rules", headers=ADMIN).get_json()
    books = {
        "police": {"to": [POLICE_DESK], "on_duty": {"s015": POLICE_ON_CALL}},
        "ward_office": {"to": [OFFICE]},
        "party_standing": {"to": [PARTY]},
        "party_inspection": {"to": [INSPECTION]},
    }
    for receiver in rules["receivers"]:
        receiver["email"] = books.get(receiver["name"], {"to": []})
    for key, value in changes.items():
        rules[key] = value
    saved = client.put("/api/v1/alert-rules", json=rules, headers=ADMIN)
    assert saved.status_code == 200, saved.get_json()


def publish_roster(runtime: Runtime) -> None:
    """Mai Đức Lộc (CA, s015) on call this morning; the roster's event carries no address."""
    shift = {"date": "2026-06-10", "shift": "morning", "skills": ["police"], "duty": "on_call"}
    roster = {
        "roster_id": "r-06",
        "period": {"from": "2026-06-08", "to": "2026-06-14"},
        "shifts": [{"code": "morning", "start": "07:30", "end": "11:30"}],
        "assignments": [
            {**shift, "staff_id": "s015", "staff_name": "Mai Đức Lộc", "agency": "CA"},
            {**shift, "staff_id": "s016", "staff_name": "Lê Văn Hùng", "agency": "CA"},
        ],
    }
    consume(runtime, envelope("roster.roster.published", roster))


def email_rows(runtime: Runtime) -> list[DeliveryRow]:
    with runtime.sessions() as session:
        return list(session.scalars(select(DeliveryRow).where(DeliveryRow.channel == "email")))


def test_a_raised_alert_is_one_mail_per_address_in_vietnamese(runtime, client, clock, smtp_server, senders):
    give_addresses(client)
    publish_roster(runtime)
    visit(runtime, headcount=7, area="Tổ dân phố 5")
    pump_deliveries(runtime.uow, senders, clock)

    mailbox = smtp_server.mailbox
    assert sorted(a for rcpt, _ in mailbox.messages for a in rcpt) == sorted([POLICE_DESK, POLICE_ON_CALL, OFFICE])
    assert all(len(rcpt) == 1 for rcpt, _ in mailbox.messages), "nobody sees the others' addresses"
    (mail,) = mailbox.to(POLICE_ON_CALL)
    assert mail["Subject"] == "[Cảnh báo] Đoàn đông người (7 người) — Đất đai, Dự án khu dân cư số 3, Tổ dân phố 5"
    assert (mail["From"].addresses[0].addr_spec, mail["From"].addresses[0].display_name) == (
        SENDER,
        "Tiếp Dân — Cảnh báo",
    )
    body = mail.get_content()
    assert "Kính gửi: Công an phường" in body
    assert "Cảnh báo mới." in body
    assert "Loại cảnh báo: Đông người" in body
    assert "Mức độ: Cảnh báo" in body
    assert "Đơn vị: UBND phường Bách Quang" in body
    assert "Số người: 7; số lượt tiếp: 1" in body
    assert "Ghi nhận lần đầu: 10/06/2026 09:00" in body  # Hà Nội time, dd/mm/yyyy
    assert f"{CONSOLE}/alerts" in body
    rows = {r.receiver: r for r in email_rows(runtime)}
    assert set(rows) == {"police", "ward_office"}
    assert mail["Message-ID"] == message_id(rows["police"].id, SENDER)
    assert mail["X-TiepDan-Delivery"] == rows["police"].id
    assert rows["police"].outcome == "delivered"
    assert sorted(rows["police"].log[-1]["sent_to"]) == sorted([POLICE_DESK, POLICE_ON_CALL])


def test_a_silenced_alert_sends_no_mail(runtime, client, clock, smtp_server, senders):
    give_addresses(client)
    silence = {
        "matchers": {"kind": "crowd"},
        "ends_at": (ORDINARY + timedelta(hours=2)).isoformat(),
        "comment": "Đoàn đã được lãnh đạo tiếp, theo dõi tiếp",
    }
    assert client.post("/api/v1/silences", json=silence, headers=LEADER).status_code == 201
    visit(runtime, headcount=7)
    pump_deliveries(runtime.uow, senders, clock)
    assert smtp_server.mailbox.messages == []
    assert email_rows(runtime) == []


def test_a_mail_tells_no_receiver_more_than_its_role_may_read(runtime, client, clock, smtp_server, senders):
    # a route sending deadlines to the police too: the police may not read overdue alerts, so no mail goes to them
    rules = client.get("/api/v1/alert-rules", headers=ADMIN).get_json()
    routes = [{"match": {"kinds": ["overdue"]}, "receivers": ["ward_office", "police"]}, *rules["routes"]]
    give_addresses(client, routes=routes)
    personal = {
        "summary": f"Ông {NAME}, CCCD {ID_NUMBER}, điện thoại {PHONE}, trú tại {ADDRESS}",
        "host_name": NAME,
        "representative": f"{NAME} ({PHONE})",
    }
    visit(runtime, headcount=25, **personal)  # critical: the Party's standing committee is told too
    visit(runtime, kind="denunciation", party_related=True, **personal)
    overdue = {"case_id": "c-qh-1", "deadline": "resolve_by", "date": "2026-06-09", "kind": "complaint"}
    overdue |= {"field": "land", "area": "Tổ 5", "subject": "Đất"}
    consume(runtime, envelope("intake.case.overdue", overdue))
    pump_deliveries(runtime.uow, senders, clock)

    mailbox = smtp_server.mailbox
    police = {m["Subject"] for m in mailbox.to(POLICE_DESK)}
    assert "[Khẩn cấp] Đoàn đông người (25 người) — Đất đai, Dự án khu dân cư số 3, Tổ dân phố 5" in police
    assert not [s for s in police if "Quá hạn" in s or "đảng viên" in s]  # the crowd and its hotspot only
    assert {m["Subject"] for m in mailbox.to(INSPECTION)} == {
        "[Cảnh báo] Tố cáo liên quan đảng viên, nhân sự đại hội — Đất đai, Dự án khu dân cư số 3, Tổ dân phố 5"
    }
    assert len(mailbox.to(PARTY)) == 2  # the critical crowd and the Party-personnel denunciation
    assert any("Quá hạn giải quyết" in m["Subject"] for m in mailbox.to(OFFICE))
    for _rcpt, mail in mailbox.messages:
        text = mail.as_string() + mail.get_content()
        for value in (NAME, ID_NUMBER, PHONE, ADDRESS):
            assert value not in text


def test_a_server_down_is_retried_and_each_address_written_once(runtime, client, clock, smtp_server, senders):
    give_addresses(client)
    publish_roster(runtime)
    smtp_server.stop()
    visit(runtime, headcount=7)
    pump_deliveries(runtime.uow, senders, clock)
    rows = {r.receiver: r for r in email_rows(runtime)}
    assert {r.outcome for r in rows.values()} == {"retrying"}
    assert "không gửi được thư" in rows["police"].last_error

    smtp_server.start()
    smtp_server.mailbox.refuse = {POLICE_ON_CALL: "451 4.3.0 Hộp thư tạm thời bận"}
    clock.advance(seconds=2)
    pump_deliveries(runtime.uow, senders, clock)
    rows = {r.receiver: r for r in email_rows(runtime)}
    assert rows["police"].outcome == "retrying"
    assert rows["police"].last_status == 451
    assert rows["ward_office"].outcome == "delivered"

    smtp_server.mailbox.refuse = {}
    clock.advance(seconds=4)
    pump_deliveries(runtime.uow, senders, clock)
    clock.advance(minutes=10)
    pump_deliveries(runtime.uow, senders, clock)  # nothing left to send
    mailbox = smtp_server.mailbox
    assert [len(mailbox.to(a)) for a in (POLICE_DESK, POLICE_ON_CALL, OFFICE)] == [1, 1, 1]
    police = next(r for r in email_rows(runtime) if r.receiver == "police")
    assert (police.outcome, police.attempts) == ("delivered", 3)
    assert [entry.get("sent_to") for entry in police.log] == [None, [POLICE_DESK], [POLICE_ON_CALL]]


def test_a_worker_killed_after_claiming_sends_once_after_the_lease(runtime, client, clock, smtp_server, senders):
    give_addresses(client)
    visit(runtime, headcount=7)
    with runtime.uow() as uow:  # a worker claims the round, then dies before sending
        assert uow.deliveries.claim_due(clock(), LEASE, 200)
        uow.commit()
    assert pump_deliveries(runtime.uow, senders, clock) == 0  # another worker leaves leased deliveries alone
    assert smtp_server.mailbox.messages == []
    clock.advance(seconds=LEASE.total_seconds())
    pump_deliveries(runtime.uow, senders, clock)
    clock.advance(minutes=5)
    pump_deliveries(runtime.uow, senders, clock)
    assert [len(smtp_server.mailbox.to(a)) for a in (POLICE_DESK, OFFICE)] == [1, 1]


class DiesAfterAccepted(EmailSender):
    """The server accepts the first address of a notice to `at_least` addresses, then the worker is killed: before
    the database records that address, or (`recorded`) right after."""

    def __init__(self, base: EmailSender, recorded: bool, at_least: int = 1) -> None:
        super().__init__(base.smtp, base.texts)
        self.recorded, self.at_least = recorded, at_least

    def send(self, delivery_id: str, recipients: Any, text: Any, on_accepted: Any = None) -> Any:
        if len(recipients) < self.at_least:
            return super().send(delivery_id, recipients, text, on_accepted)

        def killed(address: str) -> None:
            if self.recorded:
                on_accepted(address)
            raise SystemExit("worker killed")

        return super().send(delivery_id, recipients, text, killed)


def dying(senders: Senders, recorded: bool, at_least: int = 1) -> Senders:
    assert senders.email is not None
    return Senders(WebhookSender(), None, email=DiesAfterAccepted(senders.email, recorded, at_least))


def test_a_worker_killed_between_two_addresses_writes_the_first_once(runtime, client, clock, smtp_server, senders):
    give_addresses(client)
    publish_roster(runtime)  # the police's notice goes to the desk and to Mai Đức Lộc on call
    visit(runtime, headcount=7)
    with pytest.raises(SystemExit):
        pump_deliveries(runtime.uow, dying(senders, recorded=True, at_least=2), clock)
    assert len(smtp_server.mailbox.messages) in (1, 2)  # the ward office's may have gone first
    clock.advance(seconds=LEASE.total_seconds())
    pump_deliveries(runtime.uow, senders, clock)
    clock.advance(minutes=5)
    pump_deliveries(runtime.uow, senders, clock)
    assert [len(smtp_server.mailbox.to(a)) for a in (POLICE_DESK, POLICE_ON_CALL, OFFICE)] == [1, 1, 1]
    police = next(r for r in email_rows(runtime) if r.receiver == "police")
    assert (police.outcome, police.attempts) == ("delivered", 2)
    first, second = police.log
    assert (first["error"], first["sent_to"]) == (INTERRUPTED, [POLICE_DESK])
    assert (second["status"], second["sent_to"]) == (250, [POLICE_ON_CALL])


def test_a_worker_killed_after_writing_every_address_sends_none_again(runtime, client, clock, smtp_server, senders):
    give_addresses(client)
    visit(runtime, headcount=7)
    with pytest.raises(SystemExit):
        pump_deliveries(runtime.uow, dying(senders, recorded=True), clock)
    clock.advance(seconds=LEASE.total_seconds())
    pump_deliveries(runtime.uow, senders, clock)
    clock.advance(minutes=5)
    pump_deliveries(runtime.uow, senders, clock)
    assert [len(smtp_server.mailbox.to(a)) for a in (POLICE_DESK, OFFICE)] == [1, 1]
    assert {r.outcome for r in email_rows(runtime)} == {"delivered"}


def test_a_worker_killed_before_recording_an_accepted_address_resends_the_same_message_id(
    runtime, client, clock, smtp_server, senders
):
    give_addresses(client)
    visit(runtime, headcount=7)
    with pytest.raises(SystemExit):
        pump_deliveries(runtime.uow, dying(senders, recorded=False), clock)
    (first,) = smtp_server.mailbox.messages
    clock.advance(seconds=LEASE.total_seconds())
    pump_deliveries(runtime.uow, senders, clock)
    clock.advance(minutes=5)
    pump_deliveries(runtime.uow, senders, clock)
    (recipient,) = first[0]
    again = smtp_server.mailbox.to(recipient)
    # the one case no sender can tell apart: the address in flight is written again, with the same Message-ID
    assert len(again) == 2
    assert again[0]["Message-ID"] == again[1]["Message-ID"]
    assert {r.outcome for r in email_rows(runtime)} == {"delivered"}
    assert sum(len(smtp_server.mailbox.to(a)) for a in (POLICE_DESK, OFFICE)) == 3


@pytest.mark.parametrize("tls", ["starttls", "tls"])
def test_an_untrusted_certificate_is_retried_then_sent_once_trusted(runtime, client, clock, tmp_path, tls):
    give_addresses(client)
    server = SmtpServer(tls=tls, certificate=make_certificate(tmp_path / "smtp"))
    server.start()
    try:
        untrusted = server.settings(sender=SENDER, ca_file=make_certificate(tmp_path / "another").ca_file)
        visit(runtime, headcount=7)
        with_untrusted = Senders(WebhookSender(), None, email=EmailSender(untrusted))
        pump_deliveries(runtime.uow, with_untrusted, clock)
        with_untrusted.close()
        rows = {r.receiver: r for r in email_rows(runtime)}
        assert {r.outcome for r in rows.values()} == {"retrying"}
        assert rows["police"].last_error.startswith("TLS: chứng chỉ của máy chủ thư không được tin cậy")
        assert server.mailbox.messages == []

        trusted = Senders(WebhookSender(), None, email=EmailSender(server.settings(sender=SENDER)))
        clock.advance(seconds=2)
        pump_deliveries(runtime.uow, trusted, clock)
        clock.advance(minutes=10)
        pump_deliveries(runtime.uow, trusted, clock)
        trusted.close()
    finally:
        server.stop()
    assert [len(server.mailbox.to(a)) for a in (POLICE_DESK, OFFICE)] == [1, 1]
    assert {(r.outcome, r.attempts) for r in email_rows(runtime)} == {("delivered", 2)}
