"""`/api/v1/silences`: mute matching alerts for a while (who, why, from, until), Alertmanager-style."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.alerts.api.schemas import SilenceIn, SilenceList, SilenceOut
from tiepdan.alerts.api.work import caller, refusals_answered, request_time, request_work
from tiepdan.alerts.domain.access import SILENCING_ROLES
from tiepdan.alerts.domain.validation import DocumentError
from tiepdan.alerts.service import silencing
from tiepdan.kit.auth import current_principal, roles_required
from tiepdan.kit.errors import Problem
from tiepdan.kit.idempotency import answer, idempotent
from tiepdan.kit.openapi import links

blp = Blueprint("silences", __name__, url_prefix="/api/v1/silences", description="Tạm tắt cảnh báo")


@blp.route("")
class Silences(MethodView):
    @roles_required(*SILENCING_ROLES)
    @blp.response(200, SilenceList)
    def get(self) -> Any:
        with request_work() as uow:
            return silencing.list_silences(uow, request_time())

    @roles_required(*SILENCING_ROLES)
    @idempotent
    @blp.arguments(SilenceIn)
    @blp.response(201, SilenceOut)
    @links(201, {"silence_id": "$response.body#/id"}, "deleteSilenceById")
    def post(self, body: dict[str, Any]) -> Any:
        """Matching alerts are still recorded and readable, but not delivered nor escalated until `ends_at`.

        `ends_at` must come after `starts_at`; `matchers` holds at least one of kind, severity, group_key, field,
        area and subject, each a non-empty valid value (422 names the field)."""
        unit = current_principal().home_unit
        with request_work() as uow:
            try:
                silence = silencing.add_silence(uow, body, caller(), unit=unit, now=request_time())
            except DocumentError as exc:
                raise Problem(422, "Lệnh tạm tắt không hợp lệ.", exc.errors) from exc
            created = answer(uow, silence, 201, SilenceOut)
            uow.commit()
        return created


@blp.route("/<silence_id>")
class SilenceById(MethodView):
    @roles_required(*SILENCING_ROLES)
    @blp.response(200, SilenceOut)
    def delete(self, silence_id: str) -> Any:
        """Expire a silence now (it is kept, with its end moved to now, as a record)."""
        with request_work() as uow, refusals_answered():
            silence = silencing.expire_silence(uow, silence_id, request_time())
            uow.commit()
        return silence
