"""The one source of "now", replaceable in tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone, tzinfo

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



# ---------- time buckets (the partitions of the jobs' sparse, time-bucketed indexes) ----------

IST = timezone(timedelta(hours=5, minutes=30))  # India has no daylight saving: a fixed offset is exact


def day(ts: float, tz: tzinfo = UTC) -> str:
    """The calendar day of `ts` in `tz`, as "YYYY-MM-DD" (a bucket key)."""
    return datetime.fromtimestamp(ts, tz).strftime("%Y-%m-%d")


def month(ts: float, tz: tzinfo = IST) -> str:
    """The calendar month of `ts` in `tz`, as "YYYY-MM" (the monthly report's bucket key)."""
    return datetime.fromtimestamp(ts, tz).strftime("%Y-%m")


def days_between(lo: float, hi: float, tz: tzinfo = UTC) -> list[str]:
    """Every day bucket that instants in [lo, hi] fall in (lo ≤ hi), oldest first."""
    first = datetime.fromtimestamp(lo, tz).date()
    last = datetime.fromtimestamp(hi, tz).date()
    return [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]


def month_bounds(name: str, tz: tzinfo = IST) -> tuple[int, int]:
    """[start, end) of the month "YYYY-MM" in `tz`, as epoch seconds."""
    year, mon = (int(x) for x in name.split("-"))
    start = datetime(year, mon, 1, tzinfo=tz)
    end = datetime(year + (mon == 12), mon % 12 + 1, 1, tzinfo=tz)
    return int(start.timestamp()), int(end.timestamp())
