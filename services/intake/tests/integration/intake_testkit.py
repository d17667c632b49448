"""Shared test data and helpers of the intake integration tests."""

import json

from cryptography.fernet import Fernet
from sqlalchemy import select

from tiepdan.kit.db import outbox_table
from tiepdan.kit.testing import bearer

FERNET_KEY = Fernet.generate_key().decode()
INDEX_KEY = b"integration-test-index-key"

CLERK = bearer("clerk", sub="clerk-1", name="Lê Thanh Mai")
LEADER = bearer("leader", sub="leader-1", name="Chủ tịch UBND")
POLICE = bearer("police", sub="police-1")
PARTY = bearer("party_inspection", sub="ubkt-1")


def visit_body(**overrides):
    body = {
        "received_at": "2026-01-19T08:30:00+07:00",
        "reception": "regular",
        "host_name": "Nguyễn Thị Lan",
        "headcount": 1,
        "citizens": [
            {
                "full_name": "Trần Văn Bình",
                "id_number": "019085001234",
                "phone": "0912345678",
                "address": "Tổ 5, phường Bách Quang",
                "representative": True,
            }
        ],
        "kind": "complaint",
        "field": "land",
        "subject": "Dự án khu dân cư số 3",
        "area": "Tổ dân phố 5",
        "summary": "Đề nghị xem xét lại giá bồi thường đất",
        "party_related": False,
        "case_id": None,
    }
    body.update(overrides)
    return body


def petition_body(**overrides):
    body = {
        "channel": "post",
        "received_on": "2026-01-16",
        "citizens": [{"full_name": "Phạm Thị Hoa", "id_number": "001190000001", "address": "Tổ 2"}],
        "kind": "complaint",
        "field": "housing",
        "subject": "Cấp phép xây dựng nhà số 12",
        "area": "Tổ 2",
        "summary": "Khiếu nại việc từ chối cấp phép",
    }
    body.update(overrides)
    return body


def outbox(runtime):
    """The events staged so far, in order, as envelopes (dicts)."""
    with runtime.sessions() as session:
        return [json.loads(body) for body in session.scalars(select(outbox_table.c.body).order_by(outbox_table.c.seq))]
