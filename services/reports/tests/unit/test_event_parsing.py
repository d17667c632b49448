from datetime import date

import pytest

from tiepdan.reports.handlers.parsing import count, day, deadline_dates, instant, optional_bool, optional_instant, text


def test_instants_need_an_offset() -> None:
    assert instant("2026-01-19T01:30:00Z") == instant("2026-01-19T08:30:00+07:00")
    with pytest.raises(ValueError, match="without UTC offset"):
        instant("2026-01-19T08:30:00")
    assert optional_instant("") is None
    assert optional_instant(None) is None


def test_days_accept_dates_and_date_times() -> None:
    assert day("2026-03-14") == date(2026, 3, 14)
    assert day("2026-03-14T23:00:00+07:00") == date(2026, 3, 14)


def test_counts_and_texts_are_tolerant() -> None:
    assert count({"signers": 3}, "signers") == 3
    assert count({"signers": [{"ref": 1}, {"ref": 2}]}, "signers") == 2
    assert count({}, "headcount", 1) == 1
    assert count({"headcount": None}, "headcount", 1) == 1
    assert text({"area": "Tổ dân phố 5" * 30}, "area", 20) == ("Tổ dân phố 5" * 30)[:20]
    assert text({}, "kind", 20, "mixed") == "mixed"
    assert optional_bool({"competent": 0}, "competent") is False
    assert optional_bool({}, "competent") is None


def test_deadlines_in_both_shapes() -> None:
    deadlines = {
        "process_by": {"date": "2026-01-30", "rule": "petition_processing", "day_type": "working"},
        "reply_due": "2026-01-29",
        "resolve_by": None,
        "transfer_by": {"date": None},
    }
    assert deadline_dates(deadlines) == {"process_by": date(2026, 1, 30), "reply_due": date(2026, 1, 29)}
    assert deadline_dates(None) == {}
    assert deadline_dates(["process_by"]) == {}
