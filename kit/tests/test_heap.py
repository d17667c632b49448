"""Long-running processes freeze what they loaded, so full collections no longer walk it."""

from __future__ import annotations

import gc

from tiepdan.kit import gunicorn_conf


def test_a_web_worker_freezes_what_it_loaded() -> None:
    gc.unfreeze()
    try:
        gunicorn_conf.post_worker_init(worker=None)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
