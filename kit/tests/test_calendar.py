from datetime import date

import pytest

from tiepdan.kit.calendar import WorkingCalendar, default_calendar_data


@pytest.fixture(scope="module")
def calendar():
    return WorkingCalendar.default()


def test_new_year_2027_is_not_a_working_day(calendar):
    assert not calendar.is_working_day(date(2027, 1, 1))


@pytest.mark.parametrize("day", [date(2027, 2, 4), date(2027, 2, 5), date(2027, 2, 8), date(2027, 2, 10)])
def test_tet_2027_is_off(calendar, day):
    assert not calendar.is_working_day(day)


@pytest.mark.parametrize(
    "day", [date(2027, 4, 16), date(2027, 4, 30), date(2027, 5, 3), date(2027, 9, 2), date(2027, 9, 3)]
)
def test_2027_holidays_are_off(calendar, day):
    assert not calendar.is_working_day(day)


def test_a_visit_on_30_december_2026_is_answered_by_14_january_2027(calendar):
    # Thu 31/12 = 1; Fri 1/1 is Tết Dương lịch; Mon 4 … Fri 8 = 2–6; Mon 11 … Thu 14 = 7–10.
    assert calendar.add_working_days(date(2026, 12, 30), 10) == date(2027, 1, 14)


def test_the_calendar_knows_which_years_it_covers(calendar):
    assert calendar.years == frozenset({2026, 2027})
    assert calendar.last_known_day == date(2027, 12, 31)
    assert calendar.unknown_years(date(2027, 12, 20), date(2028, 1, 10)) == (2028,)
    assert calendar.unknown_years(date(2026, 12, 20), date(2027, 1, 10)) == ()


def test_every_shipped_year_names_its_basis():
    assert default_calendar_data()["years"] == [2026, 2027]
    assert all(basis for basis in default_calendar_data()["basis"].values())
    assert all(entry.get("name") for entry in default_calendar_data()["days_off"])


def test_a_single_year_document_covers_its_year_and_a_legacy_one_the_years_of_its_days_off():
    one_year = WorkingCalendar.from_dict({"year": 2028, "days_off": []})
    assert one_year.years == frozenset({2028})
    legacy = WorkingCalendar.from_dict({"days_off": [{"from": "2026-01-01", "to": "2026-01-04"}]})
    assert legacy.years == frozenset({2026})


def test_a_year_document_merges_into_a_calendar_and_replaces_only_its_year():
    from tiepdan.kit.calendar import merge_year

    base = default_calendar_data()
    year_2028 = {"year": 2028, "days_off": [{"from": "2028-01-01", "to": "2028-01-01", "name": "Tết Dương lịch"}]}
    merged = merge_year(base, year_2028)
    calendar = WorkingCalendar.from_dict(merged)
    assert calendar.years == frozenset({2026, 2027, 2028})
    assert calendar.is_working_day(date(2028, 1, 3))
    assert not calendar.is_working_day(date(2027, 1, 1))
    replaced = WorkingCalendar.from_dict(merge_year(merged, {"year": 2027, "days_off": []}))
    assert replaced.is_working_day(date(2027, 2, 8))
    assert not replaced.is_working_day(date(2026, 2, 16))
    assert replaced.years == frozenset({2026, 2027, 2028})


def test_a_stored_calendar_gets_the_shipped_years_it_does_not_know():
    from tiepdan.kit.calendar import with_shipped_years, year_calendar_data

    stored_2026 = year_calendar_data(2026)
    stored_2026["days_off"].append({"from": "2026-03-16", "to": "2026-03-16", "name": "Nghỉ sau bầu cử"})
    completed = WorkingCalendar.from_dict(with_shipped_years(stored_2026))
    assert completed.years == frozenset({2026, 2027})
    assert not completed.is_working_day(date(2027, 1, 1))
    assert not completed.is_working_day(date(2026, 3, 16))
    assert with_shipped_years(default_calendar_data()) == default_calendar_data()
