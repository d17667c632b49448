"""The receipt a citizen is handed leads to their case: intake's receipt code, looked up on the console's public
page /tra-cuu against the real intake API (no sign-in), shows the matter's state and no person."""

from __future__ import annotations

import re
from collections.abc import Callable

import requests
from conftest import LiveServer

from tiepdan.console.app import SERVICE as CONSOLE
from tiepdan.intake.app import SERVICE as INTAKE
from tiepdan.kit.testing import bearer

VISIT = {
    "reception": "regular",
    "host_name": "Nguyễn Thị Lan",
    "citizens": [{"full_name": "Trần Văn Bình", "id_number": "019085001234", "phone": "0912345678"}],
    "kind": "complaint",
    "field": "land",
    "subject": "Dự án khu dân cư số 3",
    "area": "Tổ dân phố 5",
    "summary": "Đề nghị xem xét lại giá bồi thường đất",
}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def test_a_receipt_code_from_intake_finds_its_case_on_the_public_page(
    serve_platform: Callable[..., LiveServer],
) -> None:
    live = serve_platform(INTAKE, CONSOLE)
    made = requests.post(f"{live.base}/api/v1/visits", json=VISIT, headers=bearer("clerk"), timeout=30)
    assert made.status_code == 201, made.text
    code = made.json()["receipt"]["code"]

    page = requests.get(f"{live.base}/tra-cuu", params={"ma": code}, timeout=30)
    assert page.status_code == 200, page.text
    text = _text(page.text)
    assert 'id="lookup-result"' in text
    assert "Khiếu nại" in text
    assert "Đất đai" in text
    for private in ("Trần Văn Bình", "019085001234", "0912345678", "Đề nghị xem xét lại"):
        assert private not in text
    assert "Set-Cookie" not in page.headers

    wrong_code = code[:-1] + ("A" if code[-1] != "A" else "B")
    wrong = requests.get(f"{live.base}/tra-cuu", params={"ma": wrong_code}, timeout=30)
    unknown = requests.get(f"{live.base}/tra-cuu", params={"ma": "ZZZZ-ZZZZ-ZZZZ-ZZZZ"}, timeout=30)
    assert wrong.status_code == unknown.status_code == 404
    assert _text(wrong.text).replace(wrong_code, "") == _text(unknown.text).replace("ZZZZ-ZZZZ-ZZZZ-ZZZZ", "")
