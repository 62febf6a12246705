"""Independent reads of one request, side by side. Each waits on the network, so three cost about
one round trip instead of three: botocore clients are thread-safe, and a Lambda function runs
threads like any process. The context (correlation id, log keys) travels with each call.

The thunks must not call `gather` themselves: a pool thread waiting on the pool could wait forever."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

_POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="parallel")


def gather(first: Callable[[], Any], *rest: Callable[[], Any]) -> list[Any]:
    """Results in order: `first` runs in this thread, the rest in the pool. The first exception (in
    argument order) is raised after every call has finished, so no call outlives the request."""
    futures = [_POOL.submit(contextvars.copy_context().run, fn) for fn in rest]
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
