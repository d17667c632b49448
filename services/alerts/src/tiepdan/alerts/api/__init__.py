"""HTTP API of the alerts service (flask-smorest blueprints)."""

from flask_smorest import Api


def register_api(api: Api) -> None:
    """Register every blueprint of the service."""
