from tiepdan.reports.domain.figures import add_figures, sum_figures
from tiepdan.reports.domain.reception import ReceptionFigures


def test_nested_figures_add_key_by_key() -> None:
    left = {"total": {"visits": 2}, "outcome": {"competent": {"total": 1}}}
    right = {"total": {"visits": 3, "persons": 4}, "outcome": {"competent": {"total": 2}}}
    assert add_figures(left, right) == {"total": {"visits": 5, "persons": 4}, "outcome": {"competent": {"total": 3}}}


def test_total_row_of_no_unit_has_the_empty_shape() -> None:
    empty = ReceptionFigures().to_dict()
    assert sum_figures([], empty) == empty


def test_total_row_sums_every_unit() -> None:
    empty = ReceptionFigures().to_dict()
    one = {**empty, "total": {"visits": 1, "persons": 5, "cases": 1}}
    two = {**empty, "total": {"visits": 2, "persons": 3, "cases": 2}}
    assert sum_figures([one, two], empty)["total"] == {"visits": 3, "persons": 8, "cases": 3}
