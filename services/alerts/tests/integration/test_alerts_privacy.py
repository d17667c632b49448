"""No alert, delivery or event of this service carries a citizen's name, ID number, phone or address.

Whatever reaches the service (personal details tucked into fields it does not read, a province report's
free-text summary, an event the catalogue refuses), none of it comes out: not in the HTTP API, not in the
delivery log and its payloads (webhook or AMQP), not in the events it publishes, not in any table it keeps
(the dead-letter table aside: it keeps a refused message byte for byte for the operator, as a broker's DLQ does).
"""

from __future__ import annotations

import json

from alerts_harness import ORDINARY, consume, envelope, report_body, visit_data
from sqlalchemy import text

from tiepdan.alerts.adapters.orm import Base
from tiepdan.kit.inbox import Outcome
from tiepdan.kit.testing import bearer

NAME = "Trần Văn Bình"
ID_NUMBER = "019085001234"
PHONE = "0912345678"
ADDRESS = "Số 12 ngõ 34 phố Hàng Bông"
IDENTITY = (NAME, ID_NUMBER, PHONE, ADDRESS)


def personal_text(**extra: str) -> dict[str, str]:
    return {
        "summary": f"Ông {NAME}, CCCD {ID_NUMBER}, điện thoại {PHONE}, trú tại {ADDRESS}",
        "host_name": NAME,
        "representative": f"{NAME} ({PHONE})",
        **extra,
    }


def test_no_identity_leaves_the_service(runtime, client):
    for headcount, day in ((6, 0), (4, 1), (3, 2)):
        data = visit_data(headcount=headcount, received_at=ORDINARY.replace(day=10 + day), **personal_text())
        consume(runtime, envelope("intake.visit.registered", data))
    refused = envelope(
        "intake.visit.registered",
        visit_data(headcount=9, citizens=[{"full_name": NAME, "id_number": ID_NUMBER, "phone": PHONE}]),
    )
    assert runtime.processor().process(refused.to_json().encode()).outcome is Outcome.DEAD
    accepted = client.post(
        "/api/v1/inbound-reports", json=report_body(summary=personal_text()["summary"]), headers=bearer("province")
    )
    assert accepted.status_code == 202
    consume(
        runtime,
        envelope("intake.visit.registered", visit_data(kind="denunciation", party_related=True, **personal_text())),
    )
    (timers,) = [t for t in runtime.spec.periodic if t.name == "timers"]
    timers.run(runtime)

    readers = ("clerk", "leader", "police", "party_inspection", "province", "admin")
    alerts = [a for role in readers for a in client.get("/api/v1/alerts", headers=bearer(role)).get_json()["items"]]
    assert {a["kind"] for a in alerts} == {"crowd", "hotspot", "over_level", "party_personnel"}
    leaked_in_api = json.dumps(alerts, ensure_ascii=False)
    logs = [client.get(f"/api/v1/alerts/{a['id']}/deliveries", headers=bearer("leader")).get_json() for a in alerts]
    leaked_in_logs = json.dumps(logs, ensure_ascii=False)
    for value in IDENTITY:
        assert value not in leaked_in_api
        assert value not in leaked_in_logs

    tables = [t.name for t in Base.metadata.sorted_tables] + ["outbox", "inbox", "idempotency_keys"]
    with runtime.sessions() as session:
        for name in tables:
            rows = session.execute(text(f'SELECT * FROM "{name}"')).all()
            dump = json.dumps([[_text(v) for v in row] for row in rows], ensure_ascii=False)
            for value in IDENTITY:
                assert value not in dump, f"{value!r} found in table {name}"
        outbox = session.execute(text("SELECT body FROM outbox")).scalars().all()
    assert outbox, "the service published events"
    for body in outbox:
        for value in IDENTITY:
            assert value not in body


def _text(value: object) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
