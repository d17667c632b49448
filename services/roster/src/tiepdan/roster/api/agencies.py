"""The agencies officers belong to (set by the staff import)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.kit.auth import roles_required
from tiepdan.roster.api import schemas
from tiepdan.roster.api.support import request_work
from tiepdan.roster.domain.access import READ_STAFF
from tiepdan.roster.service import staff

blp = Blueprint("agencies", __name__, url_prefix="/api/v1/agencies", description="Cơ quan")


@blp.route("")
class Agencies(MethodView):
    @roles_required(*READ_STAFF)
    @blp.response(200, schemas.AgencyOut(many=True))
    def get(self) -> Any:
        with request_work() as uow:
            return staff.list_agencies(uow)
