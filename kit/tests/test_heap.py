"""Long-running processes freeze what they loaded, so full collections no longer walk it."""

from __future__ import annotations

import gc
import importlib
from pathlib import Path

import pytest


def test_a_web_worker_freezes_what_it_loaded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # importing the gunicorn settings would otherwise put this test process's metrics in multiprocess mode
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    gunicorn_conf = importlib.import_module("tiepdan.kit.gunicorn_conf")
    gc.unfreeze()
    try:
        gunicorn_conf.post_worker_init(worker=None)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
