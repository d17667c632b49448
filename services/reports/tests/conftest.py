"""The fixed data sets the reports tests count by hand: visits and petitions across Q1 and Q2 2026."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

from tiepdan.kit.events import Envelope
from tiepdan.reports.domain.cases import CaseChange, CaseDeadline
from tiepdan.reports.domain.handling import PetitionFact
from tiepdan.reports.domain.reception import VisitFact

WARD = "bach-quang"
OTHER_WARD = "tran-phu"


@dataclass(frozen=True)
class VisitRow:
    unit: str
    visit_id: str
    case_id: str
    received_at: str
    reception: str
    headcount: int
    case_first_visit_at: str
    field: str = "land"
    area: str = "Tổ dân phố 5"
    kind: str = "complaint"

    def fact(self) -> VisitFact:
        return VisitFact(
            unit=self.unit,
            visit_id=self.visit_id,
            case_id=self.case_id,
            received_at=datetime.fromisoformat(self.received_at),
            reception=self.reception,
            headcount=self.headcount,
            case_first_visit_at=datetime.fromisoformat(self.case_first_visit_at),
        )


A1, B1, C1, D1, E1, F1 = (
    "2025-11-20T09:00:00+07:00",
    "2026-01-19T08:30:00+07:00",
    "2026-02-02T08:00:00+07:00",
    "2026-03-14T23:30:00+07:00",
    "2026-02-10T14:00:00+07:00",
    "2026-04-01T09:00:00+07:00",
)

#: Q1 2026 = 15/12/2025–14/03/2026, Q2 = 15/03–14/06/2026; case A began before Q1, D at Q1's last minute.
VISITS: tuple[VisitRow, ...] = (
    VisitRow(WARD, "v-a1", "case-a", A1, "regular", 1, A1),
    VisitRow(WARD, "v-a2", "case-a", "2026-01-05T09:00:00+07:00", "regular", 1, A1),
    VisitRow(WARD, "v-a3", "case-a", "2026-01-19T09:00:00+07:00", "periodic", 6, A1, field="compensation"),
    VisitRow(WARD, "v-b1", "case-b", B1, "regular", 7, B1, field="housing", area="Tổ dân phố 7"),
    VisitRow(WARD, "v-b2", "case-b", "2026-03-20T10:00:00+07:00", "delegated", 2, B1, field="housing"),
    VisitRow(WARD, "v-c1", "case-c", C1, "periodic", 1, C1, field="environment", kind="recommendation"),
    VisitRow(WARD, "v-c2", "case-c", "2026-02-02T10:00:00+07:00", "unscheduled", 12, C1, field="environment"),
    VisitRow(WARD, "v-d1", "case-d", D1, "regular", 1, D1, kind="denunciation", field="official_conduct"),
    # 17:10Z on 14/03 is 00:10 on 15/03 in the ward: Q2, a repeat visit of a case first seen in Q1
    VisitRow(WARD, "v-d2", "case-d", "2026-03-14T17:10:00Z", "regular", 1, D1, kind="denunciation"),
    VisitRow(WARD, "v-e1", "case-e", E1, "delegated", 5, E1, field="social_policy"),
    VisitRow(WARD, "v-e2", "case-e", "2026-02-11T14:00:00+07:00", "delegated", 2, E1, field="social_policy"),
    VisitRow(WARD, "v-f1", "case-f", F1, "regular", 3, F1, field="other"),
    VisitRow(OTHER_WARD, "v-t1", "case-t", "2026-01-20T08:00:00+07:00", "regular", 5, "2026-01-20T08:00:00+07:00"),
)


@dataclass(frozen=True)
class CaseRow:
    case_id: str
    at: str
    status: str
    kind: str
    field: str
    competent: bool | None = None
    complaint_round: int = 1
    action: str | None = None

    def change(self) -> CaseChange:
        return CaseChange(
            case_id=self.case_id,
            at=datetime.fromisoformat(self.at),
            status=self.status,
            kind=self.kind,
            field=self.field,
            competent=self.competent,
            complaint_round=self.complaint_round,
            action=self.action,
        )


def _petition(petition_id: str, case_id: str, received_on: str, eligible: bool, kind: str, field: str) -> PetitionFact:
    return PetitionFact(WARD, petition_id, case_id, date.fromisoformat(received_on), eligible, kind, field)


PETITIONS: tuple[PetitionFact, ...] = (
    _petition("p1", "k1", "2025-12-01", True, "complaint", "land"),
    _petition("p2", "k2", "2025-12-10", True, "denunciation", "official_conduct"),
    _petition("p3", "k3", "2026-01-05", True, "complaint", "land"),
    _petition("p4", "k4", "2026-01-06", True, "recommendation", "social_policy"),
    _petition("p5", "k5", "2026-02-01", True, "complaint", "housing"),
    _petition("p6", "k6", "2026-03-10", False, "feedback", "environment"),
    _petition("p7", "k3", "2026-03-12", True, "complaint", "land"),
    _petition("p8", "k7", "2026-02-20", True, "complaint", "justice"),
    _petition("p9", "k8", "2026-03-20", True, "complaint", "land"),
)

CASE_CHANGES: tuple[CaseRow, ...] = (
    CaseRow("k1", "2025-12-01T08:00:00+07:00", "received", "complaint", "land"),
    CaseRow("k1", "2025-12-05T08:00:00+07:00", "accepted", "complaint", "land", competent=True, action="accept"),
    CaseRow("k2", "2025-12-10T08:00:00+07:00", "received", "denunciation", "official_conduct"),
    CaseRow("k2", "2025-12-20T08:00:00+07:00", "accepted", "denunciation", "official_conduct", True, action="accept"),
    CaseRow("k2", "2026-02-15T08:00:00+07:00", "resolved", "denunciation", "official_conduct", True, action="resolve"),
    CaseRow("k3", "2026-01-05T08:00:00+07:00", "received", "complaint", "land"),
    CaseRow("k3", "2026-01-08T08:00:00+07:00", "accepted", "complaint", "land", True, action="accept"),
    CaseRow("k3", "2026-03-01T08:00:00+07:00", "resolved", "complaint", "land", True, action="resolve"),
    CaseRow("k4", "2026-01-06T08:00:00+07:00", "received", "recommendation", "social_policy"),
    CaseRow("k4", "2026-01-10T08:00:00+07:00", "guided", "recommendation", "social_policy", False, action="guide"),
    CaseRow("k5", "2026-02-01T08:00:00+07:00", "received", "complaint", "housing", complaint_round=2),
    CaseRow("k5", "2026-02-03T08:00:00+07:00", "accepted", "complaint", "housing", True, 2, action="accept"),
    CaseRow("k6", "2026-03-10T08:00:00+07:00", "received", "feedback", "environment"),
    CaseRow("k7", "2026-02-20T08:00:00+07:00", "received", "complaint", "justice"),
    CaseRow("k7", "2026-02-25T08:00:00+07:00", "transferred", "complaint", "justice", False, action="transfer"),
    CaseRow("k8", "2026-03-20T08:00:00+07:00", "received", "complaint", "land"),
    CaseRow("k8", "2026-03-25T08:00:00+07:00", "accepted", "complaint", "land", True, action="accept"),
)

DEADLINES: tuple[CaseDeadline, ...] = (
    CaseDeadline(WARD, "k3", "resolve_by", date(2026, 2, 20)),
    CaseDeadline(WARD, "k4", "reply_due", date(2026, 1, 20)),
    CaseDeadline(WARD, "k5", "process_by", date(2026, 2, 11)),
    CaseDeadline(WARD, "k5", "resolve_by", date(2026, 3, 14)),
    CaseDeadline(WARD, "k6", "process_by", date(2026, 3, 13)),
)


@pytest.fixture
def visit_facts() -> list[VisitFact]:
    return [row.fact() for row in VISITS]


@pytest.fixture
def case_changes() -> list[CaseChange]:
    return [row.change() for row in CASE_CHANGES]


@pytest.fixture
def visit_rows() -> tuple[VisitRow, ...]:
    return VISITS


@pytest.fixture
def case_rows() -> tuple[CaseRow, ...]:
    return CASE_CHANGES


@pytest.fixture
def petition_facts() -> tuple[PetitionFact, ...]:
    return PETITIONS


@pytest.fixture
def case_deadlines() -> tuple[CaseDeadline, ...]:
    return DEADLINES


_DEADLINES_BY_CASE = {
    "k3": {"resolve_by": {"date": "2026-02-20", "rule": "complaint_resolution", "day_type": "calendar"}},
    "k4": {"reply_due": {"date": "2026-01-20", "rule": "reception_reply", "day_type": "working"}},
    "k5": {
        "process_by": {"date": "2026-02-11", "rule": "petition_processing", "day_type": "working"},
        "resolve_by": {"date": "2026-03-14", "rule": "complaint_resolution", "day_type": "calendar"},
    },
    "k6": {"process_by": {"date": "2026-03-13", "rule": "petition_processing", "day_type": "working"}},
}


def _envelope(event_type: str, data: dict, unit: str, occurred_at: str, source: str = "intake") -> Envelope:
    occurred = datetime.fromisoformat(occurred_at.replace("Z", "+00:00")).astimezone(UTC)
    return Envelope(
        type=event_type,
        data=data,
        unit=unit,
        source=source,
        correlation_id="test",
        occurred_at=occurred.isoformat().replace("+00:00", "Z"),
    ).validate()


def visit_envelope(row: VisitRow) -> Envelope:
    data = {
        "visit_id": row.visit_id,
        "case_id": row.case_id,
        "received_at": row.received_at,
        "reception": row.reception,
        "headcount": row.headcount,
        "is_group": row.headcount >= 5,
        "repeat": row.received_at != row.case_first_visit_at,
        "kind": row.kind,
        "field": row.field,
        "subject": "Dự án khu dân cư số 3",
        "area": row.area,
        "party_related": False,
        "case_first_visit_at": row.case_first_visit_at,
        "case_visit_count": 1,
        "case_status": "received",
        "host_name": "Nguyễn Thị Lan",
    }
    return _envelope("intake.visit.registered", data, row.unit, row.received_at)


def petition_envelope(petition: PetitionFact) -> Envelope:
    data = {
        "petition_id": petition.petition_id,
        "case_id": petition.case_id,
        "channel": "post",
        "received_on": petition.received_on.isoformat(),
        "signers": 1,
        "headcount": 1,
        "kind": petition.kind,
        "field": petition.field,
        "subject": "Đơn đề nghị",
        "area": "Tổ dân phố 2",
        "eligible": petition.eligible,
        "party_related": False,
        "repeat": False,
    }
    return _envelope("intake.petition.received", data, petition.unit, f"{petition.received_on}T08:00:00+07:00")


def case_envelope(row: CaseRow, previous: str | None) -> Envelope:
    data = {
        "case_id": row.case_id,
        "kind": row.kind,
        "field": row.field,
        "area": "Tổ dân phố 2",
        "subject": "Đơn đề nghị",
        "status": row.status,
        "previous_status": previous,
        "deadlines": _DEADLINES_BY_CASE.get(row.case_id, {}),
        "eligible": True,
        "action": row.action,
        "complaint_round": row.complaint_round,
        "competent": row.competent,
        "outcome": None,
    }
    event_type = "intake.case.opened" if previous is None else "intake.case.changed"
    return _envelope(event_type, data, WARD, row.at)


@pytest.fixture
def dataset_events() -> list[Envelope]:
    """Every visit, petition and case event of the fixed data set, in the order intake would publish them."""
    events = [visit_envelope(row) for row in VISITS] + [petition_envelope(p) for p in PETITIONS]
    previous: dict[str, str] = {}
    for row in CASE_CHANGES:
        events.append(case_envelope(row, previous.get(row.case_id)))
        previous[row.case_id] = row.status
    return events


@pytest.fixture
def make_envelope():
    """`make_envelope(type, data, unit, occurred_at)`: an event as intake would publish it."""
    return _envelope


def _load_fakes() -> ModuleType:
    """tests/fakes.py under a name of its own: every service has a tests/fakes.py, and one test run holds them all."""
    spec = importlib.util.spec_from_file_location("tiepdan_reports_fakes", Path(__file__).with_name("fakes.py"))
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


fakes = _load_fakes()


@pytest.fixture
def fake_uow():
    """A fresh `FakeReportsUnitOfWork` over an empty in-memory store."""
    return fakes.FakeReportsUnitOfWork()


@pytest.fixture
def events_of():
    """`events_of.visit(row)`, `.petition(petition)`, `.case(row, previous_status)`: the data set's events."""
    return SimpleNamespace(visit=visit_envelope, petition=petition_envelope, case=case_envelope)
