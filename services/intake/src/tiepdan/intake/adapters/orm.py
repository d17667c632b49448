"""The intake service's tables (its own database; the kit adds outbox, inbox and idempotency tables).

Citizens' identity fields are stored encrypted (see identity_vault); `id_digest` is the keyed blind index.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    event,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from tiepdan.kit.db import BigId, UnitOwned, UTCDateTime, service_metadata, unit_without_own_index


class Base(DeclarativeBase):
    metadata = service_metadata()


class CaseRow(UnitOwned, Base):
    __tablename__ = "cases"
    unit: Mapped[str] = unit_without_own_index()  # ix_cases_link leads with it (intake_0004)
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    field: Mapped[str] = mapped_column(String(30))
    subject: Mapped[str] = mapped_column(String(300))
    subject_key: Mapped[str] = mapped_column(String(300))
    area: Mapped[str] = mapped_column(String(200))
    party_related: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(20), index=True)
    outcome: Mapped[str | None] = mapped_column(String(20))
    last_action: Mapped[str | None] = mapped_column(String(20))
    complaint_round: Mapped[int] = mapped_column(Integer, default=1)
    complex: Mapped[bool] = mapped_column(Boolean, default=False)
    several_places: Mapped[bool] = mapped_column(Boolean, default=False)
    competent: Mapped[bool | None] = mapped_column(Boolean)
    processable: Mapped[bool] = mapped_column(Boolean, default=True)
    eligible: Mapped[bool] = mapped_column(Boolean, default=True)
    extensions: Mapped[int] = mapped_column(Integer, default=0)
    received_on: Mapped[date] = mapped_column(Date)
    accepted_on: Mapped[date | None] = mapped_column(Date)
    suspended_on: Mapped[date | None] = mapped_column(Date)
    to_agency: Mapped[str | None] = mapped_column(String(300))
    decision_no: Mapped[str | None] = mapped_column(String(100))
    refusal_code: Mapped[str | None] = mapped_column(String(40))
    refusal_notice_no: Mapped[str | None] = mapped_column(String(100))
    deadlines: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: Earliest watched deadline date, so the timer and `overdue=true` filter in SQL.
    next_due: Mapped[date | None] = mapped_column(Date, index=True)
    #: The case this one was merged into (status `merged`): reads of it answer 301 to that case.
    merged_into: Mapped[str | None] = mapped_column(String(36))
    visit_count: Mapped[int] = mapped_column(Integer, default=0)
    petition_count: Mapped[int] = mapped_column(Integer, default=0)
    first_visit_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # legal rules (intake_0007): filing limit, voter list, election hold, congress personnel, false name, group
    filing: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    filing_late: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    voter_list: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    about_candidate: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    election_hold: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    forward_after: Mapped[date | None] = mapped_column(Date)
    congress_personnel: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    false_name_reason: Mapped[str | None] = mapped_column(Text)
    complainants: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    withdrawn_persons: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (
        Index("ix_cases_link", "unit", "field", "subject_key"),
        # the console's lists and counts (intake_0010)
        Index("ix_cases_received_on", "received_on"),
        Index("ix_cases_complainants", "complainants"),
        Index("ix_cases_complex", "seq", postgresql_where=text("complex"), sqlite_where=text("complex")),
    )


class CaseHistoryRow(UnitOwned, Base):
    """Append-only: rows are inserted, never updated or deleted (guarded below and by a PostgreSQL trigger)."""

    __tablename__ = "case_history"
    unit: Mapped[str] = unit_without_own_index()  # read by case (intake_0005)
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"))  # ix_case_history_case_seq leads with it (intake_0013)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(120))
    actor_name: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (Index("ix_case_history_case_seq", "case_id", "seq"),)  # a case's latest entry (intake_0010)


class VisitRow(UnitOwned, Base):
    __tablename__ = "visits"
    unit: Mapped[str] = unit_without_own_index()  # ix_visits_unit_day leads with it (intake_0005)
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    reception: Mapped[str] = mapped_column(String(20))
    host_name: Mapped[str | None] = mapped_column(String(200))
    host_staff_id: Mapped[str | None] = mapped_column(String(64))
    headcount: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    field: Mapped[str] = mapped_column(String(30))
    subject: Mapped[str] = mapped_column(String(300))
    area: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    party_related: Mapped[bool] = mapped_column(Boolean)
    is_group: Mapped[bool] = mapped_column(Boolean)
    repeat: Mapped[bool] = mapped_column(Boolean)
    reply_due: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    handled_by: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)
    refusal_code: Mapped[str | None] = mapped_column(String(40))
    refusal_notice_no: Mapped[str | None] = mapped_column(String(100))
    paper_file_ref: Mapped[str | None] = mapped_column(String(100))
    identity_stored: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: The line of the reception register (Mẫu 03): continuous within `register_year`, given once (timers).
    register_year: Mapped[int | None] = mapped_column(Integer)
    register_no: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_visits_unit_day", "unit", "received_on"),
        Index("uq_visits_register_no", "unit", "register_year", "register_no", unique=True),
    )


class PetitionRow(UnitOwned, Base):
    __tablename__ = "petitions"
    unit: Mapped[str] = unit_without_own_index()  # ix_petitions_unit_day leads with it (intake_0005)
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    received_on: Mapped[date] = mapped_column(Date, index=True)
    sender_agency: Mapped[str | None] = mapped_column(String(300))
    signers: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    field: Mapped[str] = mapped_column(String(30))
    subject: Mapped[str] = mapped_column(String(300))
    area: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    party_related: Mapped[bool] = mapped_column(Boolean)
    repeat: Mapped[bool] = mapped_column(Boolean)
    eligible: Mapped[bool] = mapped_column(Boolean)
    processable: Mapped[bool] = mapped_column(Boolean)
    ineligible_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    process_by: Mapped[dict[str, Any]] = mapped_column(JSON)
    paper_file_ref: Mapped[str | None] = mapped_column(String(100))
    identity_stored: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_petitions_unit_day", "unit", "received_on"),)


class CitizenRow(UnitOwned, Base):
    """One person listed at a visit or signing a petition; every identifying field encrypted."""

    __tablename__ = "citizens"
    unit: Mapped[str] = unit_without_own_index()  # read by case, visit, petition or ID digest (intake_0005)
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    #: The case this person came about: with `id_digest`, the repeat-visit index.
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id"), index=True)
    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visits.id"), index=True)
    petition_id: Mapped[str | None] = mapped_column(ForeignKey("petitions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    full_name_enc: Mapped[str] = mapped_column(Text)
    id_number_enc: Mapped[str | None] = mapped_column(Text)
    id_type: Mapped[str | None] = mapped_column(String(20))
    phone_enc: Mapped[str | None] = mapped_column(Text)
    address_enc: Mapped[str | None] = mapped_column(Text)
    representative: Mapped[bool] = mapped_column(Boolean, default=False)
    id_digest: Mapped[str | None] = mapped_column(String(64), index=True)
    #: False for rows stored before the search index existed, until the worker indexes them (service.search_index).
    search_indexed: Mapped[bool] = mapped_column(Boolean, default=True, server_default=false())


class CitizenSearchRow(UnitOwned, Base):
    """The search index: one keyed digest per term a listed citizen can be found by (domain.search), never the term.

    Keyed by the record and the citizen's position on it; `case_id` follows the record when cases merge."""

    __tablename__ = "citizen_search"
    unit: Mapped[str] = unit_without_own_index()  # ix_citizen_search_unit_digest leads with it
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(String(36), index=True)
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    position: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64))

    __table_args__ = (Index("ix_citizen_search_unit_digest", "unit", "digest"),)


class IdentityReadRow(UnitOwned, Base):
    """Access audit: every time a denouncer's identity was shown, to whom and through which read."""

    __tablename__ = "identity_reads"
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(120))
    actor_name: Mapped[str] = mapped_column(String(200))
    roles: Mapped[list[str]] = mapped_column(JSON)
    case_id: Mapped[str] = mapped_column(String(36), index=True)
    record_id: Mapped[str] = mapped_column(String(36))
    purpose: Mapped[str] = mapped_column(String(40))


class DeadlineNoticeRow(UnitOwned, Base):
    """One row per (case, deadline, date, notice kind): the timer emits each notice once."""

    __tablename__ = "deadline_notices"
    case_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    deadline: Mapped[str] = mapped_column(String(30), primary_key=True)
    due_on: Mapped[date] = mapped_column(Date, primary_key=True)
    notice: Mapped[str] = mapped_column(String(20), primary_key=True)
    emitted_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RegisterClosureRow(UnitOwned, Base):
    """A day whose register summary was published; a back-dated record removes it so the day is sent again."""

    __tablename__ = "register_closures"
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    day: Mapped[date] = mapped_column(Date)
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    stale: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("uq_register_closures_unit_day", "unit", "day", unique=True),)


class PaperRow(UnitOwned, Base):
    """An issued paper: never changed once written; its PDF and sha256 are what was handed out."""

    __tablename__ = "papers"
    unit: Mapped[str] = unit_without_own_index()  # uq_papers_number leads with it
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    case_id: Mapped[str] = mapped_column(String(36), index=True)
    #: the visit or petition a receipt was given for
    record_id: Mapped[str | None] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    #: per unit, kind and year (paper_counters); a receipt has none: its code identifies it
    number: Mapped[int | None] = mapped_column(Integer)
    #: a receipt's lookup code (domain.papers), the only way citizens reach a case
    code: Mapped[str | None] = mapped_column(String(16))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_by: Mapped[str] = mapped_column(String(200))
    #: the wording as issued (domain.papers.PaperText), the citizen as a placeholder: it names nobody
    text: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: who the paper is addressed to (name, address), encrypted like every identity field
    addressee_enc: Mapped[str | None] = mapped_column(Text)
    #: the file copy's bytes and digest, kept as first rendered: at issue, or a receipt at its first printing
    #: (rendering in the registration would double its time); the same text always renders the same bytes
    sha256: Mapped[str | None] = mapped_column(String(64))
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)

    __table_args__ = (
        Index("uq_papers_code", "code", unique=True),
        Index("uq_papers_number", "unit", "kind", "year", "number", unique=True),
    )


class PaperCounterRow(Base):
    """The last number given per unit, paper kind and year; locked FOR UPDATE while the next paper is written."""

    __tablename__ = "paper_counters"
    unit: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, server_default="0")


class CalendarRow(Base):
    """A unit's working calendar as last published by roster (`roster.calendar.changed`)."""

    __tablename__ = "calendars"
    unit: Mapped[str] = mapped_column(String(64), primary_key=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DutyRow(UnitOwned, Base):
    """Who is on duty when (from `roster.roster.published`), to name the receiving officer of a visit."""

    __tablename__ = "duty"
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    roster_id: Mapped[str] = mapped_column(String(64))
    day: Mapped[date] = mapped_column(Date, index=True)
    shift: Mapped[str] = mapped_column(String(30))
    starts: Mapped[str] = mapped_column(String(5))
    ends: Mapped[str] = mapped_column(String(5))
    staff_id: Mapped[str] = mapped_column(String(64))
    staff_name: Mapped[str] = mapped_column(String(200))
    duty: Mapped[str] = mapped_column(String(30))


# -- coordination (issue 19): a case's planned enforcement, outreach records ------------------------------------------


class EnforcementRow(UnitOwned, Base):
    """A case's planned enforcement (one per case) and the Chairman's decision on its date; `revision` only grows."""

    __tablename__ = "enforcements"
    unit: Mapped[str] = unit_without_own_index()  # ix_enforcements_unit_status_day leads with it
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), unique=True)
    planned_on: Mapped[date] = mapped_column(Date)
    enforcing_unit: Mapped[str] = mapped_column(String(200))
    measure: Mapped[str] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    revision: Mapped[int] = mapped_column(Integer)
    planned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    planned_by: Mapped[str] = mapped_column(String(200))
    previous_planned_on: Mapped[date | None] = mapped_column(Date)
    cleared_reason: Mapped[str | None] = mapped_column(String(20))
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the Chairman's decision on `planned_on` (domain.enforcement.Decision), none once the date changes
    decision: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (Index("ix_enforcements_unit_status_day", "unit", "status", "planned_on", "seq"),)


class OutreachRow(UnitOwned, Base):
    """One talk with citizens (tuyên truyền, vận động): whom as a count and a description, never a person."""

    __tablename__ = "outreach"
    unit: Mapped[str] = unit_without_own_index()  # ix_outreach_unit_seq leads with it
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id"), index=True)
    #: the alerts service's alert about a group at the province or in Hà Nội (an inbound report)
    alert_id: Mapped[str | None] = mapped_column(String(64))
    group_at: Mapped[str | None] = mapped_column(String(20))
    held_at: Mapped[datetime] = mapped_column(UTCDateTime)
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(300))
    topic: Mapped[str] = mapped_column(String(30))
    #: [{staff_id, agency}]: officers of roster's staff list
    talked_by: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    persons: Mapped[int] = mapped_column(Integer)
    audience: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(30))
    notes: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by: Mapped[str] = mapped_column(String(200))

    __table_args__ = (Index("ix_outreach_unit_seq", "unit", "seq"),)


@event.listens_for(CaseHistoryRow, "before_update")
@event.listens_for(CaseHistoryRow, "before_delete")
def _history_is_append_only(_mapper: Any, _connection: Any, _target: CaseHistoryRow) -> None:
    raise RuntimeError("case history is append-only")


# -- response plans (issue 19): handling plans, the leader's directives, tasks and their reports --------------------


class ResponsePlanRow(UnitOwned, Base):
    """A handling plan (phương án xử lý); its alert and case ids as given when it was opened."""

    __tablename__ = "response_plans"
    unit: Mapped[str] = unit_without_own_index()  # ix_response_plans_unit_seq leads with it
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    reason: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    content: Mapped[str | None] = mapped_column(Text)
    field: Mapped[str | None] = mapped_column(String(30))
    subject: Mapped[str | None] = mapped_column(String(300))
    area: Mapped[str | None] = mapped_column(String(200))
    alert_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    case_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    opened_by: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str | None] = mapped_column(String(30))
    closing_note: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by: Mapped[str | None] = mapped_column(String(200))
    #: counted at the closing, as `intake.response_plan.closed` carried them
    tasks_at_close: Mapped[int | None] = mapped_column(Integer)
    tasks_overdue_at_close: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_response_plans_unit_seq", "unit", "seq"),)


class ResponseDirectiveRow(UnitOwned, Base):
    """The leader's directives on a plan, in the order given; only ever added to."""

    __tablename__ = "response_directives"
    unit: Mapped[str] = unit_without_own_index()  # read by plan
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    plan_id: Mapped[str] = mapped_column(ForeignKey("response_plans.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    given_by: Mapped[str] = mapped_column(String(120))
    given_by_name: Mapped[str] = mapped_column(String(200))
    given_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ResponseTaskRow(UnitOwned, Base):
    """A task of a plan, given to an agency (and an officer of it) with its due date."""

    __tablename__ = "response_tasks"
    unit: Mapped[str] = unit_without_own_index()  # read by plan, or by the overdue timer's partial index
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    plan_id: Mapped[str] = mapped_column(ForeignKey("response_plans.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    assignee_agency: Mapped[str] = mapped_column(String(32))
    assignee_staff_id: Mapped[str | None] = mapped_column(String(64))
    given_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    assigned_by: Mapped[str] = mapped_column(String(200))
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_late: Mapped[bool] = mapped_column(Boolean, default=False)
    #: set in the transaction that stages `intake.response_task.overdue`: the task is announced once
    overdue_announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index(
            "ix_response_tasks_unannounced",
            "due_on",
            postgresql_where=text("completed_at IS NULL AND overdue_announced_at IS NULL"),
            sqlite_where=text("completed_at IS NULL AND overdue_announced_at IS NULL"),
        ),
    )


class ResponseTaskReportRow(UnitOwned, Base):
    """Báo cáo kết quả: a report back on a task; only ever added to."""

    __tablename__ = "response_task_reports"
    unit: Mapped[str] = unit_without_own_index()  # read by task
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    task_id: Mapped[str] = mapped_column(ForeignKey("response_tasks.id"), index=True)
    plan_id: Mapped[str] = mapped_column(String(36), index=True)
    notes: Mapped[str] = mapped_column(Text)
    completed: Mapped[bool] = mapped_column(Boolean)
    late: Mapped[bool] = mapped_column(Boolean)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reported_by: Mapped[str] = mapped_column(String(200))


def table_of(model: type[Base]) -> Table:
    """A mapped class's table, as the Table it is (the ORM types `__table__` as any FromClause)."""
    return cast(Table, model.__table__)
