"""The one source of "now", replaceable in tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

_now: Callable[[], float] = time.time


def now() -> float:
    """Seconds since the epoch."""
    return _now()


def now_int() -> int:
    return int(_now())


def utcnow() -> datetime:
    return datetime.fromtimestamp(_now(), tz=UTC)


def iso(ts: float | None = None) -> str:
    dt = datetime.fromtimestamp(now() if ts is None else ts, tz=UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def set_clock(fn: Callable[[], float]) -> None:
    global _now
    _now = fn


def reset_clock() -> None:
    global _now
    _now = time.time

