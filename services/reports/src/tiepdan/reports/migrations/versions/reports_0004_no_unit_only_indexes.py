"""reports: no unit-only index where a composite index leading with unit serves every read by unit (petition facts
by unit and day, case deadlines by unit and due day): a plan made on an empty table would scan the unit with it

Revision ID: reports_0004
Revises: reports_0003
Create Date: 2026-11-27
"""

from tiepdan.kit.migrate import create_unit_indexes, drop_unit_indexes

revision = "reports_0004"
down_revision = "reports_0003"
branch_labels = None
depends_on = None

TABLES = ("petition_facts", "case_deadlines")


def upgrade() -> None:
    drop_unit_indexes(TABLES)


def downgrade() -> None:
    create_unit_indexes(TABLES)
