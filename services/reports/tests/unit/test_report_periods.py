from datetime import date

import pytest

from tiepdan.reports.domain.periods import CutOffRule, Period, PeriodKind

RULE = CutOffRule()


@pytest.mark.parametrize(
    ("kind", "n", "start", "end"),
    [
        ("quarter", 1, date(2025, 12, 15), date(2026, 3, 14)),
        ("quarter", 2, date(2026, 3, 15), date(2026, 6, 14)),
        ("quarter", 3, date(2026, 6, 15), date(2026, 9, 14)),
        ("quarter", 4, date(2026, 9, 15), date(2026, 12, 14)),
        ("6m", None, date(2025, 12, 15), date(2026, 6, 14)),
        ("9m", None, date(2025, 12, 15), date(2026, 9, 14)),
        ("year", None, date(2025, 12, 15), date(2026, 12, 14)),
    ],
)
def test_2026_windows_run_from_the_15th_to_the_14th(kind: str, n: int | None, start: date, end: date) -> None:
    period = RULE.window(kind, 2026, n)
    assert (period.start, period.end) == (start, end)
    assert period.kind == kind
    assert period.year == 2026


def test_quarters_tile_the_year_without_gap_or_overlap() -> None:
    quarters = [RULE.window(PeriodKind.QUARTER, 2026, n) for n in (1, 2, 3, 4)]
    year = RULE.window(PeriodKind.YEAR, 2026)
    assert quarters[0].start == year.start
    assert quarters[-1].end == year.end
    days = [day for quarter in quarters for day in quarter.days()]
    assert days == list(year.days())
    assert len(days) == 365


def test_calendar_months_when_the_cut_off_is_configured_to_the_first() -> None:
    rule = CutOffRule(first_day=1)
    assert rule.window("quarter", 2026, 1) == Period(date(2026, 1, 1), date(2026, 3, 31), "quarter", 2026, 1)
    assert rule.window("quarter", 2026, 4).end == date(2026, 12, 31)
    assert rule.window("year", 2026).start == date(2026, 1, 1)


def test_a_configured_cut_off_day_moves_every_window() -> None:
    q1 = CutOffRule(first_day=20).window("quarter", 2026, 1)
    assert (q1.start, q1.end) == (date(2025, 12, 20), date(2026, 3, 19))


@pytest.mark.parametrize("first_day", [0, 29, 31])
def test_cut_off_day_must_exist_in_every_month(first_day: int) -> None:
    with pytest.raises(ValueError, match="between 1 and 28"):
        CutOffRule(first_day=first_day)


def test_quarter_needs_its_number() -> None:
    with pytest.raises(ValueError, match="quarter"):
        RULE.window("quarter", 2026)
    with pytest.raises(ValueError, match="quarter"):
        RULE.window("quarter", 2026, 5)


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="month"):
        RULE.window("month", 2026)


def test_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        Period(date(2026, 2, 1), date(2026, 1, 31))


def test_windows_ending_on_a_cut_off_day() -> None:
    assert RULE.windows_ending_on(date(2026, 3, 14)) == [RULE.window("quarter", 2026, 1)]
    assert {(p.kind, p.n) for p in RULE.windows_ending_on(date(2026, 6, 14))} == {("quarter", 2), ("6m", None)}
    assert {(p.kind, p.n) for p in RULE.windows_ending_on(date(2026, 9, 14))} == {("quarter", 3), ("9m", None)}
    assert {(p.kind, p.n) for p in RULE.windows_ending_on(date(2026, 12, 14))} == {("quarter", 4), ("year", None)}
    assert RULE.windows_ending_on(date(2026, 3, 15)) == []


def test_period_describes_itself() -> None:
    assert RULE.window("quarter", 2026, 1).to_dict() == {
        "from": "2025-12-15",
        "to": "2026-03-14",
        "kind": "quarter",
        "year": 2026,
        "n": 1,
    }
    assert Period(date(2026, 1, 19), date(2026, 1, 23)).to_dict() == {
        "from": "2026-01-19",
        "to": "2026-01-23",
        "kind": "custom",
    }
