"""Correcting a recorded visit or petition, and merging two cases opened for one matter.

No statute sets these; they keep the register true (Mẫu 03, TT 05/2021/TT-TTCP) without losing what was first
written: every correction and merge is an entry of the append-only case history, with the actor, the reason and
the values before and after. Identity values are never written into the history (it is readable by roles that
may not read a denouncer's identity, and append-only rows cannot be re-encrypted): a corrected identity is
recorded as the field paths that changed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from tiepdan.intake.domain.cases import Actor, Case, HistoryEntry, Status, opening_deadlines
from tiepdan.intake.domain.deadlines import DeadlinePolicy
from tiepdan.intake.domain.errors import FieldErrors, TransitionRefusedError
from tiepdan.intake.domain.people import Citizen
from tiepdan.intake.domain.petitions import Eligibility, assess
from tiepdan.intake.domain.vocabulary import Kind
from tiepdan.kit.calendar import WorkingCalendar

CONTENT_FIELDS = ("kind", "field", "subject", "area", "summary", "party_related")
VISIT_FIELDS = (*CONTENT_FIELDS, "reception", "headcount", "host_name", "handled_by", "notes")
PETITION_FIELDS = (*CONTENT_FIELDS, "channel", "sender_agency", "signers")
#: What a case takes from its record while that record is its only one (the case was opened by it alone).
CASE_FIELDS = ("kind", "field", "subject", "area", "party_related")
#: A case may absorb another only while it is still being handled.
MERGE_TARGET_STATUSES = frozenset({Status.RECEIVED, Status.ACCEPTED, Status.SUSPENDED})
CITIZEN_FIELDS = tuple(f.name for f in fields(Citizen))
_FORM_FLAGS = ("signed", "dated", "in_vietnamese")


@dataclass(frozen=True)
class Correction:
    """The fields to set (only those the clerk sent), the citizens to list instead (None: unchanged), why."""

    reason: str | None
    values: Mapping[str, Any]
    citizens: list[Citizen] | None = None


def changed_values(current: Mapping[str, Any], wanted: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """{field: {"before": …, "after": …}} for the fields whose value really changes."""
    return {
        name: {"before": current[name], "after": value}
        for name, value in wanted.items()
        if name in current and current[name] != value
    }


def changed_citizen_paths(before: Sequence[Citizen], after: Sequence[Citizen]) -> list[str]:
    """Which identity fields changed, as paths ("citizens.0.full_name"), never their values."""
    paths = []
    for index in range(max(len(before), len(after))):
        old = before[index] if index < len(before) else None
        new = after[index] if index < len(after) else None
        if old is None or new is None:
            paths.append(f"citizens.{index}")
            continue
        paths.extend(f"citizens.{index}.{name}" for name in CITIZEN_FIELDS if getattr(old, name) != getattr(new, name))
    return paths


def correction_problems(
    correction: Correction, changes: Mapping[str, Any], citizen_paths: Sequence[str]
) -> FieldErrors:
    found = FieldErrors()
    if not (correction.reason or "").strip():
        found.add("reason", "Sửa thông tin phải ghi lý do (reason).")
    if not changes and not citizen_paths:
        found.add("_schema", "Không có trường nào khác với thông tin đã ghi: không có gì để sửa.")
    return found


def case_follows(case: Case) -> bool:
    """A case opened by one record and joined by no other takes that record's corrected content."""
    return case.visit_count + case.petition_count == 1


def correct_case(
    case: Case,
    changes: Mapping[str, dict[str, Any]],
    policy: DeadlinePolicy,
    calendar: WorkingCalendar,
) -> dict[str, dict[str, Any]]:
    """Apply a record's corrected content to its case; returns the case's own changes.

    A new kind re-counts the first deadline owed under the law of that kind, which is only right while nothing
    has been decided: once the case left `received`, reclassifying it is refused (409)."""
    case_changes = {name: change for name, change in changes.items() if name in CASE_FIELDS}
    if "kind" in case_changes:
        if case.status is not Status.RECEIVED:
            raise TransitionRefusedError(
                f"Vụ việc đã ở trạng thái '{case.status.value}' theo loại '{case.kind.value}': "
                "chỉ đổi loại khi vụ việc còn ở trạng thái 'received'."
            )
        case.kind = Kind(case_changes["kind"]["after"])
        from_visit = "reply_due" in case.deadlines
        case.deadlines = opening_deadlines(
            case.kind, case.received_on, from_visit, case.several_places, policy, calendar
        )
    for name in ("field", "subject", "area", "party_related"):
        if name in case_changes:
            setattr(case, name, case_changes[name]["after"])
    if "subject" in case_changes:
        vars(case).pop("subject_key", None)  # folded again from the corrected subject
    return case_changes


@dataclass(frozen=True)
class CorrectionMade:
    """A record's correction as its case's history keeps it."""

    record: str  # "visit" or "petition"
    record_id: str
    reason: str
    changes: Mapping[str, Any]
    citizen_paths: Sequence[str]
    case_changes: Mapping[str, Any]


@dataclass(frozen=True)
class Act:
    """Who did something on a case, when and why."""

    actor: Actor
    at: datetime
    reason: str


def correction_entry(case: Case, actor: Actor, at: datetime, made: CorrectionMade) -> HistoryEntry:
    record = made.record
    details: dict[str, Any] = {f"{record}_id": made.record_id, "changes": dict(made.changes)}
    if made.citizen_paths:
        details["identity_changed"] = list(made.citizen_paths)
    if made.case_changes:
        details["case_changes"] = dict(made.case_changes)
    entry = HistoryEntry(
        at=at,
        actor=actor.sub,
        actor_name=actor.name,
        action=f"correct_{record}",
        from_status=case.status.value,
        to_status=case.status.value,
        reason=made.reason.strip(),
        details=details,
    )
    case.history.append(entry)
    return entry


def reassess(
    kind: Kind, signers: list[Citizen], kind_before: Kind, signers_before: list[Citizen], reasons_before: Sequence[str]
) -> Eligibility:
    """A petition assessed again under a corrected kind or signers. Whether it was signed, dated and in Vietnamese
    is not stored, only the reasons it was found ineligible for: each is recovered as whether the reason `assess`
    gives for its absence was among them."""
    complete = set(assess(kind_before, signers_before, True, True, True).reasons)
    flags = {}
    for name in _FORM_FLAGS:
        missing = set(assess(kind_before, signers_before, **{**dict.fromkeys(_FORM_FLAGS, True), name: False}).reasons)
        flags[name] = not (missing - complete) & set(reasons_before)
    return assess(kind, signers, **flags)


# merging ------------------------------------------------------------------------------------------------------


def merge_problems(case_id: str, into: str | None, reason: str | None) -> FieldErrors:
    found = FieldErrors()
    if not (reason or "").strip():
        found.add("reason", "Gộp vụ việc phải ghi lý do (reason).")
    if not (into or "").strip():
        found.add("into", "Phải ghi vụ việc được giữ lại (into).")
    elif into == case_id:
        found.add("into", "Không thể gộp một vụ việc vào chính nó.")
    return found


def merge_refused_because(source: Case, target: Case) -> str | None:
    """Why the two cases cannot be merged now (409), or None."""
    if source.status is Status.MERGED:
        return f"Vụ việc đã được gộp vào vụ việc {source.merged_into}."
    if target.status is Status.MERGED:
        return f"Vụ việc đích đã được gộp vào vụ việc {target.merged_into}; gộp vào vụ việc đó."
    if target.status not in MERGE_TARGET_STATUSES:
        allowed = ", ".join(sorted(s.value for s in MERGE_TARGET_STATUSES))
        return f"Vụ việc đích đã kết thúc ('{target.status.value}'); chỉ gộp vào vụ việc đang ở: {allowed}."
    return None


def merge_mismatch(source: Case, target: Case) -> FieldErrors:
    """Cases of different kinds, or one about a Party member and one not, are different matters (and different
    people may read them): correct the kind first."""
    found = FieldErrors()
    if source.kind is not target.kind:
        found.add("into", f"Hai vụ việc khác loại ('{source.kind.value}', '{target.kind.value}'): sửa loại trước.")
    if source.party_related != target.party_related:
        found.add("into", "Một vụ việc liên quan đến đảng viên, vụ việc kia không: không gộp được.")
    return found


def merge(
    source: Case, target: Case, act: Act, moved: Mapping[str, list[str]], source_history: Sequence[HistoryEntry]
) -> None:
    """`source` joins `target`: its visits and petitions (`moved`) now count on the target, its history is copied
    onto the target (marked `merged_from`, the original entries stay on the source), and it ends as `merged`."""
    actor, at, reason = act.actor, act.at, act.reason
    previous = source.status
    details = {"case_id": source.id, "into": target.id, **moved}
    target.visit_count += source.visit_count
    target.petition_count += source.petition_count
    target.first_visit_at = min(filter(None, [target.first_visit_at, source.first_visit_at]), default=None)
    for entry in source_history:
        target.history.append(
            HistoryEntry(
                at=entry.at,
                actor=entry.actor,
                actor_name=entry.actor_name,
                action=entry.action,
                from_status=entry.from_status,
                to_status=entry.to_status,
                reason=entry.reason,
                details={**entry.details, "merged_from": source.id},
            )
        )
    target.history.append(
        HistoryEntry(at, actor.sub, actor.name, "merge_from", target.status.value, target.status.value, reason, details)
    )
    source.status = Status.MERGED
    source.merged_into = target.id
    source.last_action = "merge"
    source.visit_count = source.petition_count = 0
    source.history.append(
        HistoryEntry(at, actor.sub, actor.name, "merge", previous.value, Status.MERGED.value, reason, details)
    )
