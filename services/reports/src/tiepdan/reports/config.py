"""The reports service's settings: the kit's `Settings` of every service process, and reports' own (environment
variables; each has one line in the README)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import time
from importlib.metadata import PackageNotFoundError, version

from tiepdan.kit.config import Settings
from tiepdan.kit.service import Runtime
from tiepdan.reports.domain.periods import CutOffRule
from tiepdan.reports.domain.reception import DEFAULT_GROUP_THRESHOLD


def _generator() -> str:
    try:
        return f"tiepdan-reports {version('tiepdan-reports')}"
    except PackageNotFoundError:
        return "tiepdan-reports (source)"


GENERATOR = _generator()


@dataclass(frozen=True)
class ReportSettings(Settings):
    service: str = "reports"
    group_threshold: int = DEFAULT_GROUP_THRESHOLD
    cut_off: CutOffRule = field(default_factory=CutOffRule)
    #: ward time at which the day's `daily` report (special periods) and periodic reports after a cut-off are made
    daily_at: time = time(17, 30)
    schedule_interval_s: float = 60.0
    delivery_interval_s: float = 15.0
    webhook_url: str = ""
    webhook_secret: str = ""

    @classmethod
    def from_env(cls, service: str = "reports") -> ReportSettings:
        env = os.environ.get
        try:
            return cls(
                **vars(Settings.from_env(service)),
                group_threshold=int(env("TIEPDAN_REPORTS_GROUP_THRESHOLD", str(DEFAULT_GROUP_THRESHOLD))),
                cut_off=CutOffRule(int(env("TIEPDAN_REPORTS_CUTOFF_DAY", "15"))),
                daily_at=time.fromisoformat(env("TIEPDAN_REPORTS_DAILY_AT", "17:30")),
                schedule_interval_s=float(env("TIEPDAN_REPORTS_SCHEDULE_INTERVAL_S", "60")),
                delivery_interval_s=float(env("TIEPDAN_REPORTS_DELIVERY_INTERVAL_S", "15")),
                webhook_url=env("TIEPDAN_REPORTS_WEBHOOK_URL", ""),
                webhook_secret=env("TIEPDAN_REPORTS_WEBHOOK_SECRET", ""),
            )
        except ValueError as exc:
            raise ValueError(f"invalid reports setting: {exc}") from exc


def report_settings(runtime: Runtime) -> ReportSettings:
    """The runtime's own when it was made with ReportSettings, otherwise read once per process; tests put their own
    in `runtime.state["reports"]`."""
    settings = runtime.state.get("reports")
    if isinstance(settings, ReportSettings):
        return settings
    settings = runtime.settings if isinstance(runtime.settings, ReportSettings) else ReportSettings.from_env()
    runtime.state["reports"] = settings
    return settings
