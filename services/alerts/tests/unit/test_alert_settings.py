"""The worker's delivery lease and retry back-off come from the settings (a deployment, the e2e stack's short ones)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from tiepdan.alerts.config import AlertsSettings
from tiepdan.alerts.worker_tasks import senders_of


def test_the_worker_leases_and_retries_as_configured(monkeypatch):
    monkeypatch.setenv("TIEPDAN_ALERTS_DELIVERY_LEASE_MS", "8000")
    monkeypatch.setenv("TIEPDAN_ALERTS_RETRY_FIRST_DELAY_MS", "500")
    monkeypatch.delenv("TIEPDAN_SMTP_HOST", raising=False)
    monkeypatch.delenv("TIEPDAN_AMQP_URL", raising=False)
    runtime = SimpleNamespace(settings=AlertsSettings.from_env(), state={})
    senders = senders_of(runtime)
    try:
        assert senders.lease == timedelta(seconds=8)
        assert [senders.policy.delay_after(n) for n in (1, 2, 3)] == [timedelta(seconds=s) for s in (0.5, 1, 2)]
    finally:
        senders.close()


def test_by_default_a_minute_lease_and_a_two_second_first_retry(monkeypatch):
    monkeypatch.delenv("TIEPDAN_ALERTS_DELIVERY_LEASE_MS", raising=False)
    monkeypatch.delenv("TIEPDAN_ALERTS_RETRY_FIRST_DELAY_MS", raising=False)
    settings = AlertsSettings.from_env()
    assert (settings.delivery_lease_s, settings.retry_first_delay_s) == (60.0, 2.0)


def test_a_duration_that_is_not_milliseconds_names_the_setting(monkeypatch):
    monkeypatch.setenv("TIEPDAN_ALERTS_DELIVERY_LEASE_MS", "8s")
    with pytest.raises(ValueError, match="TIEPDAN_ALERTS_DELIVERY_LEASE_MS"):
        AlertsSettings.from_env()
