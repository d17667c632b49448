"""gunicorn settings shared by every service.

Run as `gunicorn -c python:tiepdan.kit.gunicorn_conf 'tiepdan.<svc>.app:create_app()'`, or without the app when
TIEPDAN_SERVICE names the service (the image sets it: one Dockerfile for every service, and an exec-form CMD).

Prometheus multiprocess mode needs a clean directory per server start and a `child_exit` hook.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from tiepdan.kit.heap import freeze_loaded
from tiepdan.kit.metrics import mark_process_dead

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104 — inside a pod
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
accesslog = None
worker_tmp_dir = os.environ.get("GUNICORN_TMP_DIR") or None
# An app given on the command line takes precedence over this one.
if service := os.environ.get("TIEPDAN_SERVICE"):
    wsgi_app = f"tiepdan.{service}.app:create_app()"

if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="tiepdan-metrics-")


def on_starting(server: Any) -> None:
    """Stale files from a previous run would add old counts to the new totals."""
    directory = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink(missing_ok=True)


def post_worker_init(worker: Any) -> None:
    """The worker has loaded the app: what it holds now lives as long as the worker."""
    freeze_loaded()


def child_exit(server: Any, worker: Any) -> None:
    mark_process_dead(worker.pid)
