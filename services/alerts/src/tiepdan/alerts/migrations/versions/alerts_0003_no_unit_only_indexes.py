"""alerts: no unit-only index beside keys that lead with unit (or on tables read by alert or due time): a plan made
while a table was nearly empty (a cached generic plan, no statistics yet) could scan the unit's alerts, sightings
or deliveries with it; and one index less to maintain per row on the hot path

Revision ID: alerts_0003
Revises: alerts_0002
Create Date: 2026-11-27
"""

from tiepdan.kit.migrate import create_unit_indexes, drop_unit_indexes

revision = "alerts_0003"
down_revision = "alerts_0002"
branch_labels = None
depends_on = None

TABLES = ("alerts", "sightings", "deliveries", "alert_rule_sets", "calendar_copies", "duty_rosters")


def upgrade() -> None:
    drop_unit_indexes(TABLES)


def downgrade() -> None:
    create_unit_indexes(TABLES)
