"""The SQL of intake's lists and counts: cases, visits and petitions a page at a time (kit pagination: `limit`,
`cursor`), with what the reader may not see left out in the query (domain.listing: Shown, DenouncersFound)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, distinct, func, select, true, union_all
from sqlalchemy import case as case_
from sqlalchemy.orm import Session, aliased

from tiepdan.intake.adapters.identity_vault import IdentityVault
from tiepdan.intake.adapters.orm import CaseHistoryRow, CaseRow, CitizenSearchRow, PetitionRow, VisitRow
from tiepdan.intake.adapters.repository import case_from_row
from tiepdan.intake.domain.cases import Case
from tiepdan.intake.domain.listing import CaseFilters, CaseQuery, CitizenMatch, DenouncersFound, RecordFilters, Shown
from tiepdan.intake.domain.vocabulary import Kind
from tiepdan.kit.pagination import paginate

Record = TypeVar("Record", VisitRow, PetitionRow)


def _shown(model: type[CaseRow] | type[VisitRow] | type[PetitionRow], shown: Shown) -> list[ColumnElement[bool]]:
    if shown is Shown.EVERY:
        return []
    if shown is Shown.PARTY_MATTERS:
        return [model.party_related.is_(True)]
    return [~((model.kind == Kind.DENUNCIATION.value) & model.party_related.is_(True))]


def _denouncers(found: DenouncersFound) -> ColumnElement[bool]:
    """For a search index row joined to its case and record: whether a denouncer there may be found."""
    if found is DenouncersFound.EVERY:
        return true()
    denunciation = Kind.DENUNCIATION.value
    record_kind = func.coalesce(VisitRow.kind, PetitionRow.kind, "")
    confidential = (CaseRow.kind == denunciation) | (record_kind == denunciation)
    if found is DenouncersFound.ON_PARTY_MATTERS:
        return ~confidential | CaseRow.party_related.is_(True)
    return ~confidential


def _equal_to(filters: CaseFilters) -> list[ColumnElement[bool]]:
    asked = (
        (CaseRow.kind, filters.kind),
        (CaseRow.field, filters.field),
        (CaseRow.area, filters.area),
        (CaseRow.status, filters.status),
    )
    found = [column == value for column, value in asked if value is not None]
    if filters.ids is not None:
        found.append(CaseRow.id.in_(filters.ids))
    return found


def _flagged(query: CaseQuery) -> list[ColumnElement[bool]]:
    """The yes/no filters: each condition, or its negation when the filter asks for "no"."""
    filters, today = query.filters, query.today
    conditions = (
        (filters.election_hold, CaseRow.forward_after.is_not(None)),
        (filters.filing_late, CaseRow.filing_late.is_(True)),
        # The bare column, not `IS TRUE`: only then does PostgreSQL match the partial index `WHERE complex`.
        (filters.complex, CaseRow.complex.expression),
        (filters.group, CaseRow.complainants >= filters.group_threshold),
    )
    found = [condition if wanted else ~condition for wanted, condition in conditions if wanted is not None]
    if filters.overdue is not None:  # a case with no running deadline is not overdue
        found.append(
            CaseRow.next_due < today if filters.overdue else CaseRow.next_due.is_(None) | (CaseRow.next_due >= today)
        )
    return found


def _within(filters: CaseFilters) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    for column, first, last in (
        (CaseRow.received_on, filters.received_from, filters.received_to),
        (CaseRow.next_due, filters.due_from, filters.due_to),
    ):
        if first is not None:
            found.append(column >= first)
        if last is not None:
            found.append(column <= last)
    return found


def _record_query(model: type[Record], filters: RecordFilters, shown: Shown) -> Select[Any]:
    query = select(model).where(*_shown(model, shown))
    if filters.date_from is not None:
        query = query.where(model.received_on >= filters.date_from)
    if filters.date_to is not None:
        query = query.where(model.received_on <= filters.date_to)
    for name in ("kind", "field", "area", "case_id", "reception", "channel", "eligible"):
        value = getattr(filters, name)
        if value is not None and hasattr(model, name):
            query = query.where(getattr(model, name) == value)
    return query


class CaseQueries:
    """Pages and counts of cases, visits and petitions, over the unit of work's session (scoped to its units)."""

    def __init__(self, session: Session, vault: IdentityVault) -> None:
        self.session = session
        self.vault = vault

    def case_page(self, query: CaseQuery, page: dict[str, Any], *, by_due: bool = False) -> tuple[list[Case], Any]:
        """Newest first (keyset on the insertion sequence), or soonest running deadline first (`by_due`, cases
        without one left out)."""
        cases = self._cases(query)
        if by_due:
            result = paginate(
                self.session, cases.where(CaseRow.next_due.is_not(None)), [CaseRow.next_due, CaseRow.seq], page
            )
        else:
            result = paginate(self.session, cases, [CaseRow.seq], page, descending=True)
        return [case_from_row(row) for row in result["items"]], result["next_cursor"]

    def case_counts(self, query: CaseQuery, by: Sequence[str]) -> list[dict[str, Any]]:
        """How many cases per value of each dimension in `by` (domain.listing.COUNT_DIMENSIONS; `officer` is who
        last acted on the case), one group each; with no dimension, one group of all."""
        filtered = self._cases(query).subquery()
        case = aliased(CaseRow, filtered)
        today = query.today
        due = case_(
            (case.next_due < today, "overdue"), (case.next_due == today, "today"), (case.next_due > today, "later")
        )
        officer = (
            select(CaseHistoryRow.actor_name)
            .where(CaseHistoryRow.case_id == case.id)
            .order_by(CaseHistoryRow.seq.desc())
            .limit(1)
            .correlate(filtered)
            .scalar_subquery()
        )
        columns = {"kind": case.kind, "field": case.field, "status": case.status, "officer": officer, "due": due}
        keys: list[Any] = [columns[name].label(name) for name in by]
        counted = select(*keys, func.count().label("count")).select_from(case)
        if keys:
            counted = counted.group_by(*keys)
        return [dict(row._mapping) for row in self.session.execute(counted)]

    def counts_by_unit_and_kind(
        self, *, statuses: Sequence[str] | None = None, due_before: date | None = None
    ) -> dict[tuple[str, str], int]:
        """How many cases each unit has of each kind, among those in `statuses` or with a deadline before
        `due_before` (every unit's: a gauge for operations, no reader's view)."""
        query = select(CaseRow.unit, CaseRow.kind, func.count()).group_by(CaseRow.unit, CaseRow.kind)
        if statuses is not None:
            query = query.where(CaseRow.status.in_(statuses))
        if due_before is not None:
            query = query.where(CaseRow.next_due < due_before)
        return {(unit, kind): count for unit, kind, count in self.session.execute(query)}

    def officers_of(self, case_ids: Sequence[str]) -> dict[str, str]:
        """Who last acted on each case (its history's latest entry): the officer the case is with."""
        if not case_ids:
            return {}
        entries = (
            select(CaseHistoryRow.case_id, CaseHistoryRow.actor_name)
            .where(CaseHistoryRow.case_id.in_(case_ids))
            .order_by(CaseHistoryRow.seq)
        )
        return {case_id: name for case_id, name in self.session.execute(entries)}  # the latest entry wins

    def visit_page(self, filters: RecordFilters, shown: Shown, page: dict[str, Any]) -> tuple[list[VisitRow], Any]:
        result = paginate(self.session, _record_query(VisitRow, filters, shown), [VisitRow.seq], page, descending=True)
        return result["items"], result["next_cursor"]

    def petition_page(
        self, filters: RecordFilters, shown: Shown, page: dict[str, Any]
    ) -> tuple[list[PetitionRow], Any]:
        query = _record_query(PetitionRow, filters, shown)
        result = paginate(self.session, query, [PetitionRow.seq], page, descending=True)
        return result["items"], result["next_cursor"]

    def _cases(self, query: CaseQuery) -> Select[Any]:
        filters = query.filters
        cases = select(CaseRow).where(
            *_equal_to(filters), *_flagged(query), *_within(filters), *_shown(CaseRow, query.shown)
        )
        if query.citizen is not None:
            cases = cases.where(CaseRow.id.in_(self._cases_of_citizens(query.citizen)))
        return cases

    def _cases_of_citizens(self, match: CitizenMatch) -> Select[Any]:
        """Ids of the cases with a citizen the query matches, through the keyed index only."""
        index, digest, query = CitizenSearchRow, self.vault.search_digest, match.query

        def findable(matched: Select[Any]) -> Select[Any]:
            return (
                matched.join(CaseRow, CaseRow.id == index.case_id)
                .outerjoin(VisitRow, VisitRow.id == index.record_id)
                .outerjoin(PetitionRow, PetitionRow.id == index.record_id)
                .where(_denouncers(match.denouncers))
            )

        parts = []
        if query.name:
            names = sorted({digest(term) for term in query.name})
            parts.append(
                findable(select(index.case_id).where(index.digest.in_(names)))
                .group_by(index.case_id, index.record_id, index.position)
                .having(func.count(distinct(index.digest)) == len(names))
            )
        if query.exact:
            parts.append(findable(select(index.case_id).where(index.digest.in_([digest(t) for t in query.exact]))))
        matched = union_all(*parts).subquery()
        return select(matched.c.case_id)
