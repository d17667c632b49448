"""The kit's JSON provider writes what Flask's own would, byte for byte, only faster."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from flask import Flask
from flask.json.provider import DefaultJSONProvider

from tiepdan.kit.web import FastJSONProvider


@dataclass
class Deadline:
    rule: str
    due: date


VALUES = [
    {"subject": "Đề nghị xem xét lại giá bồi thường đất", "b": 1, "a": [1.5, None, True]},
    {"received_on": date(2026, 2, 12), "at": datetime(2026, 1, 5, 9, 30, tzinfo=UTC)},
    {"deadline": Deadline("visit_reply", date(2026, 2, 27)), "amount": Decimal("12.50"), "id": uuid.UUID(int=7)},
    {2: "non-string keys", 1: {"z": 1, "y": {"x": "Nguyễn Thị Lan"}}},
    ["list", {"at the top": "level"}],
]


@pytest.mark.parametrize("sort_keys", [True, False])
@pytest.mark.parametrize("value", VALUES)
def test_responses_match_flasks_own_provider(value: object, sort_keys: bool) -> None:
    fast_app, plain_app = Flask("fast"), Flask("plain")
    fast_app.json = FastJSONProvider(fast_app)
    for app in (fast_app, plain_app):
        app.json.ensure_ascii = False  # type: ignore[attr-defined]
        app.json.sort_keys = sort_keys  # type: ignore[attr-defined]
    with fast_app.app_context():
        fast = fast_app.json.response(value).get_data()
    with plain_app.app_context():
        plain = plain_app.json.response(value).get_data()
    assert fast == plain


def test_indented_and_ascii_output_is_flasks_own() -> None:
    app = Flask("debug")
    app.json = FastJSONProvider(app)
    app.debug = True
    value = {"b": "Lượt tiếp", "a": 1}
    with app.app_context():
        assert app.json.response(value).get_data() == DefaultJSONProvider(app).response(value).get_data()
