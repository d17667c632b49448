"""HTTP API of the roster service: one flask-smorest blueprint per resource (roles: domain/access.py)."""

from flask_smorest import Api

from tiepdan.roster.api import (
    agencies,
    calendar,
    coverage_rules,
    duty,
    incidents,
    receptions,
    rosters,
    staff,
    working_groups,
)

BLUEPRINTS = (
    staff.blp,
    agencies.blp,
    calendar.blp,
    coverage_rules.blp,
    rosters.blp,
    duty.blp,
    working_groups.blp,
    receptions.blp,
    incidents.blp,
)


def register_api(api: Api) -> None:
    """Register every blueprint of the service."""
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
