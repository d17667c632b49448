from datetime import date

from tiepdan.reports.domain.daily import ReceptionDay, register_counts
from tiepdan.reports.domain.reconciliation import Difference, flatten, reconcile

DAY = date(2026, 1, 19)
NEXT = date(2026, 1, 20)


def test_flatten_names_nested_counts() -> None:
    assert dict(flatten({"visits": 2, "by_reception": {"regular": {"visits": 2}}})) == {
        "visits": 2,
        "by_reception.regular.visits": 2,
    }


def test_matching_figures_give_no_difference() -> None:
    counts = register_counts({"regular": ReceptionDay(3, 9, 1)}, 2)
    assert reconcile({("bq", DAY): counts}, {("bq", DAY): {"date": "2026-01-19", **counts}}) == []


def test_each_differing_count_is_listed() -> None:
    ours = register_counts({"regular": ReceptionDay(3, 9, 1)}, 2)
    theirs = register_counts({"regular": ReceptionDay(4, 10, 1)}, 2)
    differences = reconcile({("bq", DAY): ours}, {("bq", DAY): theirs})
    assert [(d.metric, d.register, d.reports) for d in differences] == [
        ("visits", 4, 3),
        ("persons", 10, 9),
        ("by_reception.regular.visits", 4, 3),
        ("by_reception.regular.persons", 10, 9),
    ]
    assert differences[0].to_dict() == {
        "unit": "bq",
        "date": "2026-01-19",
        "metric": "visits",
        "register": 4,
        "reports": 3,
        "difference": -1,
    }


def test_a_day_without_register_summary_lists_its_activity() -> None:
    ours = register_counts({"delegated": ReceptionDay(1, 2, 0)}, 0)
    differences = reconcile({("bq", NEXT): ours}, {})
    assert Difference("bq", NEXT, "visits", None, 1) in differences
    assert all(d.register is None for d in differences)
    assert differences[0].to_dict()["difference"] is None


def test_a_register_day_the_projection_never_saw_is_compared_with_zero() -> None:
    theirs = register_counts({"regular": ReceptionDay(1, 1, 0)}, 0)
    differences = reconcile({}, {("bq", DAY): theirs})
    assert [(d.metric, d.register, d.reports) for d in differences][:2] == [("visits", 1, 0), ("persons", 1, 0)]


def test_differences_come_in_date_then_unit_order() -> None:
    one = register_counts({"regular": ReceptionDay(1, 1, 0)}, 0)
    differences = reconcile({("tp", NEXT): one, ("bq", NEXT): one, ("tp", DAY): one}, {})
    assert [(d.date, d.unit) for d in differences if d.metric == "visits"] == [(DAY, "tp"), (NEXT, "bq"), (NEXT, "tp")]
