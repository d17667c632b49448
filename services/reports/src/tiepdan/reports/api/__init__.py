"""HTTP API of the reports service (flask-smorest blueprints)."""

from flask_smorest import Api


def register_api(api: Api) -> None:
    """Register every blueprint of the service."""
