"""The sample service: the shape every real service follows (tables, schemas, blueprint, handlers, spec)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from flask.views import MethodView
from flask_smorest import Api, Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import Integer, MetaData, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from tiepdan.kit.auth import roles_required
from tiepdan.kit.db import UnitOwned
from tiepdan.kit.errors import not_found
from tiepdan.kit.events import Envelope
from tiepdan.kit.idempotency import answer, idempotent
from tiepdan.kit.inbox import PoisonMessage
from tiepdan.kit.service import ServiceSpec
from tiepdan.kit.uow import UnitOfWork
from tiepdan.kit.web import request_uow


class Base(DeclarativeBase):
    metadata = MetaData()


class Note(UnitOwned, Base):
    __tablename__ = "notes"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    text: Mapped[str] = mapped_column(String(500))
    headcount: Mapped[int] = mapped_column(Integer)


class Applied(Base):
    """What the handler did: one row per applied event, to count exactly-once effects."""

    __tablename__ = "applied"
    visit_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(36), index=True)
    seq: Mapped[int] = mapped_column(Integer, autoincrement=True, unique=True)


class NoteIn(Schema):
    text = fields.String(required=True, validate=validate.Length(min=1, max=500))
    headcount = fields.Integer(load_default=1, validate=validate.Range(min=1))


class NoteOut(Schema):
    id = fields.String()
    text = fields.String()
    headcount = fields.Integer()
    unit = fields.String()


blp = Blueprint("notes", __name__, url_prefix="/api/v1/notes")


@blp.route("")
class Notes(MethodView):
    @roles_required("clerk", "leader", "province")
    @blp.response(200, NoteOut(many=True))
    def get(self) -> Any:
        with request_uow() as uow:
            return uow.session.scalars(select(Note).order_by(Note.text)).all()

    @roles_required("clerk", "leader")
    @idempotent
    @blp.arguments(NoteIn)
    @blp.response(201, NoteOut)
    def post(self, body: dict[str, Any]) -> Any:
        with request_uow() as uow:
            note = Note(id=str(uuid.uuid4()), **body)
            uow.session.add(note)
            uow.session.flush()
            uow.emit("intake.visit.registered", visit_event(note.id, note.headcount), aggregate_id=note.id)
            created = answer(uow, note, 201, NoteOut())
            uow.commit()
        return created


@blp.route("/<note_id>")
class NoteById(MethodView):
    @roles_required("clerk", "leader", "province")
    @blp.response(200, NoteOut)
    def get(self, note_id: str) -> Any:
        with request_uow() as uow:
            note = uow.session.scalars(select(Note).where(Note.id == note_id)).one_or_none()
            if note is None:
                raise not_found("ghi chú")
            return note


def visit_event(visit_id: str, headcount: int, case_id: str = "c1") -> dict[str, Any]:
    return {
        "visit_id": visit_id,
        "case_id": case_id,
        "received_at": "2026-01-19T08:30:00+07:00",
        "reception": "regular",
        "headcount": headcount,
        "is_group": headcount >= 5,
        "repeat": False,
        "kind": "complaint",
        "field": "land",
        "subject": "Dự án",
        "area": "Tổ 5",
        "party_related": False,
        "case_first_visit_at": "2026-01-19T08:30:00+07:00",
        "case_visit_count": 1,
        "case_status": "received",
    }


def apply_visit(uow: UnitOfWork, event: Envelope) -> None:
    if event.data.get("subject") == "poison":
        raise RuntimeError("this event always fails")
    if event.data.get("subject") == "nonsense":
        raise PoisonMessage("subject makes no sense")
    count = uow.session.scalar(select(Applied.seq).order_by(Applied.seq.desc()).limit(1)) or 0
    uow.session.add(Applied(visit_id=event.data["visit_id"], case_id=event.data["case_id"], seq=count + 1))


def register_api(api: Api) -> None:
    api.register_blueprint(blp)


SAMPLE = ServiceSpec(
    name="test",
    title="Kit sample",
    metadata=Base.metadata,
    versions_dir=Path(__file__).parent / "versions",
    register_api=register_api,
    resources=("/api/v1/notes",),
    handlers={"intake.visit.registered": apply_visit},
)
