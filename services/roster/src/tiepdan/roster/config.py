"""The roster service's settings: the kit's `Settings` (environment variables, listed in the README) and the
worker's solving constants."""

from __future__ import annotations

from datetime import timedelta

from tiepdan.kit.config import Settings

SERVICE_NAME = "roster"
#: How often the worker looks for requested rosters (each solve then runs up to its own time limit).
SOLVE_POLL_S = 1.0
#: CP-SAT search workers of one solve.
SOLVER_WORKERS = 2
#: A claim older than the roster's time limit plus this is a worker that died: another one takes it over.
CLAIM_GRACE = timedelta(minutes=2)
MAX_ATTEMPTS = 3
#: Rest and consecutive days look back at most this far into the previous roster.
HISTORY_DAYS = 14


def settings() -> Settings:
    return Settings.from_env(SERVICE_NAME)
