"""`/api/v1/silences`: mute matching alerts for a while (who, why, from, until), Alertmanager-style."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from tiepdan.alerts.api.clock import now as request_time
from tiepdan.alerts.api.schemas import SilenceIn, SilenceList, SilenceOut
from tiepdan.alerts.domain.access import SILENCING_ROLES
from tiepdan.alerts.domain.muting import Silence, read_silence_request
from tiepdan.alerts.domain.validation import DocumentError
from tiepdan.alerts.service.context import Context, new_id
from tiepdan.kit.auth import current_principal, roles_required
from tiepdan.kit.errors import Problem, not_found
from tiepdan.kit.idempotency import answer, idempotent
from tiepdan.kit.openapi import links
from tiepdan.kit.web import request_uow

blp = Blueprint("silences", __name__, url_prefix="/api/v1/silences", description="Tạm tắt cảnh báo")


@blp.route("")
class Silences(MethodView):
    @roles_required(*SILENCING_ROLES)
    @blp.response(200, SilenceList)
    def get(self) -> Any:
        now = request_time()
        with request_uow() as uow:
            silences = Context(uow, now).store.silences()
            return {"items": [s.to_document(now) for s in silences]}

    @roles_required(*SILENCING_ROLES)
    @idempotent
    @blp.arguments(SilenceIn)
    @blp.response(201, SilenceOut)
    @links(201, {"silence_id": "$response.body#/id"}, "deleteSilenceById")
    def post(self, body: dict[str, Any]) -> Any:
        """Matching alerts are still recorded and readable, but not delivered nor escalated until `ends_at`.

        `ends_at` must come after `starts_at`; `matchers` holds at least one of kind, severity, group_key, field,
        area and subject, each a non-empty valid value (422 names the field)."""
        principal = current_principal()
        now = request_time()
        try:
            request = read_silence_request(body, now)
        except DocumentError as exc:
            raise Problem(422, "Lệnh tạm tắt không hợp lệ.", exc.errors) from exc
        silence = Silence(
            id=new_id(),
            unit=principal.home_unit,
            matchers=request.matchers,
            starts_at=request.starts_at,
            ends_at=request.ends_at,
            created_by=principal.name or principal.sub,
            comment=request.comment,
            created_at=now,
        )
        with request_uow() as uow:
            Context(uow, now).store.add_silence(silence)
            created = answer(uow, silence.to_document(now), 201, SilenceOut)
            uow.commit()
        return created


@blp.route("/<silence_id>")
class SilenceById(MethodView):
    @roles_required(*SILENCING_ROLES)
    @blp.response(200, SilenceOut)
    def delete(self, silence_id: str) -> Any:
        """Expire a silence now (it is kept, with its end moved to now, as a record)."""
        now = request_time()
        with request_uow() as uow:
            store = Context(uow, now).store
            silence = store.get_silence(silence_id)
            if silence is None:
                raise not_found("lệnh tạm tắt")
            store.expire_silence(silence, now)
            uow.commit()
        return replace(silence, ends_at=min(silence.ends_at, now)).to_document(now)
