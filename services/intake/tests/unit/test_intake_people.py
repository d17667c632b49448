from datetime import date

import pytest

from tiepdan.intake.domain.people import (
    Citizen,
    as_representatives,
    citizen_problems,
    headcount_problems,
    is_group,
    max_representatives,
)

TODAY = date(2026, 1, 19)


def people(n):
    return [Citizen(full_name=f"Người {i}") for i in range(n)]


def test_headcount_must_be_positive():
    assert headcount_problems(0, [])["headcount"] == ["Số người phải từ 1 trở lên."]


def test_headcount_below_citizens_listed():
    errors = headcount_problems(2, people(3))
    assert errors == {"headcount": ["Số người (2) nhỏ hơn số công dân được liệt kê (3)."]}


@pytest.mark.parametrize(("headcount", "limit"), [(4, None), (5, 2), (10, 2), (11, 5), (200, 5)])
def test_max_representatives(headcount, limit):
    assert max_representatives(headcount) == limit


@pytest.mark.parametrize(("headcount", "listed"), [(5, 1), (5, 2), (10, 2), (11, 1), (11, 5), (40, 5), (4, 4), (1, 1)])
def test_allowed_representatives(headcount, listed):
    assert headcount_problems(headcount, people(listed)) == {}


@pytest.mark.parametrize(
    ("headcount", "listed", "expected_limit"), [(5, 3, 2), (7, 3, 2), (10, 5, 2), (11, 6, 5), (30, 10, 5)]
)
def test_too_many_representatives(headcount, listed, expected_limit):
    errors = headcount_problems(headcount, people(listed))
    assert list(errors) == ["citizens"]
    assert f"tối đa {expected_limit} người đại diện" in errors["citizens"][0]
    assert f"nhận được {listed}" in errors["citizens"][0]


def test_group_needs_at_least_one_representative():
    errors = headcount_problems(7, [])
    assert "từ 1 đến 2 người đại diện" in errors["citizens"][0]


def test_group_threshold_is_configurable():
    assert is_group(5)
    assert not is_group(4)
    assert not is_group(5, group_threshold=6)
    assert headcount_problems(5, people(3), group_threshold=6) == {}


def test_listed_citizens_of_a_group_become_representatives():
    reps = as_representatives(7, people(2), 5)
    assert all(c.representative for c in reps)
    assert not any(c.representative for c in as_representatives(3, people(2), 5))


def test_citizen_problems_name_the_field():
    citizens = [
        Citizen(full_name="A", id_number="019085001234", phone="0912345678"),
        Citizen(full_name="B", id_number="098085001234"),
        Citizen(full_name="C", phone="12345"),
        Citizen(full_name="D", id_type="passport"),
    ]
    errors = citizen_problems(citizens, TODAY)
    assert set(errors) == {"citizens.1.id_number", "citizens.2.phone", "citizens.3.id_number"}


@pytest.mark.parametrize("phone", ["0912345678", "+84912345678", "091 234 5678"])
def test_valid_phones(phone):
    assert citizen_problems([Citizen(full_name="A", phone=phone)], TODAY) == {}


def test_normalised_citizen_infers_type():
    citizen = Citizen(full_name="A", id_number="019 085 001 234", phone="091 234 5678").normalised()
    assert citizen.id_number == "019085001234"
    assert citizen.id_type == "cccd"
    assert citizen.phone == "0912345678"
