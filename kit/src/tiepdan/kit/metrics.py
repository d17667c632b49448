"""Prometheus metrics shared by every process; correct under gunicorn's multiprocess mode.

With PROMETHEUS_MULTIPROC_DIR set (gunicorn.conf.py does), each worker writes its own files and `/metrics`
aggregates them; gauges say how to combine per-process values.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client import REGISTRY as DEFAULT_REGISTRY

HTTP_REQUESTS = Counter(
    "tiepdan_http_requests_total", "HTTP requests by route and status", ["service", "method", "route", "status"]
)
HTTP_LATENCY = Histogram(
    "tiepdan_http_request_duration_seconds",
    "HTTP request latency by route",
    ["service", "method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
BUS_PUBLISHED = Counter("tiepdan_bus_published_total", "Events published from the outbox", ["service"])
BUS_PUBLISH_FAILURES = Counter("tiepdan_bus_publish_failures_total", "Failed outbox relay attempts", ["service"])
BUS_CONSUMED = Counter(
    "tiepdan_bus_consumed_total", "Events consumed by outcome (done, duplicate, retry, dead)", ["service", "outcome"]
)
BUS_DEAD_LETTERED = Counter("tiepdan_bus_dead_lettered_total", "Events sent to the dead-letter queue", ["service"])
OUTBOX_PENDING = Gauge(
    "tiepdan_outbox_pending", "Outbox rows not yet published", ["service"], multiprocess_mode="mostrecent"
)
OUTBOX_OLDEST_AGE = Gauge(
    "tiepdan_outbox_oldest_age_seconds",
    "Age of the oldest unpublished outbox row",
    ["service"],
    multiprocess_mode="mostrecent",
)

# Where an event's latency goes, stage by stage (fine buckets: the budget from commit to effect is sub-second).
STAGE_BUCKETS = (
    0.005,
    0.01,
    0.02,
    0.035,
    0.05,
    0.075,
    0.1,
    0.15,
    0.2,
    0.25,
    0.3,
    0.4,
    0.5,
    0.75,
    1,
    2.5,
    5,
    10,
    30,
    60,
)
RELAY_DELAY = Histogram(
    "tiepdan_outbox_relay_delay_seconds",
    "From an outbox row's commit to the relay reading it (read) and to the broker confirming it (confirmed)",
    ["service", "stage"],
    buckets=STAGE_BUCKETS,
)
EVENT_AGE = Histogram(
    "tiepdan_bus_event_age_seconds",
    "Age of a consumed event (since its occurred_at) when its delivery arrived (received) and when its effect "
    "committed (committed)",
    ["service", "stage"],
    buckets=STAGE_BUCKETS,
)


def exposition() -> tuple[bytes, str]:
    """The text exposition: aggregated across processes in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(DEFAULT_REGISTRY), CONTENT_TYPE_LATEST


def mark_process_dead(pid: int) -> None:
    """gunicorn `child_exit` hook: drop a dead worker's live gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(pid)
