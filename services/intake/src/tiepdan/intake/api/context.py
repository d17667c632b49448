"""What every intake view needs: the caller as a domain actor, the intake settings, domain errors as problems."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import wraps
from typing import ParamSpec, TypeVar
from zoneinfo import ZoneInfo

from tiepdan.intake.config import IntakeConfig
from tiepdan.intake.domain.cases import Actor
from tiepdan.intake.domain.errors import ForbiddenError, InvalidFieldsError, NotFoundError, TransitionRefusedError
from tiepdan.intake.service.unit_of_work import IntakeUnitOfWork, use_vault
from tiepdan.intake.service.views import CaseFile, case_detail
from tiepdan.kit.auth import current_principal
from tiepdan.kit.calendar import WorkingCalendar
from tiepdan.kit.errors import Problem, not_found, unprocessable
from tiepdan.kit.openapi import mark_answers
from tiepdan.kit.service import Runtime
from tiepdan.kit.web import current_runtime, request_uow

P = ParamSpec("P")
R = TypeVar("R")
CONFIG_KEY = "intake_config"


def intake_config(runtime: Runtime) -> IntakeConfig:
    """Built once per process from the environment; tests put their own under the same key."""
    config = runtime.state.get(CONFIG_KEY)
    if config is None:
        config = IntakeConfig.from_env(runtime.settings.embedded)
        runtime.state[CONFIG_KEY] = config
    use_vault(runtime.sessions, config.vault)
    return config


def config() -> IntakeConfig:
    return intake_config(current_runtime())


def actor() -> Actor:
    principal = current_principal()
    return Actor(sub=principal.sub, name=principal.name, roles=principal.roles)


def home_unit() -> str:
    return current_principal().home_unit


def today() -> date:
    """The ward's today (Asia/Ho_Chi_Minh day boundaries)."""
    return config().clock().astimezone(ZoneInfo(WorkingCalendar().timezone)).date()


def request_work() -> IntakeUnitOfWork:
    """The request's unit of work, scoped to the caller's units (the view commits it)."""
    config()  # the repositories' identity vault is given to the sessions with the settings
    return request_uow(IntakeUnitOfWork)


@contextmanager
def reading() -> Iterator[IntakeUnitOfWork]:
    """A scoped unit of work for a read; committed so the identity-read audit it wrote is kept."""
    with request_work() as uow:
        yield uow
        uow.commit()


def case_file(who: Actor, case_id: str) -> CaseFile:
    """The case as the caller now sees it: the answer of every write on a case or one of its records."""
    with reading() as uow:
        return case_detail(uow, who, case_id, today())


def domain_errors(view: Callable[P, R]) -> Callable[P, R]:
    """Domain failures as problem+json: fields 422, refused transition 409, unknown 404, not allowed 403."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return view(*args, **kwargs)
        except InvalidFieldsError as exc:
            raise unprocessable(exc.errors) from exc
        except TransitionRefusedError as exc:
            raise Problem(409, exc.message) from exc
        except NotFoundError as exc:
            if exc.field is not None:
                message = f"Không tìm thấy {exc.what}."
                raise Problem(404, message, {exc.field: [message]}) from exc
            raise not_found(exc.what) from exc
        except ForbiddenError as exc:
            raise Problem(403, str(exc)) from exc

    mark_answers(wrapper, (403, 409, 422))
    return wrapper
