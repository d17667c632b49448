"""Papers: the receipt of every visit and petition, the notices and slips issued on a case, their files, and the
citizens' lookup by receipt code. An issued paper is never changed: issuing again gives a new number."""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from tiepdan.intake.adapters import metrics
from tiepdan.intake.adapters.orm import PaperRow
from tiepdan.intake.adapters.paper_files import render_paper
from tiepdan.intake.config import IntakeConfig
from tiepdan.intake.domain import events
from tiepdan.intake.domain.access import CaseView, case_view, may_act, may_read_identity
from tiepdan.intake.domain.cases import Action, Actor, Case, Status
from tiepdan.intake.domain.errors import ForbiddenError, NotFoundError, TransitionRefusedError
from tiepdan.intake.domain.papers import (
    Issuer,
    MatterFacts,
    PaperKind,
    PaperText,
    ReceiptLookup,
    field_label,
    format_code,
    new_receipt_code,
    number_line,
    paper_text,
    receipt_text,
    refused_because,
)
from tiepdan.intake.domain.people import Citizen
from tiepdan.intake.domain.vocabulary import KIND_LABELS, Kind
from tiepdan.intake.service.unit_of_work import IntakeUnitOfWork, IntakeWork
from tiepdan.kit.calendar import WorkingCalendar

log = logging.getLogger(__name__)


def issuer_of(config: IntakeConfig, unit: str) -> Issuer:
    """The unit's name and chairman as configured (`TIEPDAN_INTAKE_UNITS`); an unknown unit reads as its code."""
    entry = config.units.get(unit, {})
    name = entry.get("name") or unit.replace("-", " ").title()
    return Issuer(unit_name=name, place=entry.get("place") or name, signer_name=entry.get("chairman", ""))


def _addressee(citizen: Citizen | None) -> str | None:
    if citizen is None or not citizen.full_name:
        return None
    return f"{citizen.full_name}, {citizen.address}" if citizen.address else citizen.full_name


@dataclass(frozen=True)
class Issue:
    """A paper about to be issued: what it is, its number and wording, and whom it names."""

    kind: PaperKind
    number: int | None
    issued_at: datetime
    text: PaperText
    person: str | None
    code: str | None = None
    record_id: str | None = None


def _values(config: IntakeConfig, case: Case, actor: Actor, year: int, issue: Issue) -> dict[str, Any]:
    return {
        "unit": case.unit,
        "id": str(uuid.uuid4()),
        "case_id": case.id,
        "record_id": issue.record_id,
        "kind": issue.kind.value,
        "year": year,
        "number": issue.number,
        "code": issue.code,
        "issued_at": issue.issued_at,
        "issued_by": actor.name or actor.sub,
        "text": issue.text.to_dict(),
        "addressee_enc": config.vault.encrypt(issue.person),
        "sha256": None,
        "pdf": None,
    }


def _rendered(values: dict[str, Any], text: PaperText) -> None:
    pdf = render_paper(text)
    values.update(pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest())


def _issued_event(values: dict[str, Any], case_kind: Kind) -> dict[str, Any]:
    return {
        "paper_id": values["id"],
        "case_id": values["case_id"],
        "record_id": values["record_id"],
        "kind": values["kind"],
        "year": values["year"],
        "number": values["number"],
        "issued_at": values["issued_at"].isoformat(),
        "case_kind": case_kind.value,
    }


@dataclass(frozen=True)
class ReceiptFor:
    """What a receipt says of the visit or petition it is for."""

    record_id: str
    received_on: date
    due_on: date | None
    citizen: Citizen | None
    handed_by: str | None
    from_visit: bool


def make_receipt(
    uow: IntakeWork, config: IntakeConfig, actor: Actor, case: Case, receipt: ReceiptFor
) -> dict[str, Any]:
    """The receipt of a visit or petition, worded now and written at the commit (rendered at its first printing,
    which keeps a PDF off the registration); its event is staged. Not numbered: a shared counter would queue every
    registration of the unit behind one row, and the code identifies it."""
    now = config.clock()
    code = new_receipt_code()
    issuer = issuer_of(config, case.unit)
    facts = MatterFacts(
        kind=case.kind,
        field=case.field,
        subject=case.subject,
        received_on=receipt.received_on,
        status=case.status,
        due_on=receipt.due_on,
        record_label="ý kiến trình bày" if receipt.from_visit else "đơn",
    )
    issued_on = now.astimezone(ZoneInfo(WorkingCalendar().timezone)).date()

    person = _addressee(receipt.citizen)
    lookup = ReceiptLookup(code, f"{config.lookup_url}?ma={format_code(code)}")
    text = receipt_text(issued_on, issuer, facts, lookup, receipt.handed_by, person is not None)
    issue = Issue(PaperKind.RECEIPT, None, now, text, person, code=code, record_id=receipt.record_id)
    values = _values(config, case, actor, issued_on.year, issue)
    uow.papers.add(values)
    uow.emit(events.PAPER_ISSUED, _issued_event(values, case.kind), unit=case.unit, aggregate_id=case.id)
    uow.on_committed(lambda: metrics.PAPERS.labels(PaperKind.RECEIPT.value).inc())
    return values


def _case_for_papers(uow: IntakeUnitOfWork, actor: Actor, case_id: str, for_update: bool = False) -> Case:
    """Papers go with the case's actions: whoever may act on the case (a clerical action) may issue and read them."""
    case = uow.cases.get(case_id, for_update=for_update)
    if case is None:
        raise NotFoundError(case_id)
    view = case_view(actor.roles, case.kind, case.party_related)
    if view in {CaseView.NONE, CaseView.OUTLINE} or not may_act(
        actor.roles, Action.ACCEPT, case.kind, case.party_related
    ):
        raise ForbiddenError(f"Vai trò {', '.join(sorted(actor.roles))} không được lập giấy tờ của vụ việc này.")
    return case


def _first_citizen(uow: IntakeUnitOfWork, case_id: str) -> Citizen | None:
    visits = [v.id for v in uow.records.visits_of_case(case_id)]
    petitions = [p.id for p in uow.records.petitions_of_case(case_id)]
    people = uow.records.citizens_of(visits, petitions)
    for record_id in [*petitions, *visits]:
        if people.get(record_id):
            return people[record_id][0]
    return None


def _last_reason(uow: IntakeUnitOfWork, case_id: str) -> str | None:
    entries = [e for e in uow.cases.history(case_id) if e.action in {"guide", "file"} and e.reason]
    return entries[-1].reason if entries else None


def _due_on(case: Case) -> date | None:
    deadline = case.deadlines.get("resolve_by")
    return deadline.date if deadline else None


def issue_paper(
    uow: IntakeUnitOfWork, config: IntakeConfig, actor: Actor, case_id: str, kind: PaperKind
) -> dict[str, Any]:
    """403, then whether the case's state allows the paper (409); only then is a number taken, in the transaction
    that writes the paper."""
    case = _case_for_papers(uow, actor, case_id, for_update=True)
    if case.status is Status.MERGED:
        raise TransitionRefusedError(f"Vụ việc đã được gộp vào vụ việc {case.merged_into}: lập giấy tờ ở vụ việc đó.")
    reason = refused_because(kind, case)
    if reason is not None:
        raise TransitionRefusedError(reason)
    now = config.clock()
    calendar: WorkingCalendar = uow.roster.calendar(case.unit)
    issued_on = now.astimezone(ZoneInfo(calendar.timezone)).date()
    number = uow.papers.next_number(case.unit, kind.value, issued_on.year)
    issuer = issuer_of(config, case.unit)
    facts = MatterFacts(
        kind=case.kind,
        field=case.field,
        subject=case.subject,
        received_on=case.received_on,
        status=case.status,
        to_agency=case.to_agency,
        reason=_last_reason(uow, case.id) if kind in {PaperKind.GUIDANCE, PaperKind.NON_ACCEPTANCE_NOTICE} else None,
        due_on=_due_on(case),
        refusal_code=case.refusal.reason_code.value if case.refusal else None,
        record_label="đơn" if case.petition_count else "ý kiến trình bày",
    )
    person = _addressee(_first_citizen(uow, case.id)) if kind is not PaperKind.TRANSFER_SLIP else None
    text = paper_text(kind, number, issued_on, issuer, facts, person is not None)
    values = _values(config, case, actor, issued_on.year, Issue(kind, number, now, text, person))
    _rendered(values, text.file_copy(person))
    uow.papers.add(values)
    uow.emit(events.PAPER_ISSUED, _issued_event(values, case.kind), unit=case.unit, aggregate_id=case.id)
    uow.on_committed(lambda: _issued(case, kind, number))
    return paper_summary(values)


def _issued(case: Case, kind: PaperKind, number: int) -> None:
    metrics.PAPERS.labels(kind.value).inc()
    log.info("paper issued", extra={"case_id": case.id, "kind": kind.value, "number": number})


def paper_summary(values: dict[str, Any] | PaperRow) -> dict[str, Any]:
    get: Callable[[str], Any] = values.__getitem__ if isinstance(values, dict) else lambda name: getattr(values, name)
    return {
        "id": get("id"),
        "case_id": get("case_id"),
        "kind": get("kind"),
        "number": get("number"),
        "symbol": _symbol(get("kind"), get("number")),
        "code": format_code(get("code")) if get("code") else None,
        "issued_at": get("issued_at").isoformat(),
        "issued_by": get("issued_by"),
        "sha256": get("sha256"),
        "file": f"/api/v1/papers/{get('id')}/file.pdf",
        "has_addressee_copy": bool(get("text").get("confidential")) and get("addressee_enc") is not None,
    }


def _symbol(kind: str, number: int | None) -> str | None:
    return number_line(PaperKind(kind), number).removeprefix("Số: ") if number is not None else None


def list_papers(uow: IntakeUnitOfWork, actor: Actor, case_id: str) -> list[dict[str, Any]]:
    _case_for_papers(uow, actor, case_id)
    return [paper_summary(row) for row in uow.papers.of_case(case_id)]


def paper_file(
    uow: IntakeUnitOfWork, config: IntakeConfig, actor: Actor, paper_id: str, addressee_copy: bool
) -> tuple[bytes, PaperRow]:
    """The file copy as kept (a receipt's rendered and kept at its first printing). The denouncer's own copy only
    for whoever may read the denouncer's identity, rendered from the frozen text, and the read is audited."""
    row = uow.papers.get(paper_id)
    if row is None:
        raise NotFoundError(paper_id)
    case = _case_for_papers(uow, actor, row.case_id)
    text = PaperText.from_dict(row.text)
    person = config.vault.decrypt(row.addressee_enc)
    if not addressee_copy:
        if row.pdf is None:
            values: dict[str, Any] = {}
            _rendered(values, text.file_copy(person))
            uow.papers.keep_file(row, values["pdf"], values["sha256"])
        assert row.pdf is not None
        return row.pdf, row
    if not text.confidential or person is None:
        raise NotFoundError(f"{paper_id} (bản gửi người tố cáo)")
    if not may_read_identity(actor.roles, case.kind, case.party_related):
        raise ForbiddenError("Chỉ người có thẩm quyền mới được xem bản ghi danh tính người tố cáo.")
    uow.records.audit_identity_read(case.unit, actor, case.id, row.id, "paper_addressee_copy")
    return render_paper(text.naming(person)), row


# The citizens' lookup ------------------------------------------------------------------------------------------
STATUS_LABELS = {
    "received": "Đã tiếp nhận, đang xem xét",
    "accepted": "Đã thụ lý, đang giải quyết",
    "guided": "Đã hướng dẫn, trả lại đơn",
    "transferred": "Đã chuyển đến cơ quan có thẩm quyền",
    "filed": "Đã lưu đơn, kết thúc xử lý",
    "resolved": "Đã giải quyết",
    "withdrawn": "Công dân đã rút đơn",
    "suspended": "Tạm đình chỉ giải quyết",
    "merged": "Đã gộp vào vụ việc khác cùng nội dung",
}
NEXT_STEPS = {
    "received": "Cơ quan đang xem xét nội dung; công dân sẽ được trả lời trước hạn dưới đây.",
    "accepted": "Cơ quan đang xác minh, giải quyết; công dân sẽ nhận văn bản giải quyết trước hạn dưới đây.",
    "guided": "Công dân làm theo văn bản hướng dẫn đã nhận và gửi đơn đến đúng cơ quan có thẩm quyền.",
    "transferred": "Cơ quan nhận đơn chuyển đến sẽ xem xét, giải quyết và trả lời công dân.",
    "filed": "Không có bước tiếp theo.",
    "resolved": "Nếu không đồng ý với kết quả giải quyết, công dân có thể thực hiện quyền theo quy định của pháp luật.",
    "withdrawn": "Không có bước tiếp theo.",
    "suspended": "Việc giải quyết tạm dừng; cơ quan sẽ thông báo khi tiếp tục.",
    "merged": "Vụ việc được giải quyết chung với vụ việc cùng nội dung; dùng mã tra cứu này để theo dõi.",
}


def lookup(uow: IntakeUnitOfWork, code: str) -> dict[str, Any] | None:
    """What a receipt's holder may know of the case: kind, field, status, next step, due date; never a person or
    the content. A merged case answers as the case it joined."""
    paper = uow.papers.receipt_by_code(code)
    if paper is None:
        return None
    case = uow.cases.get(paper.case_id)
    while case is not None and case.merged_into is not None:
        case = uow.cases.get(case.merged_into)
    if case is None:
        return None
    due = min((d.date for d in case.watched_deadlines()), default=None)
    status = case.status.value
    return {
        "code": format_code(code),
        "kind": case.kind.value,
        "kind_label": KIND_LABELS[case.kind],
        "field": case.field,
        "field_label": field_label(case.field),
        "status": status,
        "status_label": STATUS_LABELS.get(status, status),
        "next_step": NEXT_STEPS.get(status, ""),
        "due_date": due.isoformat() if due else None,
        "received_on": case.received_on.isoformat(),
    }
