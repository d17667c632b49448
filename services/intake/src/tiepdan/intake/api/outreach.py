"""Outreach records (`/api/v1/outreach`): tuyên truyền, vận động, hướng dẫn công dân trở về địa phương."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.intake.api.context import actor, config, domain_errors, home_unit, reading, request_work
from tiepdan.intake.api.schemas import OutreachArgs, OutreachIn, OutreachOut, OutreachPage
from tiepdan.intake.domain.access import OUTREACH_ROLES
from tiepdan.intake.domain.errors import InvalidFieldsError
from tiepdan.intake.domain.outreach import GroupPlace, OutreachFilters, OutreachInput, Speaker, Topic
from tiepdan.intake.domain.outreach import Outcome as OutreachOutcome
from tiepdan.intake.service.outreach import list_outreach, read_outreach, record_outreach
from tiepdan.kit.auth import roles_required
from tiepdan.kit.idempotency import answer, idempotent

blp = Blueprint("outreach", __name__, url_prefix="/api/v1/outreach", description="Tuyên truyền, vận động")


def _input(body: dict[str, Any]) -> OutreachInput:
    return OutreachInput(
        held_at=body["held_at"],
        topic=Topic(body["topic"]),
        talked_by=tuple(Speaker(s["staff_id"], s["agency"]) for s in body["talked_by"]),
        persons=body["persons"],
        audience=body["audience"],
        outcome=OutreachOutcome(body["outcome"]),
        case_id=body["case_id"],
        alert_id=body["alert_id"],
        group_at=GroupPlace(body["group_at"]) if body["group_at"] else None,
        place=body["place"],
        notes=body["notes"],
    )


@blp.route("")
class OutreachList(MethodView):
    @roles_required(*OUTREACH_ROLES)
    @blp.arguments(OutreachArgs(), location="query")
    @blp.response(200, OutreachPage())
    @domain_errors
    def get(self, args: dict[str, Any]) -> Any:
        """Newest first, of the topics the caller's roles may read (MTTQ and Ban Xây dựng Đảng: religion, policy,
        người có công); `to` before `from` is 422 naming `to`."""
        if args["date_from"] and args["date_to"] and args["date_to"] < args["date_from"]:
            raise InvalidFieldsError({"to": ["Ngày kết thúc (to) không được trước ngày bắt đầu (from)."]})
        page = {"limit": args["limit"], "cursor": args["cursor"]}
        topic = Topic(args["topic"]) if args["topic"] else None
        filters = OutreachFilters(frozenset(), topic, args["case_id"], args["date_from"], args["date_to"])
        with reading() as uow:
            return list_outreach(uow, actor(), filters, page)

    @roles_required(*OUTREACH_ROLES)
    @idempotent
    @blp.arguments(OutreachIn())
    @blp.response(201, OutreachOut())
    @domain_errors
    def post(self, body: dict[str, Any]) -> Any:
        """Record a talk with citizens: who talked (`talked_by`), to whom (`persons`, `audience`: no citizen's
        identity), when, on what, and the outcome. About a case with a result (`case_id`) or a group at the
        province or in Hà Nội (`alert_id`, `group_at`): neither is 422 naming both, a time to come 422 naming
        `held_at`. A topic the role may not record is 403 (MTTQ and Ban Xây dựng Đảng: religion, policy, người có
        công); a case of another unit 404 naming `case_id`; a case without a result yet 409."""
        with request_work() as uow:
            recorded = record_outreach(uow, config(), actor(), home_unit(), _input(body))
            response = answer(uow, recorded, 201, OutreachOut)
            uow.commit()
        return response


@blp.route("/<outreach_id>")
class OutreachById(MethodView):
    @roles_required(*OUTREACH_ROLES)
    @blp.response(200, OutreachOut())
    @domain_errors
    def get(self, outreach_id: str) -> Any:
        with reading() as uow:
            return read_outreach(uow, actor(), outreach_id)
