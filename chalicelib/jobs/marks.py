"""Exactly once per (job, item), across overlapping runs: claim by a conditional write, then act."""

from __future__ import annotations

from pynamodb.exceptions import UpdateError

from chalicelib.core import clock
from chalicelib.core.ids import new_id
from chalicelib.jobs.models import JobMark

LEASE_SECONDS = 300  # a run that died holding a claim is taken over after this
KEEP_SECONDS = 90 * 86_400


def claim(key: str) -> str | None:
    """The item's `note_id` if this run may act on it now; None if it is done or another run holds it.

    The condition (absent, or a claim whose lease ran out) makes DynamoDB pick one winner among
    racing runs. The note id is written only the first time (`if_not_exists`), so a takeover reuses it."""
    now = clock.now_int()
    mark = JobMark(mark_key=key)
    try:
        mark.update(actions=[JobMark.state.set("running"), JobMark.lease_until.set(now + LEASE_SECONDS),
                             JobMark.note_id.set(JobMark.note_id | new_id()), JobMark.attempts.add(1),
                             JobMark.created_at.set(JobMark.created_at | now), JobMark.updated_at.set(now),
                             JobMark.expires_at.set(now + KEEP_SECONDS)],
                    condition=JobMark.mark_key.does_not_exist()
                    | ((JobMark.state == "running") & (JobMark.lease_until < now)))
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return None
        raise
    return str(mark.note_id)


def finish(key: str) -> None:
    """The item is done: no run acts on it again."""
    JobMark(mark_key=key).update(actions=[JobMark.state.set("done"), JobMark.updated_at.set(clock.now_int())])


def is_done(key: str) -> bool:
    """A cheap read first, so a finished item costs a read, not a failed write, on every later run."""
    try:
        return JobMark.get(key, attributes_to_get=["state"]).state == "done"
    except JobMark.DoesNotExist:
        return False
