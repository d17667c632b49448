"""Units' full names for the printed forms: the shipped defaults (`data/unit-names.json`), then what an
administrator set (`PUT /api/v1/units/{code}`), which wins."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

from sqlalchemy import select
from sqlalchemy.orm import Session

from tiepdan.kit.db import utcnow
from tiepdan.kit.uow import UnitOfWork
from tiepdan.reports.adapters.orm import UnitNameRow


@cache
def default_unit_names() -> dict[str, str]:
    loaded: dict[str, str] = json.loads(files("tiepdan.reports").joinpath("data/unit-names.json").read_text("utf-8"))
    return loaded


def unit_names(session: Session) -> dict[str, str]:
    stored = {row.code: row.name for row in session.scalars(select(UnitNameRow))}
    return {**default_unit_names(), **stored}


def display_name(names: dict[str, str], code: str) -> str:
    """A unit with no configured name prints as its code, so a new ward's report still names it."""
    return names.get(code, code)


def set_unit_name(uow: UnitOfWork, code: str, name: str, by: str) -> dict[str, str]:
    row = uow.session.get(UnitNameRow, code)
    if row is None:
        row = UnitNameRow(code=code, name=name, updated_at=utcnow(), updated_by=by)
        uow.session.add(row)
    else:
        row.name, row.updated_at, row.updated_by = name, utcnow(), by
    uow.session.flush()
    return {"code": code, "name": name}
