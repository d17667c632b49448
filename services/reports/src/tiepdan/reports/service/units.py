"""Units' full names for the printed forms: the shipped defaults (`data/unit-names.json`), then what an
administrator set (`PUT /api/v1/units/{code}`), which wins."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from tiepdan.kit.db import utcnow
from tiepdan.reports.service.unit_of_work import ReportsWork


@dataclass(frozen=True)
class UnitName:
    code: str
    name: str


@cache
def default_unit_names() -> dict[str, str]:
    loaded: dict[str, str] = json.loads(files("tiepdan.reports").joinpath("data/unit-names.json").read_text("utf-8"))
    return loaded


def unit_names(uow: ReportsWork) -> dict[str, str]:
    return {**default_unit_names(), **uow.unit_names.names()}


def listed_unit_names(uow: ReportsWork) -> list[UnitName]:
    return [UnitName(code, name) for code, name in sorted(unit_names(uow).items())]


def display_name(names: dict[str, str], code: str) -> str:
    """A unit with no configured name prints as its code, so a new ward's report still names it."""
    return names.get(code, code)


def set_unit_name(uow: ReportsWork, code: str, name: str, by: str) -> UnitName:
    uow.unit_names.set(code, name, by=by, at=utcnow())
    uow.commit()
    return UnitName(code, name)
