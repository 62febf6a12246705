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


def local_text(ts: float, tz_name: str | None) -> str:
    """A human time in the reader's timezone, e.g. "Thu 26 Nov, 14:30 IST" (for notification text)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        tz = ZoneInfo(tz_name or "Asia/Kolkata")
    except (ZoneInfoNotFoundError, ValueError):
        tz = ZoneInfo("Asia/Kolkata")
    return datetime.fromtimestamp(ts, tz).strftime("%a %d %b, %H:%M %Z")
