"""What the session jobs share: who is booked, and running one item exactly once."""

from __future__ import annotations

from collections.abc import Callable

from chalicelib.bookings import service as bookings
from chalicelib.core.logging import logger
from chalicelib.jobs import marks


def confirmed_learners(session_id: str, statuses: tuple[str, ...] = ("confirmed",)) -> list[str]:
    return [str(b.learner_id) for b in bookings.by_session(session_id) if b.status in statuses]


def exactly_once(key: str, act: Callable[[str], None]) -> bool:
    """Run `act(note_id)` for this item unless it is done or another run holds it; True if it ran.
    An exception leaves the claim to run out, so a later run retries the item (without resending
    what `note_id`-keyed notifications already delivered)."""
    if marks.is_done(key):
        return False
    note_id = marks.claim(key)
    if note_id is None:
        return False
    try:
        act(note_id)
    except Exception:
        logger.exception("job item failed; retried after its lease", extra={"mark": key})
        return False
    marks.finish(key)
    return True
