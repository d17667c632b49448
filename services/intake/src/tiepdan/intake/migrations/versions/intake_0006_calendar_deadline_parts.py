"""intake: a case's resolution deadline records what it is computed from — the day counted from, the extensions
and every suspension — so a later change recomputes it whole. Cases stored before this revision get them from
their own columns and history (the stored date is kept): counted from the acceptance, one `denunciation_extension`
per extension of a denunciation, and each suspend … resume of the history as a suspension (ward-local days).

Revision ID: intake_0006
Revises: intake_0005
Create Date: 2026-12-03
"""

from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

from tiepdan.kit.db import UTCDateTime

revision = "intake_0006"
down_revision = "intake_0005"
branch_labels = None
depends_on = None

WARD_TIME = ZoneInfo("Asia/Ho_Chi_Minh")

cases = sa.table(
    "cases",
    sa.column("id", sa.String),
    sa.column("kind", sa.String),
    sa.column("extensions", sa.Integer),
    sa.column("received_on", sa.Date),
    sa.column("accepted_on", sa.Date),
    sa.column("deadlines", sa.JSON),
)
history = sa.table(
    "case_history",
    sa.column("seq", sa.BigInteger),
    sa.column("case_id", sa.String),
    sa.column("at", UTCDateTime()),
    sa.column("action", sa.String),
)


def upgrade() -> None:
    connection = op.get_bind()
    columns = (cases.c.id, cases.c.kind, cases.c.extensions, cases.c.received_on, cases.c.accepted_on)
    rows = connection.execute(sa.select(*columns, cases.c.deadlines).where(cases.c.accepted_on.is_not(None))).all()
    for row in rows:
        deadlines = dict(row.deadlines or {})
        resolve_by = deadlines.get("resolve_by")
        if not isinstance(resolve_by, dict) or "counted_from" in resolve_by:
            continue
        parts: dict[str, Any] = {"counted_from": (row.accepted_on or row.received_on).isoformat()}
        if row.kind == "denunciation" and row.extensions:
            parts["extended_by"] = ["denunciation_extension"] * row.extensions
        suspensions = _suspensions(connection, row.id)
        if suspensions:
            parts["suspensions"] = suspensions
        deadlines["resolve_by"] = {**resolve_by, **parts}
        connection.execute(sa.update(cases).where(cases.c.id == row.id).values(deadlines=deadlines))


def _suspensions(connection: sa.Connection, case_id: str) -> list[dict[str, str]]:
    """Each suspend followed by a resume, as the ward-local days the old code counted between."""
    found: list[dict[str, str]] = []
    started: str | None = None
    actions = connection.execute(
        sa.select(history.c.at, history.c.action)
        .where(history.c.case_id == case_id, history.c.action.in_(("suspend", "resume")))
        .order_by(history.c.seq)
    )
    for at, action in actions:
        day = at.astimezone(WARD_TIME).date().isoformat()
        if action == "suspend":
            started = day
        elif started is not None:
            found.append({"from": started, "to": day})
            started = None
    return found


def downgrade() -> None:
    """The parts are extra keys that older code ignores."""
