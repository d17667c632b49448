"""Issue 19's alerts through the service layer, on the in-memory unit of work: an enforcement planned near a special
period and the Chairman's decision on it, a reception for the police to secure, a handling plan's overdue task."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from alerts_samples import ORDINARY

from tiepdan.alerts.domain.book import Change
from tiepdan.alerts.domain.kinds import Kind, Severity, Status
from tiepdan.alerts.domain.observations import (
    InvalidEventError,
    enforcement_decision_from,
    enforcement_plan_from,
    overdue_task_from,
    scheduled_reception_from,
)
from tiepdan.alerts.service.following import (
    close_ended_receptions,
    take_enforcement_cleared,
    take_enforcement_decision,
    take_enforcement_plan,
    take_overdue_task,
    take_reception,
    take_reception_cancelled,
    take_task_report,
)
from tiepdan.kit.testing import TEST_UNIT

#: Monday 5 January 2026, 09:00 in Hà Nội: no special period (the XIV Congress runs 19–23 January, with the weeks
#: before and after it heightened: 12–18 and 24–30 January).
EARLY_JANUARY = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)


def plan(planned_on: str, revision: int = 1, case_id: str = "c1", **more: Any):
    data = {"case_id": case_id, "planned_on": planned_on, "enforcing_unit": "Đội Quản lý trật tự đô thị"}
    return enforcement_plan_from({**data, "revision": revision, **more}, EARLY_JANUARY)


def planned(uow, *plans, now=EARLY_JANUARY):
    with uow:
        outcomes = [take_enforcement_plan(uow, TEST_UNIT, p, occurred_at=now, now=now) for p in plans]
        uow.commit()
    return outcomes


def enforcement_alerts(uow, status=None):
    found = [a for a in uow.alerts.by_id.values() if a.kind is Kind.ENFORCEMENT_IN_SPECIAL_PERIOD]
    return [a for a in found if status is None or a.status is status]


def test_a_date_inside_the_congress_raises_a_critical_alert_for_the_leader_and_the_ward_office(uow):
    (outcome,) = planned(uow, plan("2026-01-20", field="land", subject="Thu hồi đất dự án số 3", area="Tổ 5"))
    alert = outcome.alert
    assert (outcome.change, alert.severity, alert.group_key) == (Change.RAISED, Severity.CRITICAL, "case:c1|2026-01-20")
    assert alert.details["period"] == "Đại hội đại biểu toàn quốc lần thứ XIV của Đảng"
    assert alert.title.startswith("Cưỡng chế dự kiến ngày 20/01/2026, trong thời gian Đại hội đại biểu toàn quốc")
    assert "cần Chủ tịch UBND phường cân nhắc, quyết định" in alert.title
    assert alert.case_ids == ["c1"]
    told = {d.receiver for d in uow.deliveries.of_alert(alert.id)}
    assert told == {"leader", "ward_office"}
    assert [e.type for e in uow.events] == ["alerts.alert.raised"]


@pytest.mark.parametrize(
    ("planned_on", "expected"),
    [
        ("2026-03-29", Severity.WARNING),  # 7 days after "Sau ngày bầu cử" (16–22 March)
        ("2026-03-30", None),  # 8 days after it
        ("2026-06-10", None),
    ],
)
def test_within_seven_days_of_a_period_is_a_warning_and_further_is_nothing(uow, planned_on, expected):
    (outcome,) = planned(uow, plan(planned_on))
    assert (outcome.alert.severity if outcome else None) == expected
    if outcome:
        assert outcome.alert.title.startswith(f"Cưỡng chế dự kiến ngày {date.fromisoformat(planned_on):%d/%m/%Y}, sát")


def test_a_new_date_outside_resolves_the_alert_and_a_stale_revision_changes_nothing(uow):
    planned(uow, plan("2026-01-20"))
    assert planned(uow, plan("2026-06-10", revision=2)) == [None]
    (old,) = enforcement_alerts(uow)
    assert (old.status, old.resolve_note) == (Status.RESOLVED, "Kế hoạch cưỡng chế chuyển sang ngày 10/06/2026")
    assert {d.reason for d in uow.deliveries.of_alert(old.id)} == {"raised", "resolved"}
    assert planned(uow, plan("2026-01-21", revision=1)) == [None]  # an older message arriving late
    assert enforcement_alerts(uow, Status.OPEN) == []


def test_a_new_date_near_another_period_replaces_the_alert_with_one_for_that_day(uow):
    planned(uow, plan("2026-01-20"))
    (outcome,) = planned(uow, plan("2026-03-10", revision=2))
    assert (outcome.change, outcome.alert.severity) == (Change.RAISED, Severity.CRITICAL)  # inside "before election"
    (active,) = enforcement_alerts(uow, Status.OPEN)
    assert active.group_key == "case:c1|2026-03-10"
    assert len(enforcement_alerts(uow, Status.RESOLVED)) == 1


def test_a_redelivered_plan_counts_once(uow):
    first = plan("2026-01-20")
    assert planned(uow, first, first)[1] is None
    assert len(uow.events) == 1


def test_cleared_resolves_the_cases_alert_and_no_other(uow):
    planned(uow, plan("2026-01-20"), plan("2026-01-21", case_id="c2"))
    with uow:
        (settled,) = take_enforcement_cleared(uow, TEST_UNIT, "c1", "done", now=EARLY_JANUARY)
        uow.commit()
    assert (settled.status, settled.resolve_note) == (Status.RESOLVED, "Đã thực hiện cưỡng chế")
    (still,) = enforcement_alerts(uow, Status.OPEN)
    assert still.details["case_id"] == "c2"


def decide(uow, decision: str, planned_on: str = "2026-01-20"):
    data = {
        "case_id": "c1",
        "planned_on": planned_on,
        "decision": decision,
        "decided_by": "leader",
        "decided_at": "2026-01-15T09:00:00+07:00",
    }
    with uow:
        alert = take_enforcement_decision(uow, TEST_UNIT, enforcement_decision_from(data), now=EARLY_JANUARY)
        uow.commit()
    return alert


def test_the_chairmans_go_acknowledges_the_alert_which_stays_until_the_enforcement_is_cleared(uow):
    planned(uow, plan("2026-01-20"))
    alert = decide(uow, "go")
    assert (alert.status, alert.acknowledged_by) == (Status.ACKNOWLEDGED, "Chủ tịch UBND phường")
    assert "Chủ tịch UBND phường quyết định vẫn thực hiện" in alert.title
    assert alert.details["decision"] == "go"
    assert uow.events[-1].type == "alerts.alert.acknowledged"


def test_the_chairmans_hold_resolves_the_alert(uow):
    planned(uow, plan("2026-01-20"))
    alert = decide(uow, "hold")
    assert (alert.status, alert.resolve_note) == (Status.RESOLVED, "Quyết định tạm hoãn cưỡng chế ngày 20/01/2026")
    assert uow.events[-1].type == "alerts.alert.resolved"


def test_a_decision_about_another_day_changes_nothing(uow):
    planned(uow, plan("2026-01-20"))
    assert decide(uow, "go", planned_on="2026-01-22") is None
    (alert,) = enforcement_alerts(uow)
    assert alert.status is Status.OPEN


def reception(revision: int = 1, starts: str = "2026-06-11T08:00:00+07:00", ends: str = "2026-06-11T11:00:00+07:00"):
    data = {
        "reception_id": "r1",
        "place": "Hội trường UBND phường",
        "starts_at": starts,
        "ends_at": ends,
        "scheduled_by": "s001",
        "revision": revision,
    }
    return scheduled_reception_from(data, ORDINARY)


def schedule(uow, scheduled, now=ORDINARY):
    with uow:
        outcome = take_reception(uow, TEST_UNIT, scheduled, occurred_at=now, now=now)
        uow.commit()
    return outcome


def test_a_scheduled_reception_tells_the_police_escalating_to_the_leader(uow):
    outcome = schedule(uow, reception())
    alert = outcome.alert
    assert (alert.kind, alert.severity, alert.plan.receivers, alert.plan.escalation) == (
        Kind.RECEPTION_SCHEDULED,
        Severity.WARNING,
        ("police",),
        ("leader",),
    )
    assert alert.title == (
        "Tiếp công dân đột xuất tại Hội trường UBND phường, 11/06/2026 08:00 – 11/06/2026 11:00: Công an phường lập "
        "phương án bảo đảm an ninh, trật tự"
    )
    assert {d.receiver for d in uow.deliveries.of_alert(alert.id)} == {"police"}


def test_a_moved_reception_updates_the_alert_and_a_cancelled_one_resolves_it(uow):
    first = schedule(uow, reception()).alert
    moved = schedule(uow, reception(revision=2, starts="2026-06-12T14:00:00+07:00", ends="2026-06-12T16:00:00+07:00"))
    assert (moved.change, moved.alert.id) == (Change.UPDATED, first.id)
    assert "12/06/2026 14:00" in moved.alert.title
    assert schedule(uow, reception(revision=1)) is None  # stale
    with uow:
        cancelled = take_reception_cancelled(uow, TEST_UNIT, "r1", now=ORDINARY)
        uow.commit()
    assert (cancelled.status, cancelled.resolve_note) == (Status.RESOLVED, "Buổi tiếp đã hủy")


def test_a_receptions_alert_is_resolved_once_it_has_ended_and_an_ended_one_raises_nothing(uow):
    schedule(uow, reception())
    with uow:
        assert close_ended_receptions(uow, datetime(2026, 6, 11, 3, 59, tzinfo=UTC)) == 0
        assert close_ended_receptions(uow, datetime(2026, 6, 11, 4, 0, tzinfo=UTC)) == 1
        uow.commit()
    (alert,) = uow.alerts.by_id.values()
    assert alert.status is Status.RESOLVED
    assert schedule(uow, reception(revision=2), now=ORDINARY + timedelta(days=2)) is None


def overdue_task(**more: Any):
    data = {"task_id": "t1", "plan_id": "p1", "assignee_agency": "CA", "due_on": "2026-06-09", **more}
    return overdue_task_from(data, "Asia/Ho_Chi_Minh")


def test_an_overdue_task_tells_the_leader_until_it_is_reported_on(uow):
    with uow:
        outcome = take_overdue_task(
            uow,
            TEST_UNIT,
            overdue_task(title="Vận động công dân trở về địa phương"),
            occurred_at=ORDINARY,
            now=ORDINARY,
        )
        uow.commit()
    alert = outcome.alert
    assert (alert.kind, alert.severity, alert.plan.receivers) == (
        Kind.RESPONSE_TASK_OVERDUE,
        Severity.WARNING,
        ("leader",),
    )
    assert alert.title == (
        "Quá hạn báo cáo kết quả thực hiện nhiệm vụ (hạn 09/06/2026): Vận động công dân trở về địa phương, giao CA"
    )
    with uow:
        assert take_task_report(uow, TEST_UNIT, "t2", now=ORDINARY) is None
        reported = take_task_report(uow, TEST_UNIT, "t1", now=ORDINARY)
        uow.commit()
    assert reported.status is Status.RESOLVED
    assert [e.type for e in uow.events] == ["alerts.alert.raised", "alerts.alert.resolved"]


def test_unreadable_coordination_events_are_refused_naming_the_field():
    with pytest.raises(InvalidEventError, match="ends_at"):
        reception(ends="2026-06-11T07:00:00+07:00")
    with pytest.raises(InvalidEventError, match="decision"):
        enforcement_decision_from(
            {"case_id": "c1", "planned_on": "2026-01-20", "decision": "maybe", "decided_by": "leader", "decided_at": ""}
        )
    with pytest.raises(InvalidEventError, match="revision"):
        plan("2026-01-20", revision=0)
