"""A page's independent API reads, made at once: every page that needs more than one answer asks for them through
`at_once`, so the page waits for its slowest call instead of the sum of them all."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import has_request_context

from .context import current_account, person_token

#: Calls in flight at once per process, over all of its requests (a page makes at most about ten).
CALLS_AT_ONCE = 16

_pool = ThreadPoolExecutor(max_workers=CALLS_AT_ONCE, thread_name_prefix="console-api")


def at_once(*reads: Callable[[], Any]) -> list[Any]:
    """Each read's result, in order; the first read's exception that came is raised, after every read has ended.

    Each read runs in a copy of this request's context variables: Flask's application and request contexts (so
    `g`, `console()` and `person_token()`), the correlation id. The person's token is minted first, here, so that
    the reads share it. A read the pool has not started when its turn to be waited for comes is made by the waiting
    thread itself: with every pool thread busy (reads that call `at_once` in turn), nothing waits forever."""
    if len(reads) < 2:
        return [read() for read in reads]
    if has_request_context() and current_account() is not None:
        person_token()
    futures = [_pool.submit(contextvars.copy_context().run, read) for read in reads]
    pairs = zip(reads, futures, strict=True)
    outcomes = [_outcome(read if future.cancel() else future.result) for read, future in pairs]
    for _, failure in outcomes:
        if failure is not None:
            raise failure
    return [value for value, _ in outcomes]


def _outcome(run: Callable[[], Any]) -> tuple[Any, BaseException | None]:
    try:
        return run(), None
    except Exception as exc:  # raised by at_once once every read has ended
        return None, exc
