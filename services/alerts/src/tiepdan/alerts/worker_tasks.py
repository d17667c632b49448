"""The worker's periodic tasks: timers (escalation, re-notification), the delivery pump, the calendar watch and
the closing of ended receptions' alerts, each run by one worker replica at a time; the open-alerts gauge, which
every replica exports."""

from __future__ import annotations

from datetime import timedelta

from tiepdan.kit.mail import MailSettings
from tiepdan.kit.service import PeriodicTask, Runtime

from .adapters.amqp_notifier import AmqpSender
from .adapters.email import EmailSender
from .adapters.webhook import WebhookSender
from .config import AlertsSettings, MailTextSettings
from .domain.delivery import RetryPolicy
from .service.calendar_watch import watch_calendars
from .service.clock import Clock
from .service.delivering import Senders, pump_deliveries
from .service.following import close_ended_receptions
from .service.timers import observe_open_alerts, run_timers
from .service.unit_of_work import AlertsUnitOfWork, alerts_work

TIMERS_INTERVAL_S = 5.0
DELIVERIES_INTERVAL_S = 0.5
#: The calendar's end comes 60 days ahead: once an hour is soon enough.
CALENDAR_WATCH_INTERVAL_S = 3600.0
#: A reception's alert stays on the police's board at most this long after the reception ends.
RECEPTIONS_INTERVAL_S = 60.0


def make_periodic_tasks(clock: Clock) -> tuple[PeriodicTask, ...]:
    def timers(runtime: Runtime) -> None:
        with open_uow(runtime) as uow:
            run_timers(uow, clock())
            uow.commit()

    def gauges(runtime: Runtime) -> None:
        with open_uow(runtime) as uow:
            observe_open_alerts(uow)

    def calendars(runtime: Runtime) -> None:
        with open_uow(runtime) as uow:
            watch_calendars(uow, [runtime.settings.unit], clock())
            uow.commit()

    def receptions(runtime: Runtime) -> None:
        with open_uow(runtime) as uow:
            close_ended_receptions(uow, clock())
            uow.commit()

    def deliveries(runtime: Runtime) -> None:
        pump_deliveries(lambda: open_uow(runtime), senders_of(runtime), clock)

    return (
        PeriodicTask("timers", TIMERS_INTERVAL_S, timers),
        PeriodicTask("open-alerts-gauge", TIMERS_INTERVAL_S, gauges, every_replica=True),
        PeriodicTask("deliveries", DELIVERIES_INTERVAL_S, deliveries),
        PeriodicTask("calendar-watch", CALENDAR_WATCH_INTERVAL_S, calendars),
        PeriodicTask("ended-receptions", RECEPTIONS_INTERVAL_S, receptions),
    )


def open_uow(runtime: Runtime) -> AlertsUnitOfWork:
    """An unscoped unit of work of the service (the worker acts for every unit)."""
    return alerts_work(runtime.uow())


def senders_of(runtime: Runtime) -> Senders:
    """One set of senders per process (HTTP keep-alive, one AMQP connection), kept in the runtime's state."""
    senders = runtime.state.get("senders")
    if senders is None:
        settings = runtime.settings
        amqp = AmqpSender(settings.amqp_url, settings.amqp_prefix) if settings.amqp_url else None
        smtp = MailSettings.from_env()
        email = EmailSender(smtp, MailTextSettings.from_env()) if smtp.configured else None
        alerts = AlertsSettings.from_env()
        policy = RetryPolicy(first_delay=timedelta(seconds=alerts.retry_first_delay_s))
        senders = Senders(WebhookSender(), amqp, policy, email=email, lease=timedelta(seconds=alerts.delivery_lease_s))
        runtime.state["senders"] = senders
    return senders
