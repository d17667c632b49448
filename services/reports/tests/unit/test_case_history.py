from datetime import date, datetime

from tiepdan.reports.domain.cases import CaseChange, CaseDeadline, DeadlineState, first_decision_on, state_as_of


def _change(at: str, status: str) -> CaseChange:
    return CaseChange("k1", datetime.fromisoformat(at), status, "complaint", "land")


def test_state_follows_event_time_not_arrival_order() -> None:
    arrived = [
        _change("2026-03-01T08:00:00+07:00", "resolved"),
        _change("2026-01-05T08:00:00+07:00", "received"),
        _change("2026-01-08T08:00:00+07:00", "accepted"),
    ]
    assert state_as_of(arrived, date(2026, 2, 1)).status == "accepted"
    assert state_as_of(arrived, date(2026, 3, 1)).status == "resolved"
    assert state_as_of(arrived, date(2026, 1, 4)) is None


def test_the_ward_day_decides_which_day_a_change_belongs_to() -> None:
    late = _change("2026-01-07T18:00:00Z", "accepted")  # 01:00 on 8/1 in the ward
    assert late.on == date(2026, 1, 8)
    assert state_as_of([late], date(2026, 1, 7)) is None


def test_first_decision_after_a_day() -> None:
    changes = [
        _change("2026-01-05T08:00:00+07:00", "received"),
        _change("2026-01-08T08:00:00+07:00", "accepted"),
        _change("2026-02-08T08:00:00+07:00", "resolved"),
    ]
    assert first_decision_on(changes, date(2026, 1, 5)) == date(2026, 1, 8)
    assert first_decision_on(changes, date(2026, 1, 9)) == date(2026, 2, 8)
    assert first_decision_on(changes, date(2026, 2, 9)) is None


def test_a_resolution_deadline_runs_while_the_case_is_accepted() -> None:
    changes = [_change("2026-01-08T08:00:00+07:00", "accepted"), _change("2026-02-25T08:00:00+07:00", "resolved")]
    resolve_by = CaseDeadline("bq", "k1", "resolve_by", date(2026, 2, 20))
    assert resolve_by.met_on(changes) == date(2026, 2, 25)
    assert resolve_by.state_as_of(changes, date(2026, 2, 20)) is DeadlineState.PENDING
    assert resolve_by.state_as_of(changes, date(2026, 2, 21)) is DeadlineState.MISSED
    assert resolve_by.state_as_of(changes, date(2026, 3, 1)) is DeadlineState.MISSED
    assert resolve_by.is_overdue_on(changes, date(2026, 2, 21))
    assert not resolve_by.is_overdue_on(changes, date(2026, 2, 25))


def test_a_processing_deadline_is_met_by_the_first_decision() -> None:
    changes = [_change("2026-01-08T08:00:00+07:00", "accepted")]
    process_by = CaseDeadline("bq", "k1", "process_by", date(2026, 1, 19))
    assert process_by.state_as_of(changes, date(2026, 1, 31)) is DeadlineState.MET
    assert not process_by.is_overdue_on(changes, date(2026, 1, 31))
    assert process_by.is_overdue_on([], date(2026, 1, 20))
    assert not process_by.is_overdue_on([], date(2026, 1, 19))


def test_a_suspension_stops_the_resolution_clock_as_intake_watches_it() -> None:
    changes = [_change("2026-01-08T08:00:00+07:00", "accepted"), _change("2026-02-10T08:00:00+07:00", "suspended")]
    resolve_by = CaseDeadline("bq", "k1", "resolve_by", date(2026, 2, 20))
    assert resolve_by.state_as_of(changes, date(2026, 3, 1)) is DeadlineState.MET


def test_the_denouncers_acceptance_notice_is_met_by_the_notice_not_by_the_acceptance() -> None:
    accepted = CaseChange("k1", datetime.fromisoformat("2026-01-20T08:00:00+07:00"), "accepted", "denunciation", "land")
    notified = CaseChange(
        "k1", datetime.fromisoformat("2026-01-29T08:00:00+07:00"), "accepted", "denunciation", "land", action="notify"
    )
    notify_by = CaseDeadline("bq", "k1", "notify_by", date(2026, 1, 27))
    assert notify_by.met_on([accepted]) is None
    assert notify_by.is_overdue_on([accepted], date(2026, 1, 28))
    assert notify_by.met_on([accepted, notified]) == date(2026, 1, 29)
    assert notify_by.state_as_of([accepted, notified], date(2026, 2, 1)) is DeadlineState.MISSED


def _denunciation(at: str, status: str, watched: frozenset[str], action: str | None = None) -> CaseChange:
    return CaseChange("k1", datetime.fromisoformat(at), status, "denunciation", "land", action=action, watched=watched)


def test_a_transfer_deadline_intake_does_not_watch_is_neither_overdue_nor_counted() -> None:
    """Intake watches `transfer_by` only once the ward is known not to be competent; the event says which."""
    received = _denunciation("2026-01-05T08:00:00+07:00", "received", frozenset({"process_by"}))
    transfer_by = CaseDeadline("bq", "k1", "transfer_by", date(2026, 1, 12))
    assert not transfer_by.is_overdue_on([received], date(2026, 1, 20))
    assert transfer_by.state_as_of([received], date(2026, 1, 31)) is None


def test_a_transfer_deadline_intake_watches_is_overdue_until_the_transfer() -> None:
    received = _denunciation("2026-01-05T08:00:00+07:00", "received", frozenset({"process_by", "transfer_by"}))
    transferred = _denunciation("2026-01-21T08:00:00+07:00", "transferred", frozenset(), action="transfer")
    transfer_by = CaseDeadline("bq", "k1", "transfer_by", date(2026, 1, 12))
    assert transfer_by.is_overdue_on([received], date(2026, 1, 20))
    assert transfer_by.state_as_of([received, transferred], date(2026, 1, 31)) is DeadlineState.MISSED
