"""The structured logger shared by every context (Powertools Logger; Tracer stays out: it is heavy).

Built on first use: importing Powertools costs ~20 ms, which a cold start should not pay before
it has anything to log.

Every line carries the invocation's keys — `correlation_id` (`core/correlation.py`) and the
Lambda context (`function_name`, `function_request_id`, `function_arn`, `function_memory_size`,
`cold_start`, bound by the middleware in `core/observability.py`). They live in contextvars and a
logging filter stamps them on each record, so binding costs nothing until something is logged and
concurrent invocations (the local stack's threads) never see each other's keys. An explicit
`extra={...}` key of the same name wins.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from chalicelib.core.correlation import correlation_id

_keys: ContextVar[dict[str, Any]] = ContextVar("peerlearn_log_keys", default={})  # noqa: B039 (never mutated)


@contextmanager
def bound_keys(**keys: Any) -> Iterator[None]:
    """Add `keys` to every log line for the duration of the block (None values are left out)."""
    token = _keys.set({**_keys.get(), **{k: v for k, v in keys.items() if v is not None}})
    try:
        yield
    finally:
        _keys.reset(token)


class _InvocationKeys(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        fields = record.__dict__
        for key, value in _keys.get().items():
            fields.setdefault(key, value)
        current = correlation_id()
        if current is not None:
            fields.setdefault("correlation_id", current)
        return True


class _LazyLogger:
    _real: Any = None

    def _get(self) -> Any:
        if _LazyLogger._real is None:
            from aws_lambda_powertools import Logger

            real = Logger(service="peerlearn")
            real.addFilter(_InvocationKeys())
            _LazyLogger._real = real
        return _LazyLogger._real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._get(), name)


logger: Any = _LazyLogger()
