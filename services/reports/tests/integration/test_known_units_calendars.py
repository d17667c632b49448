"""Reports time its scheduled reports on each unit's calendar copy, completed with the years the kit ships later (as
intake, alerts and roster do): a unit that stored only 2026 still knows 2027's days off."""

from datetime import date

from tiepdan.kit.calendar import default_calendar_data
from tiepdan.kit.db import utcnow
from tiepdan.reports.service.schedule import known_units


def test_a_calendar_stored_before_a_year_shipped_learns_that_year(reports_runtime):
    only_2026 = {
        key: [entry for entry in value if (entry.get("from") or entry["date"]).startswith("2026")]
        if isinstance(value, list) and value and isinstance(value[0], dict)
        else value
        for key, value in default_calendar_data().items()
        if key not in {"years", "basis"}
    }
    with reports_runtime.uow() as uow:
        uow.calendars.apply("bach-quang", only_2026, utcnow())
        uow.commit()
    with reports_runtime.uow() as uow:
        calendar = known_units(uow, reports_runtime.settings.unit)["bach-quang"]
    assert not calendar.is_working_day(date(2027, 1, 1))
    assert not calendar.is_working_day(date(2027, 2, 8))  # Tết Đinh Mùi
