"""Session start times for tests and benchmarks that run against the real clock (the local stack)."""

from __future__ import annotations

import time
from datetime import UTC, datetime


def soonest_slot() -> str:
    """The next quarter hour: in the future and at most 15 minutes ahead, so a session starting then can
    be created (its start is in the future) and taken live (from 15 minutes before) at once. Within 20 s
    of a quarter that quarter could pass before the POST lands, so this waits it out first."""
    if (left := 900 - int(time.time()) % 900) < 20:
        time.sleep(left + 1)
    return next_slot(0)


def next_slot(seconds_ahead: int) -> str:
    """An ISO-8601 UTC start on a quarter hour at least `seconds_ahead` from now."""
    t = int(time.time()) + seconds_ahead
    t = t - t % 900 + 900
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
