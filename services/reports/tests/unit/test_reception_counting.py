"""Biểu 01/TCD over the fixed visit set of conftest.py, every figure counted by hand."""

from datetime import date

import pytest

from tiepdan.reports.domain.periods import CutOffRule, Period
from tiepdan.reports.domain.reception import ColumnTally, ReceptionFigures, VisitFact, column_of, tally_visits

Q1 = CutOffRule().window("quarter", 2026, 1)
Q2 = CutOffRule().window("quarter", 2026, 2)
YEAR = CutOffRule().window("year", 2026)


def test_q1_2026_by_hand(visit_facts: list[VisitFact]) -> None:
    figures = tally_visits(visit_facts, Q1)["bach-quang"].to_dict()
    # regular: a2 (1, case A first seen 2025 → repeat), b1 (7, group, B's first visit), d1 (1, 14/03 23:30)
    assert figures["regular"] == {
        "visits": 3,
        "persons": 9,
        "cases_first": 2,
        "cases_repeat": 1,
        "groups": 1,
        "group_persons": 7,
        "groups_first": 1,
        "groups_repeat": 0,
    }
    # head: a3 periodic (6, repeat group), c1 periodic (1, C's first), c2 unscheduled (12, repeat group); 2 days
    assert figures["head"] == {
        "sessions": 2,
        "visits": 3,
        "persons": 19,
        "cases_first": 1,
        "cases_repeat": 1,
        "groups": 2,
        "group_persons": 18,
        "groups_first": 0,
        "groups_repeat": 2,
    }
    # delegated: e1 (5 = the threshold: a first group), e2 (2) on the next day; one case
    assert figures["delegated"] == {
        "sessions": 2,
        "visits": 2,
        "persons": 7,
        "cases_first": 1,
        "cases_repeat": 0,
        "groups": 1,
        "group_persons": 5,
        "groups_first": 1,
        "groups_repeat": 0,
    }
    # case A counts in both the regular and the head's column: the form sums the columns' cases
    assert figures["total"] == {"visits": 8, "persons": 35, "cases": 6}


def test_q2_2026_by_hand(visit_facts: list[VisitFact]) -> None:
    figures = tally_visits(visit_facts, Q2)["bach-quang"].to_dict()
    # d2 came at 00:10 on 15/03 in the ward (17:10Z): Q2, and a repeat since D's first visit was in Q1
    assert figures["regular"]["visits"] == 2
    assert figures["regular"]["persons"] == 4
    assert (figures["regular"]["cases_first"], figures["regular"]["cases_repeat"]) == (1, 1)
    assert figures["head"] == dict.fromkeys(figures["head"], 0)
    assert figures["delegated"]["sessions"] == 1
    assert (figures["delegated"]["cases_first"], figures["delegated"]["cases_repeat"]) == (0, 1)
    assert figures["total"] == {"visits": 3, "persons": 6, "cases": 3}


def test_year_2026_by_hand(visit_facts: list[VisitFact]) -> None:
    figures = tally_visits(visit_facts, YEAR)["bach-quang"].to_dict()
    assert (YEAR.start, YEAR.end) == (date(2025, 12, 15), date(2026, 12, 14))
    assert figures["regular"]["visits"] == 5
    assert figures["regular"]["persons"] == 13
    assert (figures["regular"]["cases_first"], figures["regular"]["cases_repeat"]) == (3, 1)
    # B's first visit (19/01) is inside the year, so its delegated visit in Q2 counts B as first-time there
    assert (figures["delegated"]["cases_first"], figures["delegated"]["cases_repeat"]) == (2, 0)
    assert figures["delegated"]["sessions"] == 3
    assert figures["total"] == {"visits": 11, "persons": 41, "cases": 8}


def test_totals_are_sums_of_the_columns(visit_facts: list[VisitFact]) -> None:
    for period in (Q1, Q2, YEAR):
        figures = tally_visits(visit_facts, period)["bach-quang"].to_dict()
        columns = [figures[name] for name in ("regular", "head", "delegated")]
        assert figures["total"]["visits"] == sum(column["visits"] for column in columns)
        assert figures["total"]["persons"] == sum(column["persons"] for column in columns)
        assert figures["total"]["cases"] == sum(column["cases_first"] + column["cases_repeat"] for column in columns)
        for column in columns:
            assert column["groups"] == column["groups_first"] + column["groups_repeat"]


def test_quarters_add_up_to_the_visits_of_the_year(visit_facts: list[VisitFact]) -> None:
    quarters = [tally_visits(visit_facts, CutOffRule().window("quarter", 2026, n)) for n in (1, 2, 3, 4)]
    year = tally_visits(visit_facts, YEAR)
    for unit, figures in year.items():
        assert sum(q[unit].total_visits for q in quarters if unit in q) == figures.total_visits
        assert sum(q[unit].total_persons for q in quarters if unit in q) == figures.total_persons


def test_each_unit_gets_its_own_row(visit_facts: list[VisitFact]) -> None:
    per_unit = tally_visits(visit_facts, Q1)
    assert list(per_unit) == ["bach-quang", "tran-phu"]
    assert per_unit["tran-phu"].regular == ColumnTally(
        visits=1, persons=5, cases_first=1, groups=1, group_persons=5, groups_first=1, sessions=1
    )


def test_visits_outside_the_period_are_not_counted(visit_facts: list[VisitFact]) -> None:
    december = Period(date(2025, 11, 1), date(2025, 11, 30))
    assert tally_visits(visit_facts, december)["bach-quang"].to_dict()["total"] == {
        "visits": 1,
        "persons": 1,
        "cases": 1,
    }


def test_configured_group_threshold(visit_facts: list[VisitFact]) -> None:
    figures = tally_visits(visit_facts, Q1, group_threshold=10)["bach-quang"]
    assert (figures.regular.groups, figures.head.groups, figures.delegated.groups) == (0, 1, 0)


def test_empty_figures_have_the_contract_shape() -> None:
    assert ReceptionFigures().to_dict() == {
        "total": {"visits": 0, "persons": 0, "cases": 0},
        "regular": dict.fromkeys(
            (
                "visits",
                "persons",
                "cases_first",
                "cases_repeat",
                "groups",
                "group_persons",
                "groups_first",
                "groups_repeat",
            ),
            0,
        ),
        "head": dict.fromkeys(
            (
                "sessions",
                "visits",
                "persons",
                "cases_first",
                "cases_repeat",
                "groups",
                "group_persons",
                "groups_first",
                "groups_repeat",
            ),
            0,
        ),
        "delegated": ReceptionFigures().to_dict()["head"],
    }


@pytest.mark.parametrize(
    ("reception", "column"),
    [("regular", "regular"), ("periodic", "head"), ("unscheduled", "head"), ("delegated", "delegated")],
)
def test_reception_kinds_map_to_the_form_columns(reception: str, column: str) -> None:
    assert column_of(reception) == column


def test_unknown_reception_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown reception 'online'"):
        column_of("online")
