"""One-off: the jobs' day buckets on sessions written before the buckets existed.

Reads the sessions table once, on purpose: an operator's migration (`python -m chalicelib.jobs.cli
backfill-buckets`), never a user-facing or scheduled path. Safe to run again."""

from __future__ import annotations

from typing import Any

from pynamodb.exceptions import UpdateError

from chalicelib.catalog.models import CLOSED, START, Session, job_bucket
from chalicelib.core import clock


def backfill_session_buckets(dry_run: bool = False) -> int:
    changed = 0
    for s in Session.scan():
        actions: list[Any] = []
        if s.job_bucket:
            continue
        if s.status in ("scheduled", "live"):
            start = int(s.starts_at)
            actions += [Session.job_bucket.set(job_bucket(START, clock.day(start))), Session.job_at.set(start)]
        elif s.status in ("completed", "cancelled"):
            closed = int(s.ended_at or s.updated_at)
            actions += [Session.job_bucket.set(job_bucket(CLOSED, clock.day(closed, clock.IST))),
                        Session.job_at.set(closed)]
        if not actions:
            continue
        changed += 1
        if not dry_run:
            try:  # only while the status is still the one read (a concurrent close writes its own)
                s.update(actions=actions, condition=Session.status == s.status)
            except UpdateError:
                changed -= 1
    return changed
