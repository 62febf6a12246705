"""The correlation id: one value that follows a piece of work across invocations and queues.

The middleware (`core/observability.py`) binds one for every invocation: a sane incoming
`X-Correlation-Id` header, else API Gateway's request id, else a fresh uuid (for SQS, the
message's `correlation_id` attribute). Every line of the shared logger carries the bound value as
`correlation_id`. Code that hands work to a later invocation (an SQS message, an outbox event)
reads it with `correlation_id()` and stores it; the code that picks the work up binds it again
with `bind()` / `bound()`.

A contextvar, not logger state: the local stack runs invocations on concurrent threads.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

HEADER = "X-Correlation-Id"
SQS_ATTRIBUTE = "correlation_id"
MAX_LENGTH = 128
_SANE = re.compile(rf"[A-Za-z0-9._-]{{1,{MAX_LENGTH}}}")

_current: ContextVar[str | None] = ContextVar("peerlearn_correlation_id", default=None)


def correlation_id() -> str | None:
    """The correlation id bound now (None outside an invocation)."""
    return _current.get()


def sane(value: object) -> str | None:
    """`value` if it is usable as a correlation id (1–128 of [A-Za-z0-9._-]), else None."""
    return value if isinstance(value, str) and _SANE.fullmatch(value) else None


def new_correlation_id() -> str:
    return str(uuid.uuid4())


def choose(*candidates: object) -> str:
    """The first sane candidate, else a fresh id."""
    for candidate in candidates:
        found = sane(candidate)
        if found is not None:
            return found
    return new_correlation_id()


def bind(value: str | None) -> str:
    """Make `value` the current correlation id (a fresh one if it is missing or not sane) for the
    rest of this invocation; returns the id bound. The middleware restores the previous value."""
    chosen = choose(value)
    _current.set(chosen)
    return chosen


@contextmanager
def bound(value: str | None) -> Iterator[str]:
    """`bind(value)` for the duration of the block, then the previous id again."""
    chosen = choose(value)
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


# ---------- across SQS ----------

def message_attributes() -> dict[str, Any]:
    """SQS `MessageAttributes` carrying the current correlation id (empty when none is bound)."""
    current = correlation_id()
    return {SQS_ATTRIBUTE: {"DataType": "String", "StringValue": current}} if current else {}


def from_message_attributes(attributes: Mapping[str, Any] | None) -> str | None:
    """The sane correlation id in a Lambda SQS record's `messageAttributes`, if any."""
    attribute = (attributes or {}).get(SQS_ATTRIBUTE)
    return sane(attribute.get("stringValue")) if isinstance(attribute, Mapping) else None
