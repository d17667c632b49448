"""roster: no unit-only index beside a unique key that leads with unit (agencies, staff) or is the unit itself
(calendars, coverage rules): it indexed the same thing twice

Revision ID: roster_0002
Revises: roster_0001
Create Date: 2026-11-27
"""

from tiepdan.kit.migrate import create_unit_indexes, drop_unit_indexes

revision = "roster_0002"
down_revision = "roster_0001"
branch_labels = None
depends_on = None

TABLES = ("agencies", "staff", "calendars", "coverage_rules")


def upgrade() -> None:
    drop_unit_indexes(TABLES)


def downgrade() -> None:
    create_unit_indexes(TABLES)
