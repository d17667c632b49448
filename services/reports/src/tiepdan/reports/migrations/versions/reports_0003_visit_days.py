"""reports: visit counts per unit, day, form column and headcount, and per unit, day and field or area, and the
index of visits whose case was known before a given day: a year of 01/TCD and its chart read days, not millions
of visits.

Revision ID: reports_0003
Revises: reports_0002
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "reports_0003"
down_revision = "reports_0002"
branch_labels = None
depends_on = None

KNOWN_SPAN = "daterange(LEAST(prev_column_visit_on, case_first_on), received_on, '[]')"


def upgrade() -> None:
    op.create_table(
        "visit_days",
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("report_column", sa.String(length=16), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.Column("case_first_visits", sa.Integer(), nullable=False),
        sa.Column("column_first", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("unit", "received_on", "report_column", "headcount", name=op.f("pk_visit_days")),
    )
    # visits projected before this revision
    op.execute(
        """
        INSERT INTO visit_days (unit, received_on, report_column, headcount, visits, case_first_visits, column_first)
        SELECT unit, received_on, report_column, headcount, count(*),
               sum(CASE WHEN is_case_first_visit THEN 1 ELSE 0 END),
               sum(CASE WHEN prev_column_visit_on IS NULL THEN 1 ELSE 0 END)
        FROM visit_facts GROUP BY unit, received_on, report_column, headcount
        """
    )
    op.create_table(
        "visit_topics",
        sa.Column("unit", sa.String(length=64), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("dimension", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.Column("persons", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("unit", "received_on", "dimension", "value", name=op.f("pk_visit_topics")),
    )
    for dimension in ("field", "area"):
        op.execute(
            f"""
            INSERT INTO visit_topics (unit, received_on, dimension, value, visits, persons)
            SELECT unit, received_on, '{dimension}', {dimension}, count(*), sum(headcount)
            FROM visit_facts GROUP BY unit, received_on, {dimension}
            """
        )
    if op.get_bind().dialect.name == "postgresql":
        op.create_index("ix_visit_facts_known_span", "visit_facts", [sa.text(KNOWN_SPAN)], postgresql_using="gist")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_visit_facts_known_span", table_name="visit_facts", postgresql_using="gist")
    op.drop_table("visit_topics")
    op.drop_table("visit_days")
