"""Units' full names as the forms print them: read by every role, set by an administrator."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from tiepdan.kit.auth import current_principal, roles_required
from tiepdan.reports.api.schemas import UNIT_CODE
from tiepdan.reports.api.work import request_work
from tiepdan.reports.domain.access import NAME_READERS, NAME_SETTERS
from tiepdan.reports.service.units import UnitName, listed_unit_names, set_unit_name

blp = Blueprint("units", __name__, url_prefix="/api/v1/units", description="Tên đầy đủ của đơn vị trên biểu mẫu")


class UnitCodePath(Schema):
    code = fields.String(required=True, validate=[validate.Length(max=64), UNIT_CODE])


class UnitNameIn(Schema):
    name = fields.String(
        required=True,
        validate=[
            validate.Length(min=3, max=200, error="Tên đơn vị dài từ 3 đến 200 ký tự."),
            validate.Regexp(r"^\S(.*\S)?$", error="Tên đơn vị không bắt đầu hay kết thúc bằng khoảng trắng."),
        ],
        metadata={"example": "UBND phường Bách Quang"},
    )


class UnitNameOut(Schema):
    code = fields.String()
    name = fields.String()


class UnitNamesOut(Schema):
    items = fields.List(fields.Nested(UnitNameOut))


@blp.route("")
class Units(MethodView):
    @roles_required(*NAME_READERS)
    @blp.response(200, UnitNamesOut)
    def get(self) -> dict[str, list[UnitName]]:
        """Every unit with a configured name (defaults shipped with the service, then the administrator's)."""
        with request_work() as uow:
            return {"items": listed_unit_names(uow)}


@blp.route("/<code>")
class UnitByCode(MethodView):
    @roles_required(*NAME_SETTERS)
    @blp.arguments(UnitCodePath, location="path")
    @blp.arguments(UnitNameIn)
    @blp.response(200, UnitNameOut)
    def put(self, path: dict[str, str], body: dict[str, Any], code: str) -> UnitName:
        """Set the unit's full name; reports made from now on print it (earlier snapshots keep theirs)."""
        with request_work() as uow:
            return set_unit_name(uow, path["code"], body["name"], current_principal().sub)
