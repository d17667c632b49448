"""The working group (Tổ công tác tiếp công dân): established by a decision for a period, members from the agencies."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.kit.auth import roles_required
from tiepdan.kit.idempotency import answer, idempotent
from tiepdan.kit.openapi import links
from tiepdan.kit.pagination import PageArgs
from tiepdan.roster.api import schemas
from tiepdan.roster.api.support import caller, field_errors, request_work
from tiepdan.roster.domain.access import ESTABLISH_WORKING_GROUPS, READ_WORKING_GROUPS
from tiepdan.roster.domain.working_group import Decision
from tiepdan.roster.service import working_groups

blp = Blueprint(
    "working_groups", __name__, url_prefix="/api/v1/working-groups", description="Tổ công tác tiếp công dân"
)


@blp.route("")
class WorkingGroups(MethodView):
    @roles_required(*READ_WORKING_GROUPS)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, schemas.WorkingGroupPage)
    def get(self, args: dict[str, Any]) -> Any:
        """Latest established first."""
        with request_work() as uow:
            return working_groups.list_working_groups(uow, args["limit"], args["cursor"])

    @roles_required(*ESTABLISH_WORKING_GROUPS)
    @idempotent
    @blp.arguments(schemas.WorkingGroupIn)
    @blp.response(201, schemas.WorkingGroupOut)
    @links(201, {"group_id": "$response.body#/id"}, "getWorkingGroupById")
    def post(self, body: dict[str, Any]) -> Any:
        """Record the decision establishing the group (`roster.working_group.established`).

        422 names the field: `period.to` before `period.from`; a member (`members.N.staff_id`) who is not an
        officer of the unit or is named twice. A member's agency is the one in the staff list."""
        decision = Decision(
            decision_no=body["decision_no"],
            decision_date=body["decision_date"],
            start=body["period"]["from_"],
            end=body["period"]["to"],
            members=[(m["staff_id"], m["role"]) for m in body["members"]],
            note=body["note"],
        )
        with request_work() as uow, field_errors():
            group = working_groups.establish_working_group(uow, decision, caller())
            created = answer(
                uow, group, 201, schemas.WorkingGroupOut, {"Location": f"/api/v1/working-groups/{group.id}"}
            )
            uow.commit()
        return created


@blp.route("/<group_id>")
class WorkingGroupById(MethodView):
    @roles_required(*READ_WORKING_GROUPS)
    @blp.response(200, schemas.WorkingGroupOut)
    def get(self, group_id: str) -> Any:
        with request_work() as uow:
            return working_groups.get_working_group(uow, group_id)
