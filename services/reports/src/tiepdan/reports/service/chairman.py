"""Reports to the Chairman: the daily report of a special period goes to the Chairman's inbox and, from the
deployment's own unit, by e-mail to each configured address, once per report and address.

A mail is claimed (`sending`, for a lease), sent outside any transaction, then marked; a failure is retried with
back-off. A worker killed between the server's acceptance and the mark leaves a claim that lapses: the mail is
sent again with the same Message-ID, which the recipient's mail system recognises.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from tiepdan.kit import mail
from tiepdan.kit.db import utcnow
from tiepdan.kit.service import Runtime
from tiepdan.reports.adapters import metrics
from tiepdan.reports.adapters.orm import ReportAddressee, ReportMail, ReportSnapshot
from tiepdan.reports.config import ReportSettings, report_settings
from tiepdan.reports.domain.access import Units
from tiepdan.reports.domain.chairman import CHAIRMAN, chairman_mail
from tiepdan.reports.domain.narrative import Narrative
from tiepdan.reports.domain.schedule import RetrySchedule
from tiepdan.reports.service.narratives import as_narrative, report_paper
from tiepdan.reports.service.unit_of_work import ReportsWork, reports_work
from tiepdan.reports.service.units import display_name, unit_names

log = logging.getLogger(__name__)
RETRIES = RetrySchedule()
#: longer than an SMTP conversation with its timeouts: a claim outliving it means its worker died
MAIL_LEASE = timedelta(minutes=5)
MAIL_BATCH = 20
INBOX_PAGE = "/reports/bao-cao-chu-tich"


def address_to_chairman(uow: ReportsWork, settings: ReportSettings, snapshot: ReportSnapshot, unit: str) -> int:
    """Put the report in the unit's Chairman's inbox, and queue its e-mails (the deployment's own unit, with mail
    configured); returns how many e-mails were queued. The caller commits."""
    now = snapshot.generated_at
    uow.addressees.add(
        ReportAddressee(
            report_id=snapshot.id, recipient=CHAIRMAN, unit=unit, period_to=snapshot.period_to, addressed_at=now
        )
    )
    if unit != settings.unit or not settings.mail.configured:
        return 0
    for address in settings.chairman_emails:
        uow.mails.add(
            ReportMail(
                report_id=snapshot.id,
                address=address,
                status="pending",
                attempts=0,
                next_attempt_at=now + settings.chairman_mail_after,
            )
        )
    return len(settings.chairman_emails)


@dataclass(frozen=True)
class MailStatus:
    address: str
    status: str
    attempts: int
    sent_at: datetime | None
    narrative_version: int | None


@dataclass(frozen=True)
class InboxItem:
    report_id: str
    unit: str
    addressed_at: datetime
    template: str
    period: dict[str, Any]
    figures: dict[str, Any]
    narrative: Narrative | None
    mails: list[MailStatus]


@dataclass(frozen=True)
class InboxPage:
    items: list[InboxItem]
    next_cursor: str | None


def inbox_page(uow: ReportsWork, units: Units, args: Mapping[str, Any]) -> InboxPage:
    """The Chairman's reports of the caller's units, the latest days first, each with the office's latest narrative and
    how its e-mails went."""
    addressed, next_cursor = uow.addressees.page(CHAIRMAN, units, args)
    mails: dict[str, list[MailStatus]] = {}
    for row in uow.mails.of_reports(item.report_id for item in addressed):
        status = MailStatus(row.address, row.status, row.attempts, row.sent_at, row.narrative_version)
        mails.setdefault(row.report_id, []).append(status)
    items = []
    for item in addressed:
        snapshot = uow.snapshots.get(item.report_id)
        if snapshot is None:
            continue
        narrative = uow.narratives.latest(item.report_id)
        items.append(
            InboxItem(
                report_id=item.report_id,
                unit=item.unit,
                addressed_at=item.addressed_at,
                template=snapshot.template,
                period=snapshot.period,
                figures=snapshot.figures,
                narrative=None if narrative is None else as_narrative(narrative),
                mails=mails.get(item.report_id, []),
            )
        )
    return InboxPage(items, next_cursor)


@dataclass(frozen=True)
class Outgoing:
    message: mail.Message
    narrative_version: int | None


def chairman_message(uow: ReportsWork, settings: ReportSettings, report_id: str, address: str) -> Outgoing | None:
    """The e-mail of the report to one address as it stands now: the figures, the latest narrative, the paper
    and the form's PDF attached."""
    snapshot = uow.snapshots.get(report_id)
    if snapshot is None:
        return None
    files = uow.snapshots.files_of(report_id)
    paper = report_paper(uow, snapshot, files)
    narrative = uow.narratives.latest(report_id)
    unit = (snapshot.units or [settings.unit])[0]
    day = date.fromisoformat(snapshot.figures["days"][-1]["date"])
    links = {"Hộp thư báo cáo": f"{settings.console_url}{INBOX_PAGE}"} if settings.console_url else {}
    links["Báo cáo (API)"] = f"/api/v1/reports/{report_id}"
    text = chairman_mail(
        display_name(unit_names(uow), unit),
        day,
        snapshot.figures["days"][-1],
        None if narrative is None else as_narrative(narrative),
        links,
    )
    attachments = [mail.Attachment(f"bao-cao-ngay-{day:%Y%m%d}.pdf", "application/pdf", paper.content)]
    attachments += [
        mail.Attachment(f"bieu-bao-cao-ngay-{day:%Y%m%d}.pdf", file.media_type, file.content)
        for file in files
        if file.format == "pdf"
    ]
    message = mail.Message(
        stable_id=f"reports/{report_id}/{address}",
        to=(address,),
        subject=text.subject,
        text=text.text,
        attachments=attachments,
        headers={"X-TiepDan-Report": report_id},
    )
    return Outgoing(message, paper.narrative_version)


def record_mail(
    uow: ReportsWork, key: tuple[str, str], sent: mail.Sent, narrative_version: int | None, now: datetime
) -> int:
    """The outcome of one sending: sent, retried later, or failed; 1 when sent. A mail no longer claimed (its lease
    lapsed and another worker took it) is left to that worker."""
    row = uow.mails.get(*key)
    if row is None or row.status != "sending":
        return 0
    row.claimed_until, row.last_error, row.message_id = None, sent.error, sent.message_id
    if sent.ok:
        row.status, row.sent_at, row.next_attempt_at, row.narrative_version = "sent", now, None, narrative_version
    elif sent.permanent or row.attempts >= RETRIES.max_attempts:
        row.status, row.next_attempt_at = "failed", None
        log.error("report %s could not be e-mailed to %s: %s", key[0], key[1], sent.error)
    else:
        row.status, row.next_attempt_at = "retrying", now + RETRIES.delay_after(row.attempts)
    metrics.MAILS.labels(row.status).inc()
    uow.commit()
    return int(sent.ok)


def claim_mails(uow: ReportsWork, now: datetime) -> list[tuple[str, str]]:
    claimed = uow.mails.claim_due(now, MAIL_LEASE, MAIL_BATCH)
    uow.commit()
    return claimed


Sender = Callable[[mail.Message, mail.MailSettings], mail.Sent]


def send_chairman_mails(runtime: Runtime, now: datetime | None = None, send: Sender = mail.send) -> int:
    """Claim the due e-mails, send each outside any transaction, record the outcome; returns how many were sent."""
    now = now or utcnow()
    settings = report_settings(runtime)
    with reports_work(runtime.uow()) as uow:
        claimed = claim_mails(uow, now)
    sent_count = 0
    for key in claimed:
        with reports_work(runtime.uow()) as uow:
            outgoing = chairman_message(uow, settings, *key)
        if outgoing is None:
            continue
        sent = send(outgoing.message, settings.mail)
        with reports_work(runtime.uow()) as uow:
            sent_count += record_mail(uow, key, sent, outgoing.narrative_version, now)
    return sent_count
