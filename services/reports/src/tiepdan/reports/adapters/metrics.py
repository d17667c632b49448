"""The reports service's own metrics: which reports were made, how long they took, how deliveries and e-mails went."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

REPORTS_GENERATED = Counter(
    "tiepdan_reports_generated_total", "Report snapshots made, by template and trigger", ["template", "trigger"]
)
REPORT_SECONDS = Histogram(
    "tiepdan_reports_generation_seconds",
    "Time to make a snapshot (figures and files), by template",
    ["template"],
    buckets=(0.1, 0.25, 0.5, 1, 2, 5, 10, 30),
)
DELIVERIES = Counter("tiepdan_reports_deliveries_total", "Webhook deliveries to the province, by outcome", ["outcome"])
MAILS = Counter("tiepdan_reports_mails_total", "Reports e-mailed to the Chairman's addresses, by outcome", ["outcome"])
