"""reports: reports addressed to the Chairman (inbox and e-mail, sent once per address) and the ward office's
narrative (situation, proposals) signed per version

Revision ID: reports_0008
Revises: reports_0007
Create Date: 2026-12-20
"""

import sqlalchemy as sa
from alembic import op

from tiepdan.kit.db import UTCDateTime

revision = "reports_0008"
down_revision = "reports_0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_addressees",
        sa.Column("report_id", sa.String(length=36), nullable=False),
        sa.Column("recipient", sa.String(length=32), nullable=False),
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("addressed_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("report_id", "recipient", name=op.f("pk_report_addressees")),
    )
    op.create_index("ix_report_addressees_inbox", "report_addressees", ["recipient", "unit", "period_to", "report_id"])
    op.create_table(
        "report_mails",
        sa.Column("report_id", sa.String(length=36), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("claimed_until", UTCDateTime(timezone=True), nullable=True),
        sa.Column("message_id", sa.String(length=200), nullable=True),
        sa.Column("narrative_version", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("sent_at", UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("report_id", "address", name=op.f("pk_report_mails")),
    )
    op.create_index("ix_report_mails_due", "report_mails", ["status", "next_attempt_at"])
    op.create_table(
        "report_narratives",
        sa.Column("report_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("situation", sa.Text(), nullable=False),
        sa.Column("proposals", sa.Text(), nullable=False),
        sa.Column("written_by", sa.String(length=120), nullable=False),
        sa.Column("written_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("paper", sa.LargeBinary(), nullable=False),
        sa.Column("paper_sha256", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("report_id", "version", name=op.f("pk_report_narratives")),
    )


def downgrade() -> None:
    op.drop_table("report_narratives")
    op.drop_index("ix_report_mails_due", table_name="report_mails")
    op.drop_table("report_mails")
    op.drop_index("ix_report_addressees_inbox", table_name="report_addressees")
    op.drop_table("report_addressees")
