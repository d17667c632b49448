"""The reports service's settings: the kit's `Settings` of every service process, and reports' own (environment
variables; each has one line in the README)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import time, timedelta
from importlib.metadata import PackageNotFoundError, version

from tiepdan.kit.config import Settings
from tiepdan.kit.mail import MailSettings
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
    #: the Chairman's addresses: the daily report of a special period is e-mailed to each
    chairman_emails: tuple[str, ...] = ()
    #: the ward office's time to add the situation and proposals before the e-mail leaves
    chairman_mail_after: timedelta = timedelta(minutes=60)
    #: the console's address, for the links in e-mails (none: the e-mail names the API's paths)
    console_url: str = ""
    mail: MailSettings = field(default_factory=MailSettings)

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
                chairman_emails=_addresses(env("TIEPDAN_REPORTS_CHAIRMAN_EMAILS", "")),
                chairman_mail_after=timedelta(minutes=float(env("TIEPDAN_REPORTS_CHAIRMAN_MAIL_AFTER_MIN", "60"))),
                console_url=env("TIEPDAN_REPORTS_CONSOLE_URL", "").rstrip("/"),
                mail=MailSettings.from_env(),
            )
        except ValueError as exc:
            raise ValueError(f"invalid reports setting: {exc}") from exc


def _addresses(listed: str) -> tuple[str, ...]:
    addresses = tuple(address.strip() for address in listed.split(",") if address.strip())
    for address in addresses:
        if "@" not in address:
            raise ValueError(f"TIEPDAN_REPORTS_CHAIRMAN_EMAILS: {address!r} is not an e-mail address")
    return addresses


def report_settings(runtime: Runtime) -> ReportSettings:
    """The runtime's own when it was made with ReportSettings, otherwise read once per process; tests put their own
    in `runtime.state["reports"]`."""
    settings = runtime.state.get("reports")
    if isinstance(settings, ReportSettings):
        return settings
    settings = runtime.settings if isinstance(runtime.settings, ReportSettings) else ReportSettings.from_env()
    runtime.state["reports"] = settings
    return settings
