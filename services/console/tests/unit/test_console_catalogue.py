"""Every text the pages show is catalogued, and has its English (tools/english.py writes the compiled catalogue)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tiepdan.console.web.live import KIND_LABELS
from tiepdan.kit.contract import ALERT_KINDS

CONSOLE = Path(__file__).resolve().parents[2]
CATALOGUES = CONSOLE / "src" / "tiepdan" / "console" / "translations"


def _english_tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("console_english", CONSOLE / "tools" / "english.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_page_text_has_english_in_the_committed_catalogue(tmp_path: Path, monkeypatch: object) -> None:
    tool = _english_tool()
    tool.CATALOGUES = tmp_path
    tool.extract()
    with (tmp_path / "messages.pot").open("rb") as handle:
        texts = {str(m.id) for m in read_po(handle) if m.id}
    assert texts, "nothing extracted"
    assert sorted(texts - set(tool.ENGLISH)) == []
    with (CATALOGUES / "en" / "LC_MESSAGES" / "messages.mo").open("rb") as handle:
        compiled = {str(m.id): m.string for m in read_mo(handle) if m.id}
    assert {text: compiled.get(text) for text in texts} == {text: tool.ENGLISH[text] for text in texts}


def test_the_alerts_board_has_a_label_for_every_alert_kind_of_the_contract() -> None:
    assert set(KIND_LABELS) == set(ALERT_KINDS)
