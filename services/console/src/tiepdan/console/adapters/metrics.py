"""The console's own metrics (the kit's request metrics cover its pages). No personal data in labels."""

from __future__ import annotations

from prometheus_client import Counter

SIGN_INS = Counter("tiepdan_console_sign_ins_total", "Sign-in attempts by outcome", ["outcome"])
TOKENS_ISSUED = Counter("tiepdan_console_tokens_issued_total", "Access tokens signed", ["kind"])
UPSTREAM_FAILURES = Counter(
    "tiepdan_console_upstream_failures_total", "Calls to a service's API that got no answer", ["service"]
)
