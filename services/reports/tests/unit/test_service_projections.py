"""The projections through the service layer, on the in-memory unit of work: a burst of intake's events becomes
the figures the forms print, whatever the order and however often an event is delivered."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tiepdan.reports.domain.cases import CaseDeadline
from tiepdan.reports.domain.daily import AlertSeen
from tiepdan.reports.domain.periods import CutOffRule, Period
from tiepdan.reports.handlers.intake import visit_values
from tiepdan.reports.service import projections
from tiepdan.reports.service.figures import live_figures

WARD, OTHER_WARD = "bach-quang", "tran-phu"
Q1 = CutOffRule().window("quarter", 2026, 1)
YEAR = Period(date(2025, 11, 1), date(2026, 6, 30))


def _project_visits(uow, events_of, bursts) -> int:
    recorded = 0
    for burst in bursts:
        with uow:
            recorded += projections.record_visits(uow, [visit_values(events_of.visit(row)) for row in burst])
            uow.commit()
    return recorded


def test_a_burst_with_redeliveries_counts_each_visit_once(fake_uow, events_of, visit_rows) -> None:
    # bursts that overlap, and a visit twice in one burst
    bursts = [visit_rows[:5], visit_rows[3:9], visit_rows[8:], visit_rows[:2] + visit_rows[:2]]
    assert _project_visits(fake_uow, events_of, bursts) == len(visit_rows)
    with fake_uow:
        by_unit = live_figures(fake_uow, None, YEAR, "unit", 5)
    assert [(row.key, row.visits, row.cases) for row in by_unit.items] == [(WARD, 12, 6), (OTHER_WARD, 1, 1)]
    assert by_unit.total["visits"] == 13
    assert by_unit.total["persons"] == sum(row.headcount for row in visit_rows)


def test_the_burst_becomes_the_hand_counted_q1_form(fake_uow, events_of, visit_rows) -> None:
    _project_visits(fake_uow, events_of, [visit_rows[::-1]])  # late visits slot into their chains
    with fake_uow:
        figures = fake_uow.figures.reception_figures(frozenset({WARD}), Q1, 5)[WARD].to_dict()
    assert figures["total"] == {"visits": 8, "persons": 35, "cases": 6}
    assert figures["regular"]["cases_first"] == 2
    assert figures["regular"]["cases_repeat"] == 1


def test_by_day_every_day_of_the_period_has_a_row(fake_uow, events_of, visit_rows) -> None:
    _project_visits(fake_uow, events_of, [visit_rows])
    week = Period(date(2026, 2, 1), date(2026, 2, 7))
    with fake_uow:
        by_day = live_figures(fake_uow, None, week, "day", 5)
    assert [row.key for row in by_day.items] == [f"2026-02-0{n}" for n in range(1, 8)]
    assert [row.visits for row in by_day.items] == [0, 2, 0, 0, 0, 0, 0]  # c1 and c2 on 02/02
    assert by_day.items[1].groups == 1
    assert by_day.items[1].group_persons == 12


def test_a_merged_case_counts_on_the_surviving_one_even_for_visits_after_the_merge(
    fake_uow, events_of, visit_rows
) -> None:
    _project_visits(fake_uow, events_of, [[row for row in visit_rows if row.case_id != "case-c"]])
    at = datetime(2026, 3, 1, tzinfo=UTC)
    with fake_uow:
        projections.merge_case(fake_uow, {"case_id": "case-c", "into": "case-b", "unit": WARD, "merged_at": at})
        fake_uow.commit()
    after_the_merge = [row for row in visit_rows if row.case_id == "case-c"]
    _project_visits(fake_uow, events_of, [after_the_merge])
    with fake_uow:
        cases = {row.key: row.cases for row in live_figures(fake_uow, None, YEAR, "unit", 5).items}
    assert cases[WARD] == 5  # a, b (with c), d, e, f
    assert {row["case_id"] for row in fake_uow.store.visits.values() if row["visit_id"].startswith("v-c")} == {"case-b"}


def test_a_correction_before_its_visit_records_the_visit_as_corrected(fake_uow, events_of, visit_rows) -> None:
    row = visit_rows[0]
    corrected = visit_values(events_of.visit(row)) | {"reception": "delegated", "headcount": 4}
    with fake_uow:
        projections.correct_visit(fake_uow, corrected)
        projections.record_visits(fake_uow, [visit_values(events_of.visit(row))])  # the original arrives late
        by_reception = live_figures(fake_uow, None, YEAR, "reception", 5)
    assert [(r.key, r.visits, r.persons, r.petitions) for r in by_reception.items] == [("delegated", 1, 4, None)]


def test_case_events_set_deadlines_the_latest_event_winning(fake_uow, events_of, case_rows) -> None:
    previous: dict[str, str] = {}
    with fake_uow:
        for row in case_rows:
            data = events_of.case(row, previous.get(row.case_id))
            previous[row.case_id] = row.status
            change = {"event_id": data.id, "unit": WARD, "case_id": row.case_id, "at": data.occurred} | _change(row)
            deadlines = {"process_by": date(2026, 2, 11)} if row.case_id == "k5" else {}
            projections.record_case_change(fake_uow, change, deadlines, corrected=False)
        older = datetime(2026, 1, 1, tzinfo=UTC)
        projections.record_deadline(fake_uow, CaseDeadline(WARD, "k5", "process_by", date(2027, 1, 1)), older)
        fake_uow.commit()
    assert len(fake_uow.store.changes) == len(case_rows)
    assert fake_uow.store.deadlines[("k5", "process_by")][0].due == date(2026, 2, 11)


def test_a_reclassified_case_owes_only_the_deadlines_it_now_lists(fake_uow) -> None:
    at = datetime(2026, 2, 1, tzinfo=UTC)
    later = datetime(2026, 2, 5, tzinfo=UTC)
    base = {"unit": WARD, "case_id": "k9", "status": "accepted", "kind": "complaint", "field": "land"}
    with fake_uow:
        two = {"process_by": date(2026, 2, 10), "resolve_by": date(2026, 3, 10)}
        projections.record_case_change(fake_uow, base | {"event_id": "e1", "at": at}, two, corrected=False)
        one = {"reply_due": date(2026, 2, 20)}
        projections.record_case_change(fake_uow, base | {"event_id": "e2", "at": later}, one, corrected=True)
    assert sorted(name for _case, name in fake_uow.store.deadlines) == ["reply_due"]


def test_alert_events_in_any_order_give_the_same_alert(fake_uow) -> None:
    raised = datetime(2026, 2, 1, 8, tzinfo=UTC)
    resolved = datetime(2026, 2, 1, 10, tzinfo=UTC)
    events = [
        AlertSeen("a1", WARD, "crowd", "open", raised, None, raised),
        AlertSeen("a1", WARD, "crowd", "acknowledged", raised, None, datetime(2026, 2, 1, 9, tzinfo=UTC)),
        AlertSeen("a1", WARD, "crowd", "resolved", raised, resolved, resolved),
    ]
    for order in (events, events[::-1], [events[2], events[0], events[1]]):
        with fake_uow:
            fake_uow.store.alerts.clear()
            for seen in order:
                projections.record_alert(fake_uow, seen)
            assert fake_uow.store.alerts["a1"] == events[2]
            at_nine = datetime(2026, 2, 1, 9, tzinfo=UTC)
            assert [a.alert_id for a in fake_uow.figures.open_alerts(None, at_nine)] == ["a1"]
            assert fake_uow.figures.open_alerts(None, resolved) == []


def test_the_calendar_copy_keeps_the_newer_calendar(fake_uow) -> None:
    newer, older = datetime(2026, 2, 2, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)
    with fake_uow:
        assert projections.copy_calendar(fake_uow, WARD, {"special_periods": [], "marker": "new"}, newer)
        assert not projections.copy_calendar(fake_uow, WARD, {"special_periods": [], "marker": "old"}, older)
    assert fake_uow.calendars.documents()[WARD]["marker"] == "new"


def _change(row) -> dict:
    return {
        "status": row.status,
        "previous_status": None,
        "kind": row.kind,
        "field": row.field,
        "area": "",
        "competent": row.competent,
        "complaint_round": row.complaint_round,
        "action": row.action,
        "outcome": None,
        "watched": None,
    }
