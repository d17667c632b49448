"""The browser harness on a tiny Flask app: Chromium renders it, screenshots are taken at both widths, and axe-core
passes a good page and reports a bad one — under a Content-Security-Policy that forbids inline scripts, as the
console's pages will have."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask, abort

from tiepdan.kit.browser import assert_accessible, assert_fits_width, axe_violations

HEAD = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Tiếp công dân</title></head>"""

PAGES = {
    "good": HEAD
    + """<body><header><p>UBND phường Bách Quang</p></header><main><h1>Tiếp công dân</h1>
<form method="post"><label for="full_name">Họ và tên</label><input id="full_name" name="full_name">
<button type="submit">Ghi nhận</button></form>
<img src="/logo.png" alt="Biểu trưng UBND phường"></main></body></html>""",
    "bad": HEAD
    + """<body><main><h1>Tiếp công dân</h1><img src="/logo.png">
<input name="full_name"><p style="color:#bbb;background:#fff">Hạn giải quyết</p></main></body></html>""",
    "moderate": HEAD
    + """<body><p>Nội dung ngoài mọi vùng trang</p><main><h1>Tiếp công dân</h1></main></body></html>""",
    "wide": HEAD + """<body><main><h1>Bảng rộng</h1><div style="width:1200px">…</div></main></body></html>""",
}


def make_app() -> Flask:
    app = Flask(__name__)

    @app.get("/<name>")
    def show(name: str) -> tuple[str, int, dict[str, str]]:
        if name not in PAGES:
            abort(404)
        return PAGES[name], 200, {"Content-Security-Policy": "script-src 'self'; frame-ancestors 'none'"}

    return app


@pytest.fixture
def site(live_server) -> str:
    return live_server(make_app())


def png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


def test_a_good_page_has_no_violation_and_is_shot_at_both_widths(page, site, screenshots):
    page.goto(f"{site}/good")

    assert page.locator("h1").inner_text() == "Tiếp công dân"
    assert axe_violations(page, impacts=()) == []
    assert_accessible(page)
    desktop, phone = screenshots(page, "good")
    assert png_size(desktop) == (1366, 768)
    assert png_size(phone)[0] == 390
    assert page.viewport_size == {"width": 1366, "height": 768}


def test_axe_reports_the_serious_and_critical_violations_of_a_bad_page_readably(page, site):
    page.goto(f"{site}/bad")

    assert {v["id"] for v in axe_violations(page)} == {"image-alt", "label", "color-contrast"}
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(page)
    report = str(failure.value)
    assert "3 serious or critical accessibility violation(s)" in report
    assert "[critical] image-alt: Images must have alternative text" in report
    assert '<img src="/logo.png">' in report
    assert "[serious] color-contrast" in report


def test_moderate_violations_are_listed_but_do_not_fail(page, site):
    page.goto(f"{site}/moderate")

    assert [v["id"] for v in axe_violations(page, impacts=())] == ["region"]
    assert_accessible(page)


def test_a_page_wider_than_a_phone_fails_the_width_check(page, site):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site}/good")
    assert_fits_width(page)

    page.goto(f"{site}/wide")
    with pytest.raises(AssertionError, match=r"wide is 12\d\d px wide in a 390 px viewport"):
        assert_fits_width(page)


@pytest.mark.slow  # a pytest run of its own, with its own browser
def test_a_failed_test_leaves_a_screenshot_of_its_page(chromium_executable, tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\naddopts = "-p tiepdan.kit.testing -p tiepdan.kit.browser"\n', encoding="utf-8"
    )
    (tmp_path / "test_journey.py").write_text(
        "def test_fails(page):\n"
        "    page.set_content('<h1>Trang lỗi</h1>')\n"
        "    assert False\n\n"
        "def test_passes(page):\n"
        "    page.set_content('<h1>Trang đúng</h1>')\n",
        encoding="utf-8",
    )

    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        env={**os.environ, "TIEPDAN_CHROMIUM": chromium_executable},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert "1 failed, 1 passed" in run.stdout, run.stdout + run.stderr
    shots = sorted(p.name for p in (tmp_path / "var" / "screenshots").iterdir())
    assert shots == ["test_journey.py_test_fails--failed.png"]
