"""HTTP API of the alerts service (flask-smorest blueprints)."""

from flask_smorest import Api

from .alerts import blp as alerts_blp
from .inbound import blp as inbound_blp
from .inbox import blp as inbox_blp
from .rules import blp as rules_blp
from .silences import blp as silences_blp

RESOURCES = (
    "/api/v1/alerts",
    "/api/v1/alert-rules",
    "/api/v1/silences",
    "/api/v1/inbound-reports",
    "/api/v1/inbox",
)


def register_api(api: Api) -> None:
    """Register every blueprint of the service."""
    for blueprint in (alerts_blp, rules_blp, silences_blp, inbound_blp, inbox_blp):
        api.register_blueprint(blueprint)
