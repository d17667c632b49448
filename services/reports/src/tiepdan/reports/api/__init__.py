"""HTTP API of the reports service (flask-smorest blueprints)."""

from flask_smorest import Api

from tiepdan.reports.api import figures, reports, units


def register_api(api: Api) -> None:
    """Register every blueprint of the service."""
    api.register_blueprint(figures.blp)
    api.register_blueprint(reports.blp)
    api.register_blueprint(units.blp)
