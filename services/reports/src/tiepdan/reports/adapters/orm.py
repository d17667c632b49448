"""The reports service's tables: projections built from events, and report snapshots (immutable once written).

Projections keep per visit, petition, case change, deadline and alert only what the forms count, never a
citizen's identity. Every projection row is keyed by the id of what it describes (visit, petition, event), so a
redelivered event cannot add it twice.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Index, Integer, LargeBinary, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from tiepdan.kit.db import UnitOwned, UTCDateTime, service_metadata, unit_without_own_index


class Base(DeclarativeBase):
    metadata = service_metadata()


#: From the day a visit's case was first known (its previous visit in the column, or the case's first visit, the
#: earlier) to the visit: a period starting inside that span is the only kind where counting the visit's case
#: needs the visit itself; for every other visit the day counts of `VisitDay` suffice.
KNOWN_SPAN = "daterange(LEAST(prev_column_visit_on, case_first_on), received_on, '[]')"


class VisitFact(UnitOwned, Base):
    """One visit as 01/TCD counts it; `case_first_on` is the ward day of its case's first-ever visit.

    `prev_column_visit_on` is the day of the case's previous visit in the same form column (None for its first
    there): a case counts once in a column over a period through its visit with no earlier one inside the
    period, so the year's report is one pass over an index, with no grouping by case.
    """

    __tablename__ = "visit_facts"
    visit_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # the covering index below starts with unit: the mixin's own single-column index would only slow inserts
    unit: Mapped[str] = mapped_column(String(64), nullable=False)
    case_id: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_on: Mapped[date] = mapped_column(Date)
    reception: Mapped[str] = mapped_column(String(16))
    report_column: Mapped[str] = mapped_column(String(16))
    headcount: Mapped[int] = mapped_column(Integer)
    case_first_on: Mapped[date] = mapped_column(Date)
    is_case_first_visit: Mapped[bool] = mapped_column(Boolean)
    prev_column_visit_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    kind: Mapped[str] = mapped_column(String(20))
    field: Mapped[str] = mapped_column(String(32))
    area: Mapped[str] = mapped_column(String(200))

    __table_args__ = (
        # 01/TCD reads only this index (PostgreSQL index-only scan): unit + day range, then the counted columns
        Index(
            "ix_visit_facts_unit_received_on",
            "unit",
            "received_on",
            postgresql_include=[
                "report_column",
                "headcount",
                "case_first_on",
                "is_case_first_visit",
                "prev_column_visit_on",
            ],
        ),
        # the projection finds a visit's neighbours in its case and column
        Index("ix_visit_facts_case_column", "case_id", "report_column", "received_at", "visit_id"),
        # the visits whose case was known in their column, or at all, on a period's first day (see KNOWN_SPAN)
        Index("ix_visit_facts_known_span", text(KNOWN_SPAN), postgresql_using="gist").ddl_if(dialect="postgresql"),
    )


class VisitDay(UnitOwned, Base):
    """Visits per unit, day, form column and headcount: 01/TCD's counts that do not depend on the period's start.

    The projection adds to it with every visit it records (increments commute, so concurrent consumers never
    overwrite each other's counts). `column_first` counts visits with no earlier visit of their case in the column.
    """

    __tablename__ = "visit_days"
    unit: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_on: Mapped[date] = mapped_column(Date, primary_key=True)
    report_column: Mapped[str] = mapped_column(String(16), primary_key=True)
    headcount: Mapped[int] = mapped_column(Integer, primary_key=True)
    visits: Mapped[int] = mapped_column(Integer)
    case_first_visits: Mapped[int] = mapped_column(Integer)
    column_first: Mapped[int] = mapped_column(Integer)


class VisitTopic(UnitOwned, Base):
    """Visits and persons per unit, day and field or area (`dimension`): the chart's top fields and areas."""

    __tablename__ = "visit_topics"
    unit: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_on: Mapped[date] = mapped_column(Date, primary_key=True)
    dimension: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(200), primary_key=True)
    visits: Mapped[int] = mapped_column(Integer)
    persons: Mapped[int] = mapped_column(Integer)


class PetitionFact(UnitOwned, Base):
    __tablename__ = "petition_facts"
    unit: Mapped[str] = unit_without_own_index()  # read by unit and day: ix_petition_facts_unit_received_on
    petition_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(64), index=True)
    received_on: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20))
    signers: Mapped[int] = mapped_column(Integer)
    headcount: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    field: Mapped[str] = mapped_column(String(32))
    area: Mapped[str] = mapped_column(String(200))
    eligible: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (Index("ix_petition_facts_unit_received_on", "unit", "received_on"),)


class CaseChangeRow(UnitOwned, Base):
    """One case event; the case's state at any day is its latest change by event time."""

    __tablename__ = "case_changes"
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20))
    previous_status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    kind: Mapped[str] = mapped_column(String(20))
    field: Mapped[str] = mapped_column(String(32))
    area: Mapped[str] = mapped_column(String(200))
    competent: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    complaint_round: Mapped[int] = mapped_column(Integer, default=1)
    action: Mapped[str | None] = mapped_column(String(20), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(40), nullable=True)
    #: Names of the deadlines intake watched after the change; NULL for events from before intake sent them.
    watched: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)


class CaseDeadlineRow(UnitOwned, Base):
    """A case's deadline as last set by intake; `set_at` orders competing events."""

    __tablename__ = "case_deadlines"
    unit: Mapped[str] = unit_without_own_index()  # read by unit and due day: ix_case_deadlines_unit_due
    case_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    due: Mapped[date] = mapped_column(Date)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_case_deadlines_unit_due", "unit", "due"),)


class CaseMergeRow(UnitOwned, Base):
    """A case intake merged into another (`intake.case.merged`): its late visits and petitions go there too."""

    __tablename__ = "case_merges"
    unit: Mapped[str] = unit_without_own_index()  # read by case
    case_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    into: Mapped[str] = mapped_column(String(64))
    merged_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AlertFact(UnitOwned, Base):
    __tablename__ = "alert_facts"
    alert_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(20))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_event_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ResponsePlanFact(UnitOwned, Base):
    """A response plan from `intake.response_plan.*`: when it was opened and closed, and its outcome."""

    __tablename__ = "response_plan_facts"
    plan_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(32), nullable=True)
    last_event_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ResponseTaskFact(UnitOwned, Base):
    """A plan's task from `intake.response_task.*`: given, due, reported done (late or not)."""

    __tablename__ = "response_task_facts"
    task_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    plan_id: Mapped[str] = mapped_column(String(64))
    assignee_agency: Mapped[str] = mapped_column(String(64))
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    completed_late: Mapped[bool] = mapped_column(Boolean)
    last_event_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RegisterDay(UnitOwned, Base):
    """Intake's own count of a day (`intake.register.closed`), kept to reconcile against."""

    __tablename__ = "register_days"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    unit: Mapped[str] = mapped_column(String(64), primary_key=True)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON)
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class UnitCalendar(UnitOwned, Base):
    """The unit's copy of roster's calendar: special periods decide when `daily` reports are due."""

    __tablename__ = "calendars"
    unit: Mapped[str] = mapped_column(String(64), primary_key=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReportSnapshot(Base):
    """A generated report. Never updated: a new generation is a new snapshot."""

    __tablename__ = "report_snapshots"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    template: Mapped[str] = mapped_column(String(10))
    period: Mapped[dict[str, Any]] = mapped_column(JSON)
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    #: the units the report covers; None means every unit (a province caller with "*")
    units: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    cut_off: Mapped[datetime] = mapped_column(UTCDateTime)
    generated_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    generator: Mapped[str] = mapped_column(String(80))
    trigger: Mapped[str] = mapped_column(String(16))
    requested_by: Mapped[str] = mapped_column(String(120))
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
    rows: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)


class ReportFile(Base):
    __tablename__ = "report_files"
    report_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    format: Mapped[str] = mapped_column(String(8), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class ScheduledRun(Base):
    """One row per scheduled report made, so the scheduler makes each exactly once even with two workers."""

    __tablename__ = "scheduled_runs"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    report_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Delivery(Base):
    """A report's webhook delivery to the province, retried with back-off."""

    __tablename__ = "report_deliveries"
    report_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    last_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class UnitNameRow(Base):
    """A unit's full name as the forms print it, set by an administrator over the shipped default."""

    __tablename__ = "unit_names"
    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(120))


class ReportAddressee(Base):
    """A report addressed to a person of the ward beside the province: the Chairman's inbox (`recipient`
    "chairman") holds the daily report of each day of a special period."""

    __tablename__ = "report_addressees"
    report_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    recipient: Mapped[str] = mapped_column(String(32), primary_key=True)
    unit: Mapped[str] = mapped_column(String(64))
    #: the report's last day: the inbox lists the latest days first (a worker catching up addresses several at once)
    period_to: Mapped[date] = mapped_column(Date)
    addressed_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_report_addressees_inbox", "recipient", "unit", "period_to", "report_id"),)


class ReportMail(Base):
    """A report e-mailed to one address: one row per report and address, so it is sent once. A worker claims it
    (`sending` until `claimed_until`), sends, then marks it; a claim left by a killed worker lapses and is sent
    again with the same Message-ID."""

    __tablename__ = "report_mails"
    report_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    address: Mapped[str] = mapped_column(String(254), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    message_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    #: the narrative version the message carried (None: sent before the ward office wrote one)
    narrative_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (Index("ix_report_mails_due", "status", "next_attempt_at"),)


class ReportNarrative(Base):
    """The ward office's situation and proposals for a report, one row per edit. The snapshot stays as made; each
    version is signed by `sha256` over the report's files' checksums and its own text, who and when, and keeps
    the paper (the report as a letter, with this text) with its checksum."""

    __tablename__ = "report_narratives"
    report_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    situation: Mapped[str] = mapped_column(Text)
    proposals: Mapped[str] = mapped_column(Text)
    written_by: Mapped[str] = mapped_column(String(120))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sha256: Mapped[str] = mapped_column(String(64))
    paper: Mapped[bytes] = mapped_column(LargeBinary)
    paper_sha256: Mapped[str] = mapped_column(String(64))
