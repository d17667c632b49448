"""HTTP API of the roster service (flask-smorest blueprints)."""

from flask_smorest import Api

from tiepdan.roster.api.views import BLUEPRINTS


def register_api(api: Api) -> None:
    """Register every blueprint of the service."""
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
