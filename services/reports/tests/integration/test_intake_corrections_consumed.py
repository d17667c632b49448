"""Intake's own events, as its outbox holds them, projected here: a merge and a correction made through intake's API
change Biểu 01/TCD as the forms' rules say (the two services in one process, each with its own database)."""

import json
from datetime import UTC, date, datetime

from cryptography.fernet import Fernet
from sqlalchemy import select

from tiepdan.intake.adapters.identity_vault import IdentityVault
from tiepdan.intake.api.context import CONFIG_KEY
from tiepdan.intake.app import SERVICE as INTAKE
from tiepdan.intake.config import IntakeConfig
from tiepdan.kit.db import outbox_table
from tiepdan.kit.inbox import Outcome
from tiepdan.kit.testing import bearer
from tiepdan.kit.web import create_service_app
from tiepdan.reports.app import SERVICE as REPORTS
from tiepdan.reports.domain.periods import Period

CLERK = bearer("clerk", sub="clerk-1", name="Lê Thanh Mai")
JANUARY = Period(date(2026, 1, 1), date(2026, 1, 31))


def _visit(client, subject, at, name, id_number, headcount=1):
    body = {
        "received_at": at,
        "reception": "regular",
        "headcount": headcount,
        "citizens": [{"full_name": name, "id_number": id_number, "representative": True}],
        "kind": "complaint",
        "field": "land",
        "subject": subject,
        "area": "Tổ dân phố 5",
    }
    response = client.post("/api/v1/visits", json=body, headers=CLERK)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


class Relay:
    """Hands intake's outbox, in order, to the reports consumer (what the outbox relay and the broker do)."""

    def __init__(self, intake, reports):
        self.intake, self.processor, self.after = intake, reports.processor(), 0
        self.bound = set(reports.spec.subscribes)  # the broker delivers only the types reports binds

    def __call__(self):
        with self.intake.engine.connect() as conn:
            rows = conn.execute(
                select(outbox_table.c.seq, outbox_table.c.body)
                .where(outbox_table.c.seq > self.after)
                .order_by(outbox_table.c.seq)
            ).all()
        for seq, body in rows:
            if json.loads(body)["type"] in self.bound:
                assert self.processor.process(body.encode() if isinstance(body, str) else body).outcome is Outcome.DONE
            self.after = seq


def _regular(reports):
    with reports.uow() as uow:
        return uow.figures.reception_figures(None, JANUARY, 5)["bach-quang"].to_dict()["regular"]


def test_a_merge_and_a_correction_in_intake_reach_01_tcd(make_runtime, tmp_path):
    intake = make_runtime(INTAKE, f"sqlite:///{tmp_path / 'intake.db'}")
    intake.state[CONFIG_KEY] = IntakeConfig(
        vault=IdentityVault([Fernet.generate_key().decode()], b"integration-index-key"),
        clock=lambda: datetime(2026, 1, 19, 5, 0, tzinfo=UTC),
    )
    reports = make_runtime(REPORTS, f"sqlite:///{tmp_path / 'reports.db'}")
    relay = Relay(intake, reports)
    client = create_service_app(intake).test_client()
    first = _visit(client, "Dự án khu dân cư số 3", "2026-01-19T08:30:00+07:00", "Trần Văn Bình", "019085001234")
    second = _visit(client, "KDC số 3, khu B", "2026-01-19T09:30:00+07:00", "Lê Văn Cường", "001090000003", 6)
    relay()
    before = _regular(reports)
    assert (before["visits"], before["cases_first"], before["groups"], before["groups_first"]) == (2, 2, 1, 1)

    merged = client.post(
        f"/api/v1/cases/{second['case_id']}/merge",
        json={"into": first["case_id"], "reason": "Cùng một dự án"},
        headers={**CLERK, "Idempotency-Key": "merge-kdc-3"},
    )
    assert merged.status_code == 200, merged.get_data(as_text=True)
    relay()
    after_merge = _regular(reports)
    assert (after_merge["visits"], after_merge["cases_first"], after_merge["groups_first"]) == (2, 1, 0)

    corrected = client.patch(
        f"/api/v1/visits/{second['id']}", json={"reason": "Ghi nhầm số người", "headcount": 2}, headers=CLERK
    )
    assert corrected.status_code == 200, corrected.get_data(as_text=True)
    relay()
    after_correction = _regular(reports)
    assert (after_correction["persons"], after_correction["groups"], after_correction["cases_first"]) == (3, 0, 1)
