"""Garbage-collector pauses in long-running processes (web workers, service workers)."""

from __future__ import annotations

import gc


def freeze_loaded() -> None:
    """Put what is alive once a process has loaded its service (modules, app, mappers, schemas: ~150 k objects)
    out of the cyclic collector's reach. Every full collection walked them all, 80–150 ms on the 2-core machine
    every few seconds under load, and each such pause went into the latency of every request in flight. Objects
    made afterwards are collected as usual."""
    gc.collect()
    gc.freeze()
