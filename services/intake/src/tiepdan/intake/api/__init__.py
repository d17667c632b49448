"""HTTP API of the intake service (flask-smorest blueprints)."""

from flask_smorest import Api

from tiepdan.intake.api.cases import blp as cases_blp
from tiepdan.intake.api.deadlines import blp as deadlines_blp
from tiepdan.intake.api.enforcement import blp as enforcement_blp
from tiepdan.intake.api.enforcement import enforcements_blp
from tiepdan.intake.api.outreach import blp as outreach_blp
from tiepdan.intake.api.papers import blp as papers_blp
from tiepdan.intake.api.papers import lookup_blp
from tiepdan.intake.api.petitions import blp as petitions_blp
from tiepdan.intake.api.register import blp as register_blp
from tiepdan.intake.api.response_plans import blp as response_plans_blp
from tiepdan.intake.api.visits import blp as visits_blp

RESOURCES = (
    "/api/v1/visits",
    "/api/v1/petitions",
    "/api/v1/cases",
    "/api/v1/register",
    "/api/v1/deadlines",
    "/api/v1/papers",
    "/api/v1/lookup",
    # coordination (issue 19)
    "/api/v1/enforcements",
    "/api/v1/outreach",
    "/api/v1/response-plans",
)


def register_api(api: Api) -> None:
    """Register every blueprint of the service."""
    for blueprint in (visits_blp, petitions_blp, cases_blp, register_blp, deadlines_blp, papers_blp, lookup_blp):
        api.register_blueprint(blueprint)
    # coordination (issue 19)
    for blueprint in (enforcement_blp, enforcements_blp, outreach_blp, response_plans_blp):
        api.register_blueprint(blueprint)
