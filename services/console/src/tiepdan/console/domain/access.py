"""Who may open each of the console's pages and take each action on them.

A page's roles are those of the API it calls (docs/contract.md "Roles"), so that no one is shown a page whose every
call would be refused; the menu shows an entry to the same roles its page admits.
"""

from __future__ import annotations

ADMINISTRATION = frozenset({"admin"})
DESK = frozenset({"clerk"})
CASES = frozenset({"clerk", "leader"})
ALERTS_READ = frozenset({"clerk", "leader", "police", "party_inspection", "party_standing", "province"})
#: the receivers' roles: each reads what its receivers were told (alerts' /api/v1/inbox)
INBOX = frozenset({"clerk", "leader", "police", "party_inspection", "party_standing", "province"})
ALERTS_ACKNOWLEDGE = frozenset({"leader", "police", "party_inspection"})
ALERTS_RESOLVE = frozenset({"leader", "party_inspection"})
#: police read alerts without the personal data of the cases behind them
ALERTS_WITHOUT_CASES = frozenset({"police"})
POLICE_VIEW = frozenset({"police", "leader"})
PROVINCE_VIEW = frozenset({"province"})
NEWS_WRITE = frozenset({"clerk", "leader"})
#: a leader approves or withdraws what the office wrote
NEWS_DECIDE = frozenset({"leader"})
DUTY = frozenset({"clerk", "leader", "scheduler", "admin"})
#: what each part of the duty calendar calls in the roster API
ROSTERS_READ = frozenset({"scheduler", "leader"})
ROSTERS_MANAGE = frozenset({"scheduler", "leader"})
DUTY_NOW = frozenset({"scheduler", "leader", "clerk"})
STAFF_READ = frozenset({"scheduler", "leader", "admin"})
STAFF_MANAGE = frozenset({"scheduler"})
REPORTS = frozenset({"leader", "province"})
LEADER_DAY = frozenset({"leader"})
#: the coordination loop (issue 19), each as its API admits (docs/contract.md "Roles")
WORKING_GROUP_READ = frozenset({"leader", "admin", "scheduler", "police"})
WORKING_GROUP_ESTABLISH = frozenset({"leader", "admin"})
RECEPTIONS_READ = frozenset({"leader", "police", "scheduler"})
RECEPTIONS_SCHEDULE = frozenset({"leader"})
RECEPTIONS_SECURE = frozenset({"police"})
INCIDENTS_READ = frozenset({"police", "leader"})
INCIDENTS_RECORD = frozenset({"police"})
#: the police and Party inspection hold tasks of a plan and report back on them
RESPONSE_PLANS_READ = frozenset({"clerk", "leader", "party_inspection", "police"})
RESPONSE_PLANS_WRITE = frozenset({"clerk", "leader"})
RESPONSE_PLANS_DIRECT = frozenset({"leader"})
ENFORCEMENTS = frozenset({"clerk", "leader"})
ENFORCEMENTS_DECIDE = frozenset({"leader"})
#: intake's DELETE /cases/{id}/enforcement: whoever plans an enforcement may end it (dropped or done)
ENFORCEMENTS_CLEAR = frozenset({"clerk", "leader"})
OUTREACH = frozenset({"clerk", "leader", "front", "party_building"})
