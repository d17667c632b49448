from datetime import date

import pytest

from tiepdan.roster.domain.errors import InvalidDocument
from tiepdan.roster.domain.staff import StaffDirectory, parse_one_staff, sample_ward_data


def test_shared_ward_parses_with_ids_kept(ward):
    directory = StaffDirectory.from_dict(ward)
    assert len(directory.staff) == 32
    assert len(directory.agencies) == 8
    chair = next(s for s in directory.staff if s.id == "s011")
    assert chair.skills == {"leader", "chair"}
    assert chair.agency == "LD"
    assert sample_ward_data() == ward


def test_leave_unavailability_and_preferences(ward):
    person = ward["staff"][0]
    person["unavailable"] = ["2026-01-20"]
    person["leave"] = [{"from": "2026-02-02", "to": "2026-02-06", "reason": "nghỉ phép năm"}]
    person["preferences"] = {"avoid_shifts": ["night"], "avoid_weekdays": ["sun"], "avoid_dates": ["2026-03-15"]}
    staff = StaffDirectory.from_dict(ward).staff[0]
    assert not staff.is_available(date(2026, 1, 20))
    assert not staff.is_available(date(2026, 2, 4))
    assert staff.is_available(date(2026, 2, 7))
    assert staff.preferences.dislikes(date(2026, 3, 15), "night") == 3  # a Sunday night on an avoided date
    assert staff.preferences.dislikes(date(2026, 3, 16), "morning") == 0
    assert parse_one_staff(staff.to_dict()) == staff


def test_inactive_staff_are_never_available(ward):
    ward["staff"][0]["active"] = False
    assert not StaffDirectory.from_dict(ward).staff[0].is_available(date(2026, 1, 20))


def test_every_bad_field_is_named(ward):
    ward["staff"][0]["agency"] = "XYZ"
    ward["staff"][1]["skills"] = "reception"
    ward["staff"][2]["leave"] = [{"from": "2026-02-10", "to": "2026-02-01"}]
    ward["staff"][3]["unavailable"] = ["20/01/2026"]
    ward["staff"][4]["id"] = "s001"
    ward["staff"][5]["full_name"] = " "
    ward["staff"][6]["preferences"] = {"avoid_weekdays": ["sunday"]}
    with pytest.raises(InvalidDocument) as caught:
        StaffDirectory.from_dict(ward)
    assert set(caught.value.errors) == {
        "staff.0.agency",
        "staff.1.skills",
        "staff.2.leave.0.to",
        "staff.3.unavailable.0",
        "staff.4.id",
        "staff.5.full_name",
        "staff.6.preferences.avoid_weekdays",
    }
    assert "XYZ" in caught.value.errors["staff.0.agency"][0]


def test_a_document_without_staff_is_refused():
    with pytest.raises(InvalidDocument) as caught:
        StaffDirectory.from_dict({"agencies": []})
    assert "staff" in caught.value.errors
