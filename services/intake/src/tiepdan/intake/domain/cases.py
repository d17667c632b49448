"""A case (vụ việc): one matter that may come back many times, its state machine and its history."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from typing import Any

from tiepdan.intake.domain.civic import ElectionHold
from tiepdan.intake.domain.deadlines import MAX_DENUNCIATION_EXTENSIONS, Deadline, DeadlinePolicy
from tiepdan.intake.domain.errors import FieldErrors, InvalidFieldsError, TransitionRefusedError
from tiepdan.intake.domain.filing import LATE_BASIS, Filing
from tiepdan.intake.domain.refusal import Refusal, make_refusal
from tiepdan.intake.domain.vocabulary import Kind
from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.kit.text import normalise_subject


class Status(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    GUIDED = "guided"
    TRANSFERRED = "transferred"
    FILED = "filed"
    RESOLVED = "resolved"
    WITHDRAWN = "withdrawn"
    SUSPENDED = "suspended"
    #: Joined into another case opened for the same matter (`merged_into`); nothing happens to it any more.
    MERGED = "merged"


class Action(StrEnum):
    ACCEPT = "accept"
    GUIDE = "guide"
    TRANSFER = "transfer"
    FILE = "file"
    EXTEND = "extend"
    RESOLVE = "resolve"
    WITHDRAW = "withdraw"
    SUSPEND = "suspend"
    RESUME = "resume"
    REFUSE = "refuse"
    #: The denouncer told of the acceptance (Luật Tố cáo 2018, Điều 29): ends the `notify_by` deadline.
    NOTIFY = "notify"
    #: Urge the competent body to resolve a matter past its time (đôn đốc; TT 05/2021/TT-TTCP): 02/XLD "Đôn đốc".
    URGE = "urge"
    #: The denouncer used another person's name (mạo danh): not processed (Luật Tố cáo 2018, Điều 25 khoản 2).
    FLAG_FALSE_NAME = "flag_false_name"


S = Status
#: action → {status it may start from → status it leads to}. Anything else is refused with 409.
TRANSITIONS: dict[Action, dict[Status, Status]] = {
    # A petition returned with guidance or filed may be accepted once it is resubmitted in due form.
    Action.ACCEPT: {S.RECEIVED: S.ACCEPTED, S.GUIDED: S.ACCEPTED, S.FILED: S.ACCEPTED},
    Action.GUIDE: {S.RECEIVED: S.GUIDED},
    Action.TRANSFER: {S.RECEIVED: S.TRANSFERRED, S.ACCEPTED: S.TRANSFERRED},
    Action.FILE: {S.RECEIVED: S.FILED, S.GUIDED: S.FILED},
    Action.EXTEND: {S.ACCEPTED: S.ACCEPTED},
    Action.RESOLVE: {S.ACCEPTED: S.RESOLVED},
    Action.WITHDRAW: {S.RECEIVED: S.WITHDRAWN, S.ACCEPTED: S.WITHDRAWN, S.SUSPENDED: S.WITHDRAWN},
    Action.SUSPEND: {S.ACCEPTED: S.SUSPENDED},
    Action.RESUME: {S.SUSPENDED: S.ACCEPTED},
    # Art 9 Luật TCD: refuse at the door (received → filed) or refuse a matter already resolved (stays resolved).
    Action.REFUSE: {S.RECEIVED: S.FILED, S.RESOLVED: S.RESOLVED},
    Action.NOTIFY: {S.ACCEPTED: S.ACCEPTED, S.SUSPENDED: S.SUSPENDED},
    # A petition on a matter another body holds past its time is handled by urging that body (then filed here);
    # a transferred matter may be urged again at the body it went to.
    Action.URGE: {S.RECEIVED: S.FILED, S.TRANSFERRED: S.TRANSFERRED},
    Action.FLAG_FALSE_NAME: {S.RECEIVED: S.FILED, S.ACCEPTED: S.FILED, S.SUSPENDED: S.FILED},
}

#: The answer recorded for reports (02/XLD) and the register's "hướng xử lý" column.
OUTCOME_OF: dict[Action, str] = {
    Action.ACCEPT: "accepted",
    Action.GUIDE: "guided",
    Action.TRANSFER: "transferred",
    Action.FILE: "filed",
    Action.RESOLVE: "resolved",
    Action.WITHDRAW: "withdrawn",
    Action.REFUSE: "refused",
    Action.URGE: "urged",
    Action.FLAG_FALSE_NAME: "filed",
}

#: Which deadline is watched in which status: once the case moves on, the deadline has been met.
WATCHED_IN: dict[str, frozenset[Status]] = {
    "reply_due": frozenset({S.RECEIVED}),
    "process_by": frozenset({S.RECEIVED}),
    "transfer_by": frozenset({S.RECEIVED}),
    "resolve_by": frozenset({S.ACCEPTED}),
    "notify_by": frozenset({S.ACCEPTED, S.SUSPENDED}),
    "conclude_by": frozenset({S.RECEIVED, S.ACCEPTED, S.SUSPENDED}),
    "voter_list_answer_by": frozenset({S.RECEIVED, S.ACCEPTED}),
}


@dataclass(frozen=True)
class HistoryEntry:
    """Append-only: who did what, when, why, and the state before and after."""

    at: datetime
    actor: str
    actor_name: str
    action: str
    from_status: str | None
    to_status: str
    reason: str | None = None
    details: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class ActionRequest:
    action: str
    reason: str | None = None
    to_agency: str | None = None
    decision_no: str | None = None
    complex: bool | None = None
    reason_code: str | None = None
    notice_no: str | None = None
    #: `withdraw` by some of a group: how many of them withdraw (the others' matter goes on).
    persons: int | None = None


@dataclass(frozen=True)
class Actor:
    sub: str
    name: str
    roles: frozenset[str]


@dataclass
class Case:
    id: str
    unit: str
    kind: Kind
    field: str
    subject: str
    area: str
    party_related: bool
    opened_at: datetime
    received_on: date
    status: Status = Status.RECEIVED
    outcome: str | None = None
    complaint_round: int = 1
    complex: bool = False
    several_places: bool = False
    competent: bool | None = None
    processable: bool = True
    eligible: bool = True
    extensions: int = 0
    accepted_on: date | None = None
    suspended_on: date | None = None
    to_agency: str | None = None
    decision_no: str | None = None
    refusal: Refusal | None = None
    deadlines: dict[str, Deadline] = dataclasses.field(default_factory=dict)
    history: list[HistoryEntry] = dataclasses.field(default_factory=list)
    visit_count: int = 0
    petition_count: int = 0
    first_visit_at: datetime | None = None
    last_action: str | None = None
    #: A complaint's filing limit and whether it was met (domain/filing.py).
    filing: Filing | None = None
    voter_list: bool = False
    about_candidate: bool = False
    election_hold: ElectionHold | None = None
    congress_personnel: bool = False
    false_name_reason: str | None = None
    #: Complainants or denouncers of the matter (a group's headcount) and how many of them withdrew.
    complainants: int = 1
    withdrawn_persons: int = 0

    @property
    def filing_late(self) -> bool:
        return self.filing is not None and self.filing.late

    @property
    def remaining_persons(self) -> int:
        return max(self.complainants - self.withdrawn_persons, 0)

    merged_into: str | None = None

    @cached_property
    def subject_key(self) -> str:
        """Folded once per case (linking looks it up, saving stores it); the subject never changes after opening."""
        return normalise_subject(self.subject)

    def watched_deadlines(self) -> list[Deadline]:
        """Deadlines still running in the current status; a denunciation's transfer deadline only once it is
        known not to be ours (competent is False)."""
        watched = []
        for name, deadline in self.deadlines.items():
            if self.status not in WATCHED_IN.get(name, frozenset()):
                continue
            if name == "transfer_by" and self.competent is not False:
                continue
            watched.append(deadline)
        return watched

    def overdue_deadlines(self, today: date) -> list[Deadline]:
        return [d for d in self.watched_deadlines() if d.date < today]


def opening_deadlines(
    kind: Kind,
    received_on: date,
    from_visit: bool,
    several_places: bool,
    policy: DeadlinePolicy,
    calendar: WorkingCalendar,
) -> dict[str, Deadline]:
    """The first answer owed: reply to a visit, process a petition, accept a complaint, handle a denunciation."""
    deadlines: dict[str, Deadline] = {}
    if from_visit:
        deadlines["reply_due"] = policy.deadline("reply_due", "visit_reply", received_on, calendar)
    if kind is Kind.COMPLAINT:
        process_rule = "complaint_acceptance"
    elif kind is Kind.DENUNCIATION:
        process_rule = "denunciation_initial_several_places" if several_places else "denunciation_initial"
        deadlines["transfer_by"] = policy.deadline("transfer_by", "denunciation_transfer", received_on, calendar)
    else:
        process_rule = "petition_processing"
    deadlines["process_by"] = policy.deadline("process_by", process_rule, received_on, calendar)
    return deadlines


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


#: (action, field, is it missing, message): what each action needs in the body.
_BODY_RULES: tuple[tuple[Action, str, Callable[[ActionRequest, Case], bool], str], ...] = (
    (
        Action.TRANSFER,
        "to_agency",
        lambda r, _c: _blank(r.to_agency),
        "Chuyển đơn phải ghi cơ quan có thẩm quyền nhận (to_agency).",
    ),
    *(
        (action, "reason", lambda r, _c: _blank(r.reason), f"Hành động '{action.value}' phải ghi lý do (reason).")
        for action in (Action.EXTEND, Action.SUSPEND, Action.GUIDE, Action.FILE)
    ),
    (
        Action.RESOLVE,
        "decision_no",
        lambda r, c: c.kind in {Kind.COMPLAINT, Kind.DENUNCIATION} and _blank(r.decision_no),
        "Giải quyết khiếu nại, tố cáo phải ghi số quyết định hoặc kết luận (decision_no).",
    ),
    (
        Action.URGE,
        "to_agency",
        lambda r, c: _blank(r.to_agency) and not c.to_agency,
        "Đôn đốc phải ghi cơ quan có thẩm quyền được đôn đốc (to_agency).",
    ),
    (
        Action.FLAG_FALSE_NAME,
        "reason",
        lambda r, _c: _blank(r.reason),
        "Xác định tố cáo mạo danh phải ghi lý do, căn cứ (reason).",
    ),
    (
        Action.WITHDRAW,
        "persons",
        lambda r, _c: r.persons is not None and r.persons < 1,
        "Số người rút phải từ 1 trở lên.",
    ),
    (
        Action.NOTIFY,
        "notice_no",
        lambda r, _c: _blank(r.notice_no),
        "Thông báo thụ lý phải ghi số văn bản thông báo (notice_no).",
    ),
)


def action_field_problems(request: ActionRequest, case: Case) -> dict[str, list[str]]:
    """What each action needs in the body, whatever the case's state."""
    found = FieldErrors()
    try:
        action = Action(request.action)
    except ValueError:
        found.add("action", f"Hành động '{request.action}' không hợp lệ; chọn một trong: {', '.join(Action)}.")
        return found.errors
    for rule_action, field, missing, message in _BODY_RULES:
        if action is rule_action and missing(request, case):
            found.add(field, message)
    if action is Action.REFUSE:
        try:
            make_refusal(request.reason_code, request.notice_no, "")
        except InvalidFieldsError as exc:
            found.extend(exc.errors)
    return found.errors


def refused_because(action: Action, case: Case, today: date | None = None) -> str | None:
    """Why the action cannot happen now, or None when it can."""
    targets = TRANSITIONS[action]
    if case.status not in targets:
        allowed = ", ".join(s.value for s in targets)
        return f"Không thể '{action.value}' vụ việc đang ở trạng thái '{case.status.value}' (chỉ từ: {allowed})."
    legal = _legal_bar(action, case, today)
    if legal:
        return legal
    if action is Action.ACCEPT and not case.processable:
        return "Đơn tố cáo nặc danh/mạo danh không được thụ lý giải quyết theo Luật Tố cáo (chỉ lưu hoặc chuyển)."
    if action is Action.EXTEND:
        return _extension_bar(case)
    if action is Action.NOTIFY and "notify_by" not in case.deadlines:
        if case.kind is not Kind.DENUNCIATION:
            return "Chỉ tố cáo đã thụ lý mới có thông báo thụ lý cho người tố cáo (Luật Tố cáo 2018, Điều 29)."
        return "Người tố cáo đã được thông báo thụ lý."
    if action is Action.REFUSE and case.status is S.RESOLVED and case.refusal is not None:
        return "Vụ việc đã có thông báo từ chối tiếp."
    return None


def _extension_bar(case: Case) -> str | None:
    if "resolve_by" not in case.deadlines:
        return "Vụ việc không có thời hạn giải quyết để gia hạn."
    if case.kind is Kind.COMPLAINT and case.complex:
        return "Khiếu nại đã được xác định phức tạp; không gia hạn thêm."
    if case.kind is Kind.DENUNCIATION and case.extensions >= MAX_DENUNCIATION_EXTENSIONS:
        return f"Tố cáo chỉ được gia hạn tối đa {MAX_DENUNCIATION_EXTENSIONS} lần (Luật Tố cáo, Điều 30)."
    return None


def _legal_bar(action: Action, case: Case, today: date | None) -> str | None:
    """The legal rules that stop an action: the filing limit, the election cut-off, false names."""
    if action is Action.ACCEPT and case.filing_late:
        return (
            "Khiếu nại đã hết thời hiệu, thời hạn mà không có lý do chính đáng: không thụ lý giải quyết "
            f"({LATE_BASIS}). Ghi nhận trở ngại khách quan (filing_obstacle) nếu có."
        )
    hold = case.election_hold
    if hold and today is not None and hold.holds_on(today) and action in {Action.ACCEPT, Action.TRANSFER, Action.URGE}:
        return (
            f"Khiếu nại, tố cáo về người ứng cử nhận từ {hold.cutoff_from:%d/%m/%Y}: lưu giữ, chỉ chuyển cơ quan "
            f"có thẩm quyền từ {hold.forward_after:%d/%m/%Y} (Luật Bầu cử ĐBQH và HĐND 2015, Điều 61)."
        )
    if action is Action.FLAG_FALSE_NAME and case.kind is not Kind.DENUNCIATION:
        return "Chỉ đơn tố cáo mới xác định mạo danh (Luật Tố cáo 2018, Điều 25 khoản 2)."
    return None


def apply_action(
    case: Case,
    request: ActionRequest,
    actor: Actor,
    at: datetime,
    policy: DeadlinePolicy,
    calendar: WorkingCalendar,
) -> HistoryEntry:
    """Validate (InvalidFieldsError), check the transition (TransitionRefusedError), change the case, record it.

    `at` is in the ward's time zone: its date is the day the action counts from (e.g. acceptance)."""
    problems = FieldErrors()
    problems.extend(action_field_problems(request, case))
    problems.raise_if_any()
    action = Action(request.action)
    refusal = refused_because(action, case, at.date())
    if refusal:
        raise TransitionRefusedError(refusal)
    previous = case.status
    if action is Action.WITHDRAW and _partial(request, case):
        return _withdraw_partly(case, request, actor, at)
    effect = _EFFECTS.get(action)
    details = effect(case, _Acting(request, at.date(), policy, calendar)) if effect else {}
    case.status = TRANSITIONS[action][previous]
    case.outcome = OUTCOME_OF.get(action, case.outcome)
    case.last_action = action.value
    entry = HistoryEntry(
        at=at,
        actor=actor.sub,
        actor_name=actor.name,
        action=action.value,
        from_status=previous.value,
        to_status=case.status.value,
        reason=(request.reason or "").strip() or None,
        details=details,
    )
    case.history.append(entry)
    return entry


@dataclass(frozen=True)
class _Acting:
    request: ActionRequest
    today: date
    policy: DeadlinePolicy
    calendar: WorkingCalendar


def _accept(case: Case, acting: _Acting) -> dict[str, Any]:
    today, policy, calendar = acting.today, acting.policy, acting.calendar
    case.accepted_on = today
    case.complex = bool(acting.request.complex)
    case.competent = True
    resolve_rule = _resolution_rule(case, policy)
    if resolve_rule:
        case.deadlines["resolve_by"] = policy.deadline("resolve_by", resolve_rule, today, calendar)
    if case.kind is Kind.DENUNCIATION:
        notice_rule = "denunciation_acceptance_notice"
        case.deadlines["notify_by"] = policy.deadline("notify_by", notice_rule, today, calendar)
    return {}


def _transfer(case: Case, acting: _Acting) -> dict[str, Any]:
    case.to_agency = (acting.request.to_agency or "").strip()
    case.competent = False
    return {"to_agency": case.to_agency}


def _guide(case: Case, _acting: _Acting) -> dict[str, Any]:
    case.competent = False
    return {}


def _extend(case: Case, acting: _Acting) -> dict[str, Any]:
    case.deadlines["resolve_by"] = _extended(case, acting.policy, acting.calendar)
    return {"resolve_by": case.deadlines["resolve_by"].date.isoformat()}


def _resolve(case: Case, acting: _Acting) -> dict[str, Any]:
    case.decision_no = (acting.request.decision_no or "").strip() or None
    return {"decision_no": case.decision_no}


def _suspend(case: Case, acting: _Acting) -> dict[str, Any]:
    case.suspended_on = acting.today
    return {}


def _resume(case: Case, acting: _Acting) -> dict[str, Any]:
    details: dict[str, Any] = {}
    if case.suspended_on is None:
        return details
    resolve_by = case.deadlines.get("resolve_by")
    if resolve_by is not None:
        accepted_on = case.accepted_on or case.received_on
        case.deadlines["resolve_by"] = acting.policy.resumed(
            resolve_by, case.suspended_on, acting.today, accepted_on, acting.calendar
        )
        details["resolve_by"] = case.deadlines["resolve_by"].date.isoformat()
    case.suspended_on = None
    return details


def _refuse(case: Case, acting: _Acting) -> dict[str, Any]:
    case.refusal = make_refusal(acting.request.reason_code, acting.request.notice_no, "")
    return dict(case.refusal.to_dict())


def _notify(case: Case, acting: _Acting) -> dict[str, Any]:
    met = case.deadlines.pop("notify_by")
    return {"notice_no": (acting.request.notice_no or "").strip(), "notify_by": met.date.isoformat()}


def _urge(case: Case, acting: _Acting) -> dict[str, Any]:
    case.competent = False
    case.to_agency = (acting.request.to_agency or "").strip() or case.to_agency
    return {"to_agency": case.to_agency, "notice_no": (acting.request.notice_no or "").strip() or None}


def _flag_false_name(case: Case, acting: _Acting) -> dict[str, Any]:
    case.processable = False
    case.false_name_reason = (acting.request.reason or "").strip()
    return {"basis": "Luật Tố cáo 2018, Điều 25 khoản 2"}


#: What an action changes on the case besides its status; the details its history entry records.
_EFFECTS: dict[Action, Callable[[Case, _Acting], dict[str, Any]]] = {
    Action.ACCEPT: _accept,
    Action.TRANSFER: _transfer,
    Action.GUIDE: _guide,
    Action.EXTEND: _extend,
    Action.RESOLVE: _resolve,
    Action.SUSPEND: _suspend,
    Action.RESUME: _resume,
    Action.REFUSE: _refuse,
    Action.NOTIFY: _notify,
    Action.URGE: _urge,
    Action.FLAG_FALSE_NAME: _flag_false_name,
}


def _partial(request: ActionRequest, case: Case) -> bool:
    """Some of a group withdraw and others remain: Luật Khiếu nại 2011 Điều 10 (each complainant withdraws for
    himself), Luật Tố cáo 2018 Điều 33 (the others' denunciation is still resolved)."""
    return request.persons is not None and request.persons < case.remaining_persons


def _withdraw_partly(case: Case, request: ActionRequest, actor: Actor, at: datetime) -> HistoryEntry:
    """The matter goes on for those who stay: the status, deadlines and outcome do not change."""
    persons = int(request.persons or 0)
    case.withdrawn_persons += persons
    case.last_action = Action.WITHDRAW.value
    entry = HistoryEntry(
        at=at,
        actor=actor.sub,
        actor_name=actor.name,
        action=Action.WITHDRAW.value,
        from_status=case.status.value,
        to_status=case.status.value,
        reason=(request.reason or "").strip() or None,
        details={"partial": True, "persons": persons, "remaining": case.remaining_persons},
    )
    case.history.append(entry)
    return entry


def _resolution_rule(case: Case, policy: DeadlinePolicy) -> str | None:
    if case.kind is Kind.COMPLAINT:
        return policy.complaint_resolution_rule(case.complex, case.complaint_round)
    if case.kind is Kind.DENUNCIATION:
        return "denunciation_resolution"
    return None


def _extended(case: Case, policy: DeadlinePolicy, calendar: WorkingCalendar) -> Deadline:
    """A complaint extends by being declared complex (30 → 45 days from acceptance); a denunciation by +30 days
    on its period. Either way the deadline is computed again whole, so its suspensions still count."""
    accepted_on = case.accepted_on or case.received_on
    current = case.deadlines["resolve_by"]
    if case.kind is Kind.COMPLAINT:
        case.complex = True
        rule = policy.complaint_resolution_rule(True, case.complaint_round)
        return policy.recomputed(current, accepted_on, calendar, rule_code=rule)
    case.extensions += 1
    return policy.extended(current, "denunciation_extension", accepted_on, calendar)
