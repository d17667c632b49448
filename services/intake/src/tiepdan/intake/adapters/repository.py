"""Intake's repositories, one per aggregate, over the unit of work's session (scoped to the caller's units).

Writes nobody reads back before the commit are held for it (`UnitOfWork.write_at_commit`): on PostgreSQL they join
the commit's one statement, elsewhere they run through the session. That choice is made here and nowhere else."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any, cast

import orjson
from sqlalchemy import ARRAY, String, Table, any_, bindparam, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from tiepdan.intake.adapters.identity_vault import IdentityVault
from tiepdan.intake.adapters.orm import (
    CaseHistoryRow,
    CaseRow,
    CitizenRow,
    CitizenSearchRow,
    DeadlineNoticeRow,
    EnforcementRow,
    IdentityReadRow,
    OutreachRow,
    PaperCounterRow,
    PaperRow,
    PetitionRow,
    RegisterClosureRow,
    ResponseDirectiveRow,
    ResponsePlanRow,
    ResponseTaskReportRow,
    ResponseTaskRow,
    VisitRow,
    table_of,
)
from tiepdan.intake.domain.cases import Actor, Case, HistoryEntry, Status
from tiepdan.intake.domain.civic import ElectionHold
from tiepdan.intake.domain.deadlines import Deadline
from tiepdan.intake.domain.enforcement import Clearance, Decision, Enforcement, EnforcementStatus
from tiepdan.intake.domain.filing import Filing
from tiepdan.intake.domain.linking import LinkCandidate, choose_case
from tiepdan.intake.domain.outreach import GroupPlace, Outreach, OutreachFilters, OutreachInput, Speaker, Topic
from tiepdan.intake.domain.outreach import Outcome as OutreachOutcome
from tiepdan.intake.domain.people import Citizen
from tiepdan.intake.domain.records import Petition, Visit
from tiepdan.intake.domain.refusal import Refusal, RefusalReason
from tiepdan.intake.domain.register import DayVisit
from tiepdan.intake.domain.response_plans import (
    Closing,
    Directive,
    Outcome,
    PlanStatus,
    Reason,
    ResponsePlan,
    Task,
    TaskReport,
)
from tiepdan.intake.domain.search import citizen_terms
from tiepdan.intake.domain.vocabulary import Kind
from tiepdan.kit.db import fetch_plain, utcnow
from tiepdan.kit.pagination import paginate
from tiepdan.kit.statement import WriteStatement, ensure_transaction
from tiepdan.kit.uow import OnWork, UnitOfWork

# Statements built once: the registration path runs them on every request (their cache keys are computed once).
# `inline`: the new rows' keys are never read back, so no RETURNING.
INSERT_CASE = insert(table_of(CaseRow)).inline()
INSERT_HISTORY = insert(table_of(CaseHistoryRow)).inline()
INSERT_VISIT = insert(table_of(VisitRow)).inline()
INSERT_PETITION = insert(table_of(PetitionRow)).inline()
INSERT_CITIZENS = insert(table_of(CitizenRow)).inline()
INSERT_SEARCH = insert(table_of(CitizenSearchRow)).inline()
INSERT_PAPER = insert(table_of(PaperRow)).inline()
_cases, _citizens = table_of(CaseRow).c, table_of(CitizenRow).c
#: Cases of a unit that a person (keyed ID digest) came about on a field and folded subject. A Core query, so
#: the unit is filtered here explicitly rather than by the kit's ORM scoping.
_LINKED = (
    select(_cases.id, _cases.opened_at)
    .join_from(table_of(CaseRow), table_of(CitizenRow), _citizens.case_id == _cases.id)
    .where(
        _cases.unit == bindparam("unit"),
        _cases.field == bindparam("field"),
        _cases.subject_key == bindparam("subject_key"),
    )
    .distinct()
)
LINKED_CASES = _LINKED.where(_citizens.id_digest.in_(bindparam("digests", expanding=True)))
#: The same on PostgreSQL with the digests as one array: fixed text, so it runs as driver text (fetch_plain).
LINKED_CASES_PG = _LINKED.where(_citizens.id_digest == any_(bindparam("digests", type_=ARRAY(String))))


#: The encrypted columns of a listed person (identity_vault): re-encrypted together when the keys rotate.
ENCRYPTED = ("full_name_enc", "id_number_enc", "phone_enc", "address_enc")


def case_from_row(row: CaseRow) -> Case:
    return Case(
        id=row.id,
        unit=row.unit,
        kind=Kind(row.kind),
        field=row.field,
        subject=row.subject,
        area=row.area,
        party_related=row.party_related,
        opened_at=row.opened_at,
        received_on=row.received_on,
        status=Status(row.status),
        outcome=row.outcome,
        complaint_round=row.complaint_round,
        complex=row.complex,
        several_places=row.several_places,
        competent=row.competent,
        processable=row.processable,
        eligible=row.eligible,
        extensions=row.extensions,
        accepted_on=row.accepted_on,
        suspended_on=row.suspended_on,
        to_agency=row.to_agency,
        decision_no=row.decision_no,
        refusal=Refusal(RefusalReason(row.refusal_code), row.refusal_notice_no) if row.refusal_code else None,
        deadlines={name: Deadline.from_dict(name, data) for name, data in (row.deadlines or {}).items()},
        visit_count=row.visit_count,
        petition_count=row.petition_count,
        first_visit_at=row.first_visit_at,
        last_action=row.last_action,
        filing=Filing.from_dict(row.filing) if row.filing else None,
        voter_list=row.voter_list,
        about_candidate=row.about_candidate,
        election_hold=ElectionHold.from_dict(row.election_hold) if row.election_hold else None,
        congress_personnel=row.congress_personnel,
        false_name_reason=row.false_name_reason,
        complainants=row.complainants,
        withdrawn_persons=row.withdrawn_persons,
        merged_into=row.merged_into,
    )


def _case_values(case: Case) -> dict[str, Any]:
    watched = case.watched_deadlines()
    return {
        "id": case.id,
        "unit": case.unit,
        "kind": case.kind.value,
        "field": case.field,
        "subject": case.subject,
        "subject_key": case.subject_key,
        "area": case.area,
        "party_related": case.party_related,
        "status": case.status.value,
        "outcome": case.outcome,
        "last_action": case.last_action,
        "complaint_round": case.complaint_round,
        "complex": case.complex,
        "several_places": case.several_places,
        "competent": case.competent,
        "processable": case.processable,
        "eligible": case.eligible,
        "extensions": case.extensions,
        "received_on": case.received_on,
        "accepted_on": case.accepted_on,
        "suspended_on": case.suspended_on,
        "to_agency": case.to_agency,
        "decision_no": case.decision_no,
        "refusal_code": case.refusal.reason_code.value if case.refusal else None,
        "refusal_notice_no": case.refusal.notice_no if case.refusal else None,
        "deadlines": {name: d.to_dict() for name, d in case.deadlines.items()},
        "next_due": min((d.date for d in watched), default=None),
        "visit_count": case.visit_count,
        "petition_count": case.petition_count,
        "first_visit_at": case.first_visit_at,
        "merged_into": case.merged_into,
        "opened_at": case.opened_at,
        "updated_at": utcnow(),
        "filing": case.filing.to_dict() if case.filing else None,
        "filing_late": case.filing_late,
        "voter_list": case.voter_list,
        "about_candidate": case.about_candidate,
        "election_hold": case.election_hold.to_dict() if case.election_hold else None,
        "forward_after": case.election_hold.forward_after if case.election_hold else None,
        "congress_personnel": case.congress_personnel,
        "false_name_reason": case.false_name_reason,
        "complainants": case.complainants,
        "withdrawn_persons": case.withdrawn_persons,
    }


def _history_values(case: Case) -> list[dict[str, Any]]:
    """The case's history entries gathered in this unit of work, as case_history rows."""
    return [
        {
            "unit": case.unit,
            "case_id": case.id,
            "at": entry.at,
            "actor": entry.actor,
            "actor_name": entry.actor_name,
            "action": entry.action,
            "from_status": entry.from_status,
            "to_status": entry.to_status,
            "reason": entry.reason,
            "details": entry.details,
        }
        for entry in case.history
    ]


def _visit_values(visit: Visit, received_on: date) -> dict[str, Any]:
    return {
        "id": visit.id,
        "unit": visit.unit,
        "case_id": visit.case_id,
        "received_at": visit.received_at,
        "received_on": received_on,
        "register_year": received_on.year,
        "reception": visit.reception,
        "host_name": visit.host_name,
        "host_staff_id": visit.host_staff_id,
        "headcount": visit.headcount,
        "kind": visit.kind,
        "field": visit.field,
        "subject": visit.subject,
        "area": visit.area,
        "summary": visit.summary,
        "party_related": visit.party_related,
        "is_group": visit.is_group,
        "repeat": visit.repeat,
        "reply_due": visit.reply_due.to_dict() if visit.reply_due else None,
        "handled_by": visit.handled_by,
        "notes": visit.notes,
        "refusal_code": visit.refusal.reason_code.value if visit.refusal else None,
        "refusal_notice_no": visit.refusal.notice_no if visit.refusal else None,
        "paper_file_ref": visit.paper_file_ref,
        "identity_stored": visit.identity_stored,
        "created_by": visit.created_by,
        "created_at": utcnow(),
    }


def _petition_values(petition: Petition) -> dict[str, Any]:
    return {
        "id": petition.id,
        "unit": petition.unit,
        "case_id": petition.case_id,
        "channel": petition.channel,
        "received_on": petition.received_on,
        "sender_agency": petition.sender_agency,
        "signers": petition.signers,
        "kind": petition.kind,
        "field": petition.field,
        "subject": petition.subject,
        "area": petition.area,
        "summary": petition.summary,
        "party_related": petition.party_related,
        "repeat": petition.repeat,
        "eligible": petition.eligible,
        "processable": petition.processable,
        "ineligible_reasons": list(petition.ineligible_reasons),
        "process_by": petition.process_by.to_dict(),
        "paper_file_ref": petition.paper_file_ref,
        "identity_stored": petition.identity_stored,
        "created_by": petition.created_by,
        "created_at": utcnow(),
    }


def _to_json(document: dict[str, Any]) -> str:
    """Dates and datetimes as ISO 8601 with the offset, which PostgreSQL reads (orjson: faster than json)."""
    return orjson.dumps(document).decode()


def _columns(table: Table) -> str:
    return ", ".join(f'"{column.name}"' for column in table.columns if column.name != "seq")


def _insert_from(table: Table, key: str) -> str:
    """Insert the rows under `key` of the arrival's JSON document (a row or an array of rows)."""
    columns = _columns(table)
    return (
        f"INSERT INTO {table.name} ({columns}) SELECT {columns} "
        f"FROM arrival_doc, jsonb_populate_recordset(NULL::{table.name}, arrival_doc.d -> '{key}') RETURNING unit"
    )


def _update_case_from(key: str) -> str:
    table = table_of(CaseRow)
    names = [column.name for column in table.columns if column.name not in ("seq", "id")]
    assignments = ", ".join(f'"{name}" = s."{name}"' for name in names)
    return (
        f"UPDATE cases SET {assignments} FROM arrival_doc, "
        f"jsonb_populate_record(NULL::cases, arrival_doc.d -> '{key}') AS s WHERE cases.id = s.id RETURNING cases.unit"
    )


#: The next line of a unit's reception register in the visit's year (Mẫu 03: continuous within a year, given
#: once). The upsert locks the counter row until the statement commits: concurrent visits of a unit queue there.
#: Its unit is the visit's, which the unit guard checks.
_NEXT_REGISTER_NO = (
    "INSERT INTO paper_counters (unit, kind, year, last) "
    "SELECT d -> 'record' ->> 'unit', 'register', (d -> 'record' ->> 'register_year')::int, 1 FROM arrival_doc "
    "ON CONFLICT (unit, kind, year) DO UPDATE SET last = paper_counters.last + 1 RETURNING last"
)


def _arrival(record_table: Table, new_case: bool) -> tuple[tuple[str, str, bool], ...]:
    """A visit or petition registration's writes as data-modifying CTEs of the commit's one statement (PostgreSQL),
    their values in one JSON parameter (no per-row statement cost in SQLAlchemy and psycopg). The foreign keys
    between these rows are checked at the end of the statement. Each: (name, SQL, whether it writes unit rows).

    The statement runs its CTEs as the unit guard reads them, in this order: the record, which takes the
    register's line, comes after the case and the people, so the counter row is locked for less of the statement."""
    case = (
        f"INSERT INTO cases ({_columns(table_of(CaseRow))}) SELECT {_columns(table_of(CaseRow))} "
        "FROM arrival_doc, jsonb_populate_record(NULL::cases, arrival_doc.d -> 'case') RETURNING unit"
        if new_case
        else _update_case_from("case")
    )
    columns = _columns(record_table)
    numbered: tuple[tuple[str, str, bool], ...] = ()
    if record_table.name == "visits":  # the register's line, in the same statement as the visit
        numbered = (("arrival_register_no", _NEXT_REGISTER_NO, False),)
        values = columns.replace('"register_no"', "(SELECT last FROM arrival_register_no)")
    else:
        values = columns
    record = (
        f"INSERT INTO {record_table.name} ({columns}) SELECT {values} "
        f"FROM arrival_doc, jsonb_populate_record(NULL::{record_table.name}, arrival_doc.d -> 'record') RETURNING unit"
    )
    return (
        ("arrival_doc", "SELECT %(arrival)s::jsonb AS d", False),
        ("arrival_case", case, True),
        ("arrival_history", _insert_from(table_of(CaseHistoryRow), "history"), True),
        ("arrival_citizens", _insert_from(table_of(CitizenRow), "citizens"), True),
        ("arrival_search", _insert_from(table_of(CitizenSearchRow), "search"), True),
        *numbered,
        ("arrival_record", record, True),
    )


_INSERTS = {"visits": INSERT_VISIT, "petitions": INSERT_PETITION}
_ARRIVALS = {
    (table.name, new_case): _arrival(table, new_case)
    for table in (table_of(VisitRow), table_of(PetitionRow))
    for new_case in (True, False)
}
#: Bulk writes whose rows this unit of work does not hold loaded.
_NO_SYNC = {"synchronize_session": False}
_NO_SYNC_OPTIONS: dict[str, Any] = {"execution_options": _NO_SYNC}
_REOPEN_DAY = (
    "UPDATE register_closures SET stale = true WHERE unit = %(reopen_unit)s AND day = %(reopen_day)s RETURNING unit"
)


def search_rows(
    vault: IdentityVault, unit: str, case_id: str, record_id: str, citizens: Sequence[Citizen], first_position: int = 0
) -> list[dict[str, Any]]:
    """The search index rows of a record's citizens: one keyed digest per term (domain.search)."""
    digest = vault.search_digest
    return [
        {"unit": unit, "case_id": case_id, "record_id": record_id, "position": position, "digest": digest(term)}
        for position, citizen in enumerate(citizens, start=first_position)
        for term in sorted(citizen_terms(citizen))
    ]


class CaseRepository(OnWork):
    """Cases and their history."""

    def __init__(self, uow: UnitOfWork) -> None:
        super().__init__(uow)
        #: Case rows loaded in this unit of work: saving them needs no second SELECT.
        self.loaded: dict[str, CaseRow] = {}

    def row(self, case_id: str, for_update: bool = False) -> CaseRow | None:
        query = select(CaseRow).where(CaseRow.id == case_id)
        if for_update:
            ensure_transaction(self.session)
            query = query.with_for_update()
        row = self.session.scalars(query).one_or_none()
        if row is not None:
            self.loaded[case_id] = row
        return row

    def get(self, case_id: str, for_update: bool = False) -> Case | None:
        row = self.row(case_id, for_update)
        return case_from_row(row) if row else None

    def save(self, case: Case) -> None:
        """Insert or update the case and append its new history entries (those it gathered in this unit of work)."""
        values = _case_values(case)
        if self.is_new(case):
            self.session.execute(INSERT_CASE, [values])
        else:  # loaded FOR UPDATE in this unit of work: a plain UPDATE, no ORM row-count check
            table = table_of(CaseRow)
            self.session.execute(update(table).where(table.c.id == case.id).values(**values), **_NO_SYNC_OPTIONS)
        if case.history:
            self.session.execute(INSERT_HISTORY, _history_values(case))
        case.history.clear()

    def is_new(self, case: Case) -> bool:
        """A case that was not loaded in this unit of work is a new one; a loaded one is expired (it changes)."""
        row = self.loaded.get(case.id)
        if row is not None:
            self.session.expire(row)
        return row is None

    def history(self, case_id: str) -> list[HistoryEntry]:
        rows = self.session.scalars(
            select(CaseHistoryRow).where(CaseHistoryRow.case_id == case_id).order_by(CaseHistoryRow.seq)
        )
        return [
            HistoryEntry(r.at, r.actor, r.actor_name, r.action, r.from_status, r.to_status, r.reason, r.details or {})
            for r in rows
        ]

    def linked_case_id(self, unit: str, field: str, subject_key: str, digests: Iterable[str]) -> str | None:
        """The case a repeat visit or petition belongs to, if this person came before on this matter."""
        wanted = sorted(set(digests))
        if not wanted:
            return None
        connection = self._uow.connection()
        params = {"unit": unit, "field": field, "subject_key": subject_key, "digests": wanted}
        if connection.dialect.name == "postgresql":
            rows = fetch_plain(connection, LINKED_CASES_PG, params)
        else:
            rows = list(connection.execute(LINKED_CASES, params))
        return choose_case(LinkCandidate(case_id, opened_at) for case_id, opened_at in rows)

    def due_by(self, horizon: date) -> list[Case]:
        """The cases whose earliest running deadline falls on or before `horizon`, in the order they were opened."""
        query = select(CaseRow).where(CaseRow.next_due.is_not(None), CaseRow.next_due <= horizon)
        return [case_from_row(row) for row in self.session.scalars(query.order_by(CaseRow.seq))]

    def notices_sent(self, case_ids: Sequence[str]) -> set[tuple[str, str, date, str]]:
        """(case, deadline, date, notice) of each deadline notice these cases were given."""
        query = select(DeadlineNoticeRow).where(DeadlineNoticeRow.case_id.in_(case_ids))
        return {(n.case_id, n.deadline, n.due_on, n.notice) for n in self.session.scalars(query)}

    def add_notice(self, case: Case, deadline: Deadline, notice: str) -> None:
        self.session.add(
            DeadlineNoticeRow(
                unit=case.unit,
                case_id=case.id,
                deadline=deadline.name,
                due_on=deadline.date,
                notice=notice,
                emitted_at=utcnow(),
            )
        )

    def by_ids(self, case_ids: Iterable[str]) -> dict[str, CaseRow]:
        ids = sorted(set(case_ids))
        if not ids:
            return {}
        return {row.id: row for row in self.session.scalars(select(CaseRow).where(CaseRow.id.in_(ids)))}


class RecordRepository(OnWork):
    """Visits and petitions with the people they list (encrypted, with their search index rows)."""

    def __init__(self, uow: UnitOfWork, cases: CaseRepository, vault: IdentityVault) -> None:
        super().__init__(uow)
        self._cases = cases
        self.vault = vault

    def add_visit(self, case: Case, visit: Visit, received_on: date) -> None:
        """The visit with its citizens and its line in the register, and its case (inserted or updated) with the
        case's new history: written at the commit."""
        values = _visit_values(visit, received_on)
        citizens = self._citizen_values(visit.unit, visit.case_id, visit.citizens, visit_id=visit.id)
        search = self.search_values(visit.unit, visit.case_id, visit.id, visit.citizens)
        self._add_arrival(case, table_of(VisitRow), values, citizens, search)

    def add_petition(self, case: Case, petition: Petition) -> None:
        """The petition with its citizens, and its case (inserted or updated) with the case's new history: written
        at the commit."""
        values = _petition_values(petition)
        citizens = self._citizen_values(petition.unit, petition.case_id, petition.citizens, petition_id=petition.id)
        search = self.search_values(petition.unit, petition.case_id, petition.id, petition.citizens)
        self._add_arrival(case, table_of(PetitionRow), values, citizens, search)

    def _add_arrival(
        self,
        case: Case,
        record_table: Table,
        record: dict[str, Any],
        citizens: list[dict[str, Any]],
        search: list[dict[str, Any]],
    ) -> None:
        is_new = self._cases.is_new(case)

        def write(statement: WriteStatement | None) -> None:
            if statement is None:
                self._write_arrival(case, record_table, record, citizens, search)
                return
            document = {
                "case": _case_values(case),
                "history": _history_values(case),
                "record": record,
                "citizens": citizens,
                "search": search,
            }
            case.history.clear()
            for number, (name, body, unit_rows) in enumerate(_ARRIVALS[record_table.name, is_new]):
                params = {"arrival": _to_json(document)} if number == 0 else None
                statement.add(name, body, params, unit_rows=unit_rows)

        self._uow.write_at_commit(write)

    def _write_arrival(
        self,
        case: Case,
        record_table: Table,
        record: dict[str, Any],
        citizens: list[dict[str, Any]],
        search: list[dict[str, Any]],
    ) -> None:
        """Statement by statement (SQLite, embedded)."""
        self._cases.save(case)
        if record_table.name == "visits":
            number = next_number(self.session, record["unit"], "register", record["register_year"])
            record = {**record, "register_no": number}
        self.session.execute(_INSERTS[record_table.name], [record])
        if citizens:
            self.session.execute(INSERT_CITIZENS, citizens)
        if search:
            self.session.execute(INSERT_SEARCH, search)

    def _citizen_values(
        self,
        unit: str,
        case_id: str,
        citizens: Sequence[Citizen],
        visit_id: str | None = None,
        petition_id: str | None = None,
    ) -> list[dict[str, Any]]:
        encrypt, digest = self.vault.encrypt, self.vault.digest
        return [
            {
                "unit": unit,
                "case_id": case_id,
                "visit_id": visit_id,
                "petition_id": petition_id,
                "position": position,
                "full_name_enc": encrypt(citizen.full_name),
                "id_number_enc": encrypt(citizen.id_number),
                "id_type": citizen.id_type,
                "phone_enc": encrypt(citizen.phone),
                "address_enc": encrypt(citizen.address),
                "representative": citizen.representative,
                "id_digest": digest(citizen.id_number) if citizen.id_number else None,
                "search_indexed": True,
            }
            for position, citizen in enumerate(citizens)
        ]

    def search_values(
        self, unit: str, case_id: str, record_id: str, citizens: Sequence[Citizen], first_position: int = 0
    ) -> list[dict[str, Any]]:
        return search_rows(self.vault, unit, case_id, record_id, citizens, first_position)

    def citizens_of(self, visit_ids: Sequence[str] = (), petition_ids: Sequence[str] = ()) -> dict[str, list[Citizen]]:
        """Decrypted citizens by visit or petition id; call only for records the reader may see in full."""
        found: dict[str, list[Citizen]] = {}
        if not visit_ids and not petition_ids:
            return found
        query = select(CitizenRow).order_by(CitizenRow.position)
        if visit_ids and petition_ids:
            query = query.where(CitizenRow.visit_id.in_(visit_ids) | CitizenRow.petition_id.in_(petition_ids))
        elif visit_ids:
            query = query.where(CitizenRow.visit_id.in_(visit_ids))
        else:
            query = query.where(CitizenRow.petition_id.in_(petition_ids))
        decrypt = self.vault.decrypt
        for row in self.session.scalars(query):
            owner = row.visit_id or row.petition_id or ""
            found.setdefault(owner, []).append(
                Citizen(
                    full_name=decrypt(row.full_name_enc) or "",
                    id_number=decrypt(row.id_number_enc),
                    id_type=row.id_type,
                    phone=decrypt(row.phone_enc),
                    address=decrypt(row.address_enc),
                    representative=row.representative,
                )
            )
        return found

    def representative_flags(
        self, visit_ids: Sequence[str] = (), petition_ids: Sequence[str] = ()
    ) -> dict[str, list[bool]]:
        """Per record, the representative flag of each listed person (what a redacted view still shows)."""
        found: dict[str, list[bool]] = {}
        if not visit_ids and not petition_ids:
            return found
        query = select(CitizenRow.visit_id, CitizenRow.petition_id, CitizenRow.representative).order_by(
            CitizenRow.position
        )
        query = query.where(CitizenRow.visit_id.in_(visit_ids) | CitizenRow.petition_id.in_(petition_ids))
        for visit_id, petition_id, representative in self.session.execute(query):
            found.setdefault(visit_id or petition_id or "", []).append(representative)
        return found

    # corrections and merges ----------------------------------------------------------------------------------
    def row(self, model: type[VisitRow] | type[PetitionRow], record_id: str) -> VisitRow | PetitionRow | None:
        found = self.session.scalars(select(model).where(model.id == record_id)).one_or_none()
        return cast(VisitRow | PetitionRow | None, found)

    def replace_citizens(self, row: VisitRow | PetitionRow, citizens: Sequence[Citizen]) -> None:
        """A record's citizens listed anew (encrypted, with their search index rows)."""
        is_visit = isinstance(row, VisitRow)
        owner = CitizenRow.visit_id if is_visit else CitizenRow.petition_id
        self.session.execute(delete(CitizenRow).where(owner == row.id), execution_options=_NO_SYNC)
        self.session.execute(
            delete(CitizenSearchRow).where(CitizenSearchRow.record_id == row.id), execution_options=_NO_SYNC
        )
        record = {"visit_id": row.id} if is_visit else {"petition_id": row.id}
        if citizens:
            self.session.execute(INSERT_CITIZENS, self._citizen_values(row.unit, row.case_id, citizens, **record))
            self.session.execute(INSERT_SEARCH, self.search_values(row.unit, row.case_id, row.id, citizens))

    def move_to(self, source_id: str, target_id: str) -> dict[str, list[str]]:
        """Every visit, petition, listed citizen and search index row of `source_id` now belongs to `target_id`."""
        moved = {
            "visit_ids": list(self.session.scalars(select(VisitRow.id).where(VisitRow.case_id == source_id))),
            "petition_ids": list(self.session.scalars(select(PetitionRow.id).where(PetitionRow.case_id == source_id))),
        }
        for model in (VisitRow, PetitionRow, CitizenRow, CitizenSearchRow):
            self.session.execute(
                update(model).where(model.case_id == source_id).values(case_id=target_id), execution_options=_NO_SYNC
            )
        return moved

    def visits_of_case(self, case_id: str) -> list[VisitRow]:
        return list(self.session.scalars(select(VisitRow).where(VisitRow.case_id == case_id).order_by(VisitRow.seq)))

    def petitions_of_case(self, case_id: str) -> list[PetitionRow]:
        query = select(PetitionRow).where(PetitionRow.case_id == case_id).order_by(PetitionRow.seq)
        return list(self.session.scalars(query))

    def audit_identity_read(self, unit: str, actor: Actor, case_id: str, record_id: str, purpose: str) -> None:
        self.session.add(
            IdentityReadRow(
                unit=unit,
                at=utcnow(),
                actor=actor.sub,
                actor_name=actor.name,
                roles=sorted(actor.roles),
                case_id=case_id,
                record_id=record_id,
                purpose=purpose,
            )
        )

    def citizen_rows(
        self, after: int, limit: int, *, unindexed_only: bool = False, claim: bool = False
    ) -> list[CitizenRow]:
        """A batch of listed people in the order they were stored, after the sequence number `after`. `claim` skips
        rows another worker holds (PostgreSQL; SQLite has one writer), so two workers take different batches."""
        query = select(CitizenRow).where(CitizenRow.seq > after).order_by(CitizenRow.seq).limit(limit)
        if unindexed_only:
            query = query.where(CitizenRow.search_indexed.is_(False))
        if claim:
            query = query.with_for_update(skip_locked=True)
        return list(self.session.scalars(query))

    def reencrypt(self, row: CitizenRow, rotate: Callable[[str], str]) -> None:
        """A listed person's encrypted fields under the newest identity key."""
        for column in ENCRYPTED:
            token = getattr(row, column)
            if token is not None:
                setattr(row, column, rotate(token))

    def index(self, row: CitizenRow, search: list[dict[str, Any]]) -> None:
        """A listed person's search index rows replaced by `search`."""
        self.session.execute(
            delete(CitizenSearchRow).where(
                CitizenSearchRow.record_id == (row.visit_id or row.petition_id or ""),
                CitizenSearchRow.position == row.position,
            )
        )
        if search:
            self.session.execute(INSERT_SEARCH, search)
        row.search_indexed = True

    def rekey(self, row: CitizenRow, id_digest: str | None) -> None:
        """A listed person's ID digest (links to earlier cases) recomputed under the index key."""
        row.id_digest = id_digest

    def visits_between(self, start: date, end: date) -> list[VisitRow]:
        query = (
            select(VisitRow)
            .where(VisitRow.received_on >= start, VisitRow.received_on <= end)
            .order_by(VisitRow.received_at, VisitRow.seq)
        )
        return list(self.session.scalars(query))


class PaperRepository(OnWork):
    """Papers issued on cases (receipts, notices, slips); a paper is inserted once, never updated but for its file."""

    def __init__(self, uow: UnitOfWork) -> None:
        super().__init__(uow)

    def next_number(self, unit: str, kind: str, year: int) -> int:
        """The next number of a unit's kind of paper in a year. The UPDATE locks the counter row until this unit of
        work ends (as FOR UPDATE would): a concurrent issue waits, then counts on from the committed value, and a
        rolled-back issue gives its number back, so numbers stay gapless and unique."""
        ensure_transaction(self.session)
        return next_number(self.session, unit, kind, year)

    def add(self, values: dict[str, Any]) -> None:
        """Written at the commit (on PostgreSQL in the commit's one statement)."""

        def write(statement: WriteStatement | None) -> None:
            if statement is None:
                self.session.execute(INSERT_PAPER, [values])
                return
            names = list(values)
            placeholders = ", ".join(
                f"%(paper_{name})s::json" if name == "text" else f"%(paper_{name})s" for name in names
            )
            columns = ", ".join(f'"{name}"' for name in names)
            params = {f"paper_{name}": value for name, value in values.items()}
            params["paper_text"] = _to_json(values["text"])
            statement.add("paper_row", f"INSERT INTO papers ({columns}) VALUES ({placeholders}) RETURNING unit", params)

        self._uow.write_at_commit(write)

    def keep_file(self, row: PaperRow, pdf: bytes, sha256: str) -> None:
        """A receipt's file copy, rendered at its first printing: written once (the same text renders the same
        bytes, so a concurrent first printing writes what this one would)."""
        table = table_of(PaperRow)
        self.session.execute(
            update(table).where(table.c.id == row.id, table.c.pdf.is_(None)).values(pdf=pdf, sha256=sha256),
            execution_options=_NO_SYNC,
        )
        row.pdf, row.sha256 = pdf, sha256

    def of_case(self, case_id: str) -> list[PaperRow]:
        query = select(PaperRow).where(PaperRow.case_id == case_id).order_by(PaperRow.seq)
        return list(self.session.scalars(query))

    def get(self, paper_id: str) -> PaperRow | None:
        return self.session.scalars(select(PaperRow).where(PaperRow.id == paper_id)).one_or_none()

    def receipt_by_code(self, code: str) -> PaperRow | None:
        return self.session.scalars(select(PaperRow).where(PaperRow.code == code)).one_or_none()


class RegisterRepository(OnWork):
    """The reception register's days already summarised (register_closures)."""

    def __init__(self, uow: UnitOfWork) -> None:
        super().__init__(uow)

    def reopen_day(self, unit: str, day: date) -> None:
        """A record back-dated into a day already summarised: that day's summary is sent again. At the commit."""

        def write(statement: WriteStatement | None) -> None:
            if statement is not None:
                statement.add("reopen_day", _REOPEN_DAY, {"reopen_unit": unit, "reopen_day": day})
                return
            table = table_of(RegisterClosureRow)
            self.session.execute(
                update(table).where(table.c.unit == unit, table.c.day == day).values(stale=True), **_NO_SYNC_OPTIONS
            )

        self._uow.write_at_commit(write)

    def units_with_records(self) -> set[str]:
        """Every unit that received a visit or a petition."""
        visits = select(VisitRow.unit).distinct()
        petitions = select(PetitionRow.unit).distinct()
        return set(self.session.scalars(visits)) | set(self.session.scalars(petitions))

    def days_closed(self, unit: str) -> dict[date, bool]:
        """The unit's summarised days, each with whether it must be summarised again (a record arrived since)."""
        query = select(RegisterClosureRow.day, RegisterClosureRow.stale).where(RegisterClosureRow.unit == unit)
        return {day: stale for day, stale in self.session.execute(query)}

    def first_day(self, unit: str) -> date | None:
        """The day of the unit's first visit or petition, if it had one."""
        first_visit = self.session.scalar(select(func.min(VisitRow.received_on)).where(VisitRow.unit == unit))
        first_petition = self.session.scalar(select(func.min(PetitionRow.received_on)).where(PetitionRow.unit == unit))
        return min(filter(None, [first_visit, first_petition]), default=None)

    def day_of(self, unit: str, day: date) -> tuple[list[DayVisit], int]:
        """A day's visits (reception, headcount) and how many petitions it received."""
        visits = select(VisitRow.reception, VisitRow.headcount).where(
            VisitRow.unit == unit, VisitRow.received_on == day
        )
        petitions = select(func.count()).select_from(PetitionRow)
        petitions = petitions.where(PetitionRow.unit == unit, PetitionRow.received_on == day)
        return (
            [DayVisit(reception, headcount) for reception, headcount in self.session.execute(visits)],
            int(self.session.scalar(petitions) or 0),
        )

    def close_day(self, unit: str, day: date) -> int:
        """The day summarised (again): its revision, 1 the first time."""
        query = select(RegisterClosureRow).where(RegisterClosureRow.unit == unit, RegisterClosureRow.day == day)
        closure = self.session.scalars(query).one_or_none()
        if closure is None:
            closure = RegisterClosureRow(unit=unit, day=day, closed_at=utcnow(), revision=1, stale=False)
            self.session.add(closure)
        else:
            closure.revision += 1
            closure.stale = False
            closure.closed_at = utcnow()
        return closure.revision


def next_number(session: Session, unit: str, kind: str, year: int) -> int:
    """Count on a unit's counter of a kind and year (in the caller's transaction, which holds the row's lock)."""
    key = {"unit": unit, "kind": kind, "year": year}
    table = table_of(PaperCounterRow)
    dialect_insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(dialect_insert(table).values(**key, last=0).on_conflict_do_nothing())
    bump = (
        update(table)
        .where(table.c.unit == unit, table.c.kind == kind, table.c.year == year)
        .values(last=table.c.last + 1)
        .returning(table.c.last)
    )
    return int(session.execute(bump).scalar_one())


# -- coordination (issue 19): enforcements and outreach ----------------------------------------------------------------


def enforcement_from_row(row: EnforcementRow) -> Enforcement:
    return Enforcement(
        case_id=row.case_id,
        unit=row.unit,
        planned_on=row.planned_on,
        enforcing_unit=row.enforcing_unit,
        measure=row.measure,
        note=row.note,
        status=EnforcementStatus(row.status),
        revision=row.revision,
        planned_at=row.planned_at,
        planned_by=row.planned_by,
        previous_planned_on=row.previous_planned_on,
        cleared_reason=Clearance(row.cleared_reason) if row.cleared_reason else None,
        cleared_at=row.cleared_at,
        decision=Decision.from_dict(row.decision) if row.decision else None,
    )


def _enforcement_values(enforcement: Enforcement) -> dict[str, Any]:
    return {
        "unit": enforcement.unit,
        "case_id": enforcement.case_id,
        "planned_on": enforcement.planned_on,
        "enforcing_unit": enforcement.enforcing_unit,
        "measure": enforcement.measure,
        "note": enforcement.note,
        "status": enforcement.status.value,
        "revision": enforcement.revision,
        "planned_at": enforcement.planned_at,
        "planned_by": enforcement.planned_by,
        "previous_planned_on": enforcement.previous_planned_on,
        "cleared_reason": enforcement.cleared_reason.value if enforcement.cleared_reason else None,
        "cleared_at": enforcement.cleared_at,
        "decision": enforcement.decision.to_dict() if enforcement.decision else None,
    }


#: Cases only the leader and Party inspection see (a denunciation about a Party member): left out for the others.
_PARTY_RESTRICTED_CASES = select(CaseRow.id).where(CaseRow.kind == Kind.DENUNCIATION.value, CaseRow.party_related)


class EnforcementRepository(OnWork):
    """A case's planned enforcement, one row per case, updated in place (the events keep what it was)."""

    def __init__(self, uow: UnitOfWork) -> None:
        super().__init__(uow)

    def _row(self, case_id: str) -> EnforcementRow | None:
        return self.session.scalars(select(EnforcementRow).where(EnforcementRow.case_id == case_id)).one_or_none()

    def get(self, case_id: str) -> Enforcement | None:
        """Read under the case's lock (the caller holds it): one change to a case's enforcement at a time."""
        row = self._row(case_id)
        return enforcement_from_row(row) if row else None

    def save(self, enforcement: Enforcement) -> None:
        values = _enforcement_values(enforcement)
        row = self._row(enforcement.case_id)
        if row is None:
            self.session.add(EnforcementRow(**values))
            return
        for name, value in values.items():
            setattr(row, name, value)

    def planned(
        self, date_from: date | None, date_to: date | None, page: dict[str, Any], with_party_matters: bool
    ) -> tuple[list[Enforcement], str | None]:
        """Pending enforcements, soonest first (keyset on the date and insertion order)."""
        query = select(EnforcementRow).where(EnforcementRow.status == EnforcementStatus.PLANNED.value)
        if date_from is not None:
            query = query.where(EnforcementRow.planned_on >= date_from)
        if date_to is not None:
            query = query.where(EnforcementRow.planned_on <= date_to)
        if not with_party_matters:
            query = query.where(EnforcementRow.case_id.not_in(_PARTY_RESTRICTED_CASES))
        result = paginate(self.session, query, [EnforcementRow.planned_on, EnforcementRow.seq], page)
        return [enforcement_from_row(row) for row in result["items"]], result["next_cursor"]


def outreach_from_row(row: OutreachRow) -> Outreach:
    details = OutreachInput(
        held_at=row.held_at,
        topic=Topic(row.topic),
        talked_by=tuple(Speaker(s["staff_id"], s["agency"]) for s in row.talked_by),
        persons=row.persons,
        audience=row.audience,
        outcome=OutreachOutcome(row.outcome),
        case_id=row.case_id,
        alert_id=row.alert_id,
        group_at=GroupPlace(row.group_at) if row.group_at else None,
        place=row.place,
        notes=row.notes,
    )
    return Outreach(row.id, row.unit, details, row.held_on, row.recorded_at, row.recorded_by)


class OutreachRepository(OnWork):
    """Outreach records: written once, read by topic."""

    def __init__(self, uow: UnitOfWork) -> None:
        super().__init__(uow)

    def add(self, outreach: Outreach) -> None:
        details = outreach.details
        self.session.add(
            OutreachRow(
                id=outreach.id,
                unit=outreach.unit,
                case_id=details.case_id,
                alert_id=details.alert_id,
                group_at=details.group_at.value if details.group_at else None,
                held_at=details.held_at,
                held_on=outreach.held_on,
                place=details.place,
                topic=details.topic.value,
                talked_by=[{"staff_id": s.staff_id, "agency": s.agency} for s in details.talked_by],
                persons=details.persons,
                audience=details.audience,
                outcome=details.outcome.value,
                notes=details.notes,
                recorded_at=outreach.recorded_at,
                recorded_by=outreach.recorded_by,
            )
        )

    def get(self, outreach_id: str) -> Outreach | None:
        row = self.session.scalars(select(OutreachRow).where(OutreachRow.id == outreach_id)).one_or_none()
        return outreach_from_row(row) if row else None

    def page(self, filters: OutreachFilters, page: dict[str, Any]) -> tuple[list[Outreach], str | None]:
        """Newest first, of the topics given."""
        query = select(OutreachRow).where(OutreachRow.topic.in_(sorted(t.value for t in filters.topics)))
        if filters.case_id is not None:
            query = query.where(OutreachRow.case_id == filters.case_id)
        if filters.topic is not None:
            query = query.where(OutreachRow.topic == filters.topic.value)
        if filters.date_from is not None:
            query = query.where(OutreachRow.held_on >= filters.date_from)
        if filters.date_to is not None:
            query = query.where(OutreachRow.held_on <= filters.date_to)
        result = paginate(self.session, query, [OutreachRow.seq], page, descending=True)
        return [outreach_from_row(row) for row in result["items"]], result["next_cursor"]


# -- response plans (issue 19) ---------------------------------------------------------------------------------------


class ResponsePlanRepository(OnWork):
    """Handling plans with their directives, tasks and the tasks' reports. Directives and reports are only added;
    a task changes when a report completes it or the overdue timer announces it, a plan when it closes."""

    def __init__(self, uow: UnitOfWork) -> None:
        super().__init__(uow)
        #: Rows loaded in this unit of work, changed in place at the commit's flush.
        self._plans: dict[str, ResponsePlanRow] = {}
        self._tasks: dict[str, ResponseTaskRow] = {}

    def get(self, plan_id: str, for_update: bool = False) -> ResponsePlan | None:
        """Locked FOR UPDATE, the plan is the lock its tasks, reports and closing are written under."""
        query = select(ResponsePlanRow).where(ResponsePlanRow.id == plan_id)
        if for_update:
            ensure_transaction(self.session)
            query = query.with_for_update()
        row = self.session.scalars(query).one_or_none()
        if row is None:
            return None
        return self._with_parts([row], details=True)[0]

    def add(self, plan: ResponsePlan) -> None:
        self.session.add(
            ResponsePlanRow(
                id=plan.id,
                unit=plan.unit,
                reason=plan.reason.value,
                title=plan.title,
                content=plan.content,
                field=plan.field,
                subject=plan.subject,
                area=plan.area,
                alert_ids=list(plan.alert_ids),
                case_ids=list(plan.case_ids),
                status=plan.status.value,
                opened_at=plan.opened_at,
                opened_by=plan.opened_by,
            )
        )

    def add_directive(self, plan: ResponsePlan, directive: Directive) -> None:
        self.session.add(
            ResponseDirectiveRow(
                unit=plan.unit,
                plan_id=plan.id,
                text=directive.text,
                given_by=directive.by,
                given_by_name=directive.by_name,
                given_at=directive.at,
            )
        )

    def add_task(self, task: Task) -> None:
        row = ResponseTaskRow(
            id=task.id,
            unit=task.unit,
            plan_id=task.plan_id,
            title=task.title,
            assignee_agency=task.assignee_agency,
            assignee_staff_id=task.assignee_staff_id,
            given_on=task.given_on,
            due_on=task.due_on,
            assigned_at=task.assigned_at,
            assigned_by=task.assigned_by,
            completed_late=False,
        )
        self.session.add(row)
        self._tasks[task.id] = row

    def add_report(self, task: Task, report: TaskReport) -> None:
        """The report, and the task's completion when the report completes it."""
        self.session.add(
            ResponseTaskReportRow(
                id=report.id,
                unit=task.unit,
                task_id=task.id,
                plan_id=task.plan_id,
                notes=report.notes,
                completed=report.completed,
                late=report.late,
                reported_at=report.reported_at,
                reported_by=report.reported_by,
            )
        )
        row = self._tasks[task.id]
        row.completed_at, row.completed_late = task.completed_at, task.completed_late

    def close(self, plan: ResponsePlan) -> None:
        closing = plan.closing
        if closing is None:
            raise ValueError(f"plan {plan.id} is not closed")
        row = self._plans[plan.id]
        row.status, row.outcome, row.closing_note = plan.status.value, closing.outcome.value, closing.note
        row.closed_at, row.closed_by = closing.at, closing.by
        row.tasks_at_close, row.tasks_overdue_at_close = closing.tasks, closing.tasks_overdue

    def page(self, status: str | None, reason: str | None, page: dict[str, Any]) -> tuple[list[ResponsePlan], Any]:
        """Newest first, with their tasks (not their directives and reports)."""
        query = select(ResponsePlanRow)
        if status is not None:
            query = query.where(ResponsePlanRow.status == status)
        if reason is not None:
            query = query.where(ResponsePlanRow.reason == reason)
        result = paginate(self.session, query, [ResponsePlanRow.seq], page, descending=True)
        return self._with_parts(result["items"], details=False), result["next_cursor"]

    def unannounced_overdue(self, today: date) -> list[Task]:
        """Tasks of open plans due before `today`, neither completed nor announced yet (the timer's partial index)."""
        tasks = ResponseTaskRow
        query = (
            select(tasks)
            .join(ResponsePlanRow, ResponsePlanRow.id == tasks.plan_id)
            .where(
                tasks.completed_at.is_(None),
                tasks.overdue_announced_at.is_(None),
                tasks.due_on < today,
                ResponsePlanRow.status == PlanStatus.OPEN.value,
            )
            .order_by(tasks.seq)
        )
        return [_task_from_row(row, []) for row in self.session.scalars(query)]

    def mark_announced(self, task: Task, at: datetime) -> bool:
        """Whether this unit of work marked the task announced: false when a report completed it, or another run
        announced it, since it was read (the UPDATE re-reads the row once a concurrent writer's lock is released)."""
        tasks = ResponseTaskRow
        marked = self.session.execute(
            update(tasks)
            .where(tasks.id == task.id, tasks.completed_at.is_(None), tasks.overdue_announced_at.is_(None))
            .values(overdue_announced_at=at),
            **_NO_SYNC_OPTIONS,
        )
        return bool(getattr(marked, "rowcount", 0) == 1)

    def _with_parts(self, rows: Sequence[ResponsePlanRow], details: bool) -> list[ResponsePlan]:
        ids = [row.id for row in rows]
        if not ids:
            return []
        task_rows = list(
            self.session.scalars(
                select(ResponseTaskRow).where(ResponseTaskRow.plan_id.in_(ids)).order_by(ResponseTaskRow.seq)
            )
        )
        reports: dict[str, list[TaskReport]] = {}
        directives: dict[str, list[Directive]] = {}
        if details:
            query = select(ResponseTaskReportRow).where(ResponseTaskReportRow.plan_id.in_(ids))
            for report in self.session.scalars(query.order_by(ResponseTaskReportRow.seq)):
                reports.setdefault(report.task_id, []).append(
                    TaskReport(
                        report.id, report.notes, report.completed, report.late, report.reported_at, report.reported_by
                    )
                )
            query_directives = select(ResponseDirectiveRow).where(ResponseDirectiveRow.plan_id.in_(ids))
            for entry in self.session.scalars(query_directives.order_by(ResponseDirectiveRow.seq)):
                directives.setdefault(entry.plan_id, []).append(
                    Directive(entry.text, entry.given_by, entry.given_by_name, entry.given_at)
                )
        tasks: dict[str, list[Task]] = {}
        for task_row in task_rows:
            self._tasks[task_row.id] = task_row
            tasks.setdefault(task_row.plan_id, []).append(_task_from_row(task_row, reports.get(task_row.id, [])))
        plans = []
        for row in rows:
            self._plans[row.id] = row
            plans.append(_plan_from_row(row, directives.get(row.id, []), tasks.get(row.id, [])))
        return plans


def _task_from_row(row: ResponseTaskRow, reports: list[TaskReport]) -> Task:
    return Task(
        id=row.id,
        plan_id=row.plan_id,
        unit=row.unit,
        title=row.title,
        assignee_agency=row.assignee_agency,
        assignee_staff_id=row.assignee_staff_id,
        given_on=row.given_on,
        due_on=row.due_on,
        assigned_at=row.assigned_at,
        assigned_by=row.assigned_by,
        completed_at=row.completed_at,
        completed_late=row.completed_late,
        overdue_announced_at=row.overdue_announced_at,
        reports=reports,
    )


def _plan_from_row(row: ResponsePlanRow, directives: list[Directive], tasks: list[Task]) -> ResponsePlan:
    closing = None
    if row.outcome is not None and row.closed_at is not None:
        closing = Closing(
            outcome=Outcome(row.outcome),
            note=row.closing_note or "",
            at=row.closed_at,
            by=row.closed_by or "",
            tasks=row.tasks_at_close or 0,
            tasks_overdue=row.tasks_overdue_at_close or 0,
        )
    return ResponsePlan(
        id=row.id,
        unit=row.unit,
        reason=Reason(row.reason),
        title=row.title,
        content=row.content,
        field=row.field,
        subject=row.subject,
        area=row.area,
        alert_ids=list(row.alert_ids or []),
        case_ids=list(row.case_ids or []),
        opened_at=row.opened_at,
        opened_by=row.opened_by,
        status=PlanStatus(row.status),
        closing=closing,
        directives=directives,
        tasks=tasks,
    )
