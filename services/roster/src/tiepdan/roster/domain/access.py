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
#: The working group (Tổ công tác tiếp công dân): leaders establish it; schedulers read it to plan duty.
ESTABLISH_WORKING_GROUPS = (LEADER, ADMIN)
READ_WORKING_GROUPS = (LEADER, ADMIN, SCHEDULER, POLICE)
#: Unscheduled receptions (plan §4): a leader schedules, the police on duty record the security plan.
SCHEDULE_RECEPTIONS = (LEADER,)
READ_RECEPTIONS = (LEADER, POLICE, SCHEDULER)
SECURE_RECEPTIONS = (POLICE,)
#: Incidents at the reception office: the police's record; leaders read it.
RECORD_INCIDENTS = (POLICE,)
READ_INCIDENTS = (POLICE, LEADER)
