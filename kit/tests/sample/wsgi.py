"""gunicorn entry for the sample service (its database from TIEPDAN_TEST_DATABASE_URL)."""

from flask import Flask

from tiepdan.kit.service import Runtime
from tiepdan.kit.web import create_service_app

from .service import SAMPLE


def create() -> Flask:
    return create_service_app(Runtime(SAMPLE))
