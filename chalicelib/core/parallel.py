"""Independent calls of one request, side by side. Each waits on the network, so three reads cost
about one round trip instead of three: botocore clients are thread-safe, and a Lambda function runs
threads like any process. The context (correlation id, log keys) travels with each call.

A `gather` inside a pooled call runs its calls one after another: a pool thread waiting on the
pool could otherwise wait forever (a send that finds a socket gone runs the close hooks, which
publish again)."""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

_POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="parallel")
_pooled = threading.local()


def _in_pool(fn: Callable[[], Any]) -> Any:
    _pooled.active = True
    try:
        return fn()
    finally:
        _pooled.active = False


def gather(first: Callable[[], Any], *rest: Callable[[], Any]) -> list[Any]:
    """Results in order: `first` runs in this thread, the rest in the pool. The first exception (in
    argument order) is raised after every call has finished, so no call outlives the request."""
    if getattr(_pooled, "active", False):
        return [fn() for fn in (first, *rest)]
    futures = [_POOL.submit(contextvars.copy_context().run, _in_pool, fn) for fn in rest]
    results: list[Any] = []
    error: BaseException | None = None
    try:
        results.append(first())
    except BaseException as exc:  # re-raised below, once the others are done
        error = exc
        results.append(None)
    for future in futures:
        try:
            results.append(future.result())
        except BaseException as exc:
            error = error or exc
            results.append(None)
    if error is not None:
        raise error
    return results
