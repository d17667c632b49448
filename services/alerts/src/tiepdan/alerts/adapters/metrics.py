"""The alerts service's Prometheus metrics (exposed by the kit's `/metrics`); labels never carry personal data."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

OPEN_ALERTS = Gauge(
    "tiepdan_alerts_open",
    "Active alerts by kind, severity and status (open: nobody has acknowledged it yet; acknowledged)",
    ["kind", "severity", "status"],
    multiprocess_mode="mostrecent",
)
ALERT_LATENCY = Histogram(
    "tiepdan_alerts_event_to_alert_seconds",
    "Time from the source event's occurred_at to the alert raised or updated",
    ["kind"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0),
)
ALERTS_CHANGED = Counter("tiepdan_alerts_changes_total", "Alerts raised or updated, by kind", ["kind", "change"])
DELIVERIES = Counter(
    "tiepdan_alerts_deliveries_total", "Delivery attempts by channel and outcome", ["channel", "outcome"]
)
ESCALATIONS = Counter("tiepdan_alerts_escalations_total", "Escalations by kind and severity", ["kind", "severity"])
