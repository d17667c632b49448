"""intake: a case's planned enforcement with the Chairman's decision on it, and outreach records (issue 19)

Revision ID: intake_0011
Revises: intake_0010
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

import tiepdan.kit.db

revision = "intake_0011"
down_revision = "intake_0010"
branch_labels = None
depends_on = None

_SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "enforcements",
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("seq", _SEQ, autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("enforcing_unit", sa.String(length=200), nullable=False),
        sa.Column("measure", sa.String(length=500), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("planned_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("planned_by", sa.String(length=200), nullable=False),
        sa.Column("previous_planned_on", sa.Date(), nullable=True),
        sa.Column("cleared_reason", sa.String(length=20), nullable=True),
        sa.Column("cleared_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decision", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_enforcements_case_id_cases")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_enforcements")),
        sa.UniqueConstraint("case_id", name=op.f("uq_enforcements_case_id")),
    )
    op.create_index(
        "ix_enforcements_unit_status_day", "enforcements", ["unit", "status", "planned_on", "seq"], unique=False
    )
    op.create_table(
        "outreach",
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("seq", _SEQ, autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=True),
        sa.Column("alert_id", sa.String(length=64), nullable=True),
        sa.Column("group_at", sa.String(length=20), nullable=True),
        sa.Column("held_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("topic", sa.String(length=30), nullable=False),
        sa.Column("talked_by", sa.JSON(), nullable=False),
        sa.Column("persons", sa.Integer(), nullable=False),
        sa.Column("audience", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("recorded_at", tiepdan.kit.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_outreach_case_id_cases")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outreach")),
        sa.UniqueConstraint("id", name=op.f("uq_outreach_id")),
    )
    op.create_index(op.f("ix_outreach_case_id"), "outreach", ["case_id"], unique=False)
    op.create_index("ix_outreach_unit_seq", "outreach", ["unit", "seq"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_outreach_unit_seq", table_name="outreach")
    op.drop_index(op.f("ix_outreach_case_id"), table_name="outreach")
    op.drop_table("outreach")
    op.drop_index("ix_enforcements_unit_status_day", table_name="enforcements")
    op.drop_table("enforcements")
