"""Who may call each roster endpoint (the roles table in services/roster/README.md)."""

from __future__ import annotations

SCHEDULER, LEADER, POLICE, CLERK = "scheduler", "leader", "police", "clerk"
ADMIN, PARTY_INSPECTION, PROVINCE = "admin", "party_inspection", "province"

READ_STAFF = (SCHEDULER, LEADER, ADMIN)
MANAGE_STAFF = (SCHEDULER,)
READ_ROSTERS = (SCHEDULER, LEADER, POLICE)
MANAGE_ROSTERS = (SCHEDULER, LEADER)
READ_DUTY = (SCHEDULER, LEADER, POLICE, CLERK)
#: Every role that sees a deadline reads the calendar the days are counted on.
READ_CALENDAR = (SCHEDULER, LEADER, CLERK, POLICE, PARTY_INSPECTION, PROVINCE, ADMIN)
READ_RULES = (SCHEDULER, LEADER, ADMIN)
CONFIGURE = (SCHEDULER, ADMIN)
