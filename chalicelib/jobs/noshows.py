"""No-shows, 10 minutes after the start, from the room's attendance. Scheduled every minute.

- The mentor never came: the session is cancelled through catalog's own path (`session.cancelled`,
  so bookings close and every learner is refunded in full by the existing reactions), the mentor is
  told, and the no-show is recorded against the mentor.
- A learner never came: recorded against the learner; the mentor is told and keeps the earning.
- Both came (or nobody had a confirmed seat): nothing.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from pynamodb.exceptions import PutError

from chalicelib.accounts.people import people
from chalicelib.catalog import service as catalog
from chalicelib.catalog.models import Session
from chalicelib.core import clock, paging
from chalicelib.jobs.common import confirmed_learners, exactly_once
from chalicelib.jobs.models import NoShow
from chalicelib.notifications.service import notify
from chalicelib.rooms.attendance import attendees

GRACE_SECONDS = 10 * 60  # how late someone may come before they count as a no-show
LOOKBACK_SECONDS = 6 * 3600  # sessions started this long ago are still checked (a scheduler outage)
ACTIVE = ("scheduled", "live")


def _record(s: Session, user_id: str, role: str, outcome: str) -> None:
    """Once per (session, person): a repeat finds it stored and changes nothing."""
    try:
        NoShow(session_id=s.session_id, user_id=user_id, role=role, mentor_id=s.mentor_id, title=s.title,
               starts_at=int(s.starts_at), outcome=outcome, recorded_at=clock.now_int()).save(
            condition=NoShow.user_id.does_not_exist())
    except PutError as exc:
        if exc.cause_response_code != "ConditionalCheckFailedException":
            raise


def _check(s: Session, note_id: str) -> None:
    learners = confirmed_learners(s.session_id)
    if not learners:
        return  # nobody was waiting: not a no-show against anyone
    came = attendees(s.room_code, until=clock.now())
    if s.mentor_id not in came:
        if catalog.cancel_for_mentor_no_show(s.session_id) is None:
            return  # it closed meanwhile (ended by the mentor): nothing to cancel or refund
        _record(s, s.mentor_id, "mentor", "cancelled_refunded")
        notify(s.mentor_id, "no_show_mentor", f"You missed {s.title}",
               "You didn't join within 10 minutes of the start, so the session was cancelled and every learner "
               "refunded in full. Missed sessions are recorded on your account.", "/dashboard/mentor",
               once=f"{note_id}-{s.mentor_id}")
        return
    missing = [learner for learner in learners if learner not in came]
    names = people(set(missing))
    for learner in missing:
        _record(s, learner, "learner", "mentor_paid")
        name = names[learner].name if learner in names else "A learner"
        notify(s.mentor_id, "no_show_learner", f"{name} didn't join {s.title}",
               "They didn't come within 10 minutes of the start. You keep your earning for their seat.",
               "/dashboard/mentor", once=f"{note_id}-{learner}")


def run(event: Any = None) -> dict[str, int]:
    now = clock.now_int()
    checked = 0
    for s in catalog.starting_between(now - LOOKBACK_SECONDS, now - GRACE_SECONDS):
        if s.status in ACTIVE:
            checked += exactly_once(f"noshow#{s.session_id}", partial(_check, s))
    return {"checked": checked}


def recorded(role: str | None, user_id: str | None, cursor: str | None, limit: int) -> Any:
    """The admins' list (newest first), of one role or of one person."""
    from chalicelib.jobs.schemas import NoShowOut, NoShowPage

    if user_id:
        keys = {"session_id", "user_id", "recorded_at"}
        start = paging.decode(cursor, keys, {"user_id": user_id})
        result = NoShow.by_user.query(user_id, scan_index_forward=False, limit=limit, last_evaluated_key=start)
    else:
        keys = {"session_id", "user_id", "role", "recorded_at"}
        start = paging.decode(cursor, keys, {"role": role or "mentor"})
        result = NoShow.by_role.query(role or "mentor", scan_index_forward=False, limit=limit,
                                      last_evaluated_key=start)
    items, last = paging.take(result, limit)
    names = people({n.user_id for n in items})
    return NoShowPage(items=[NoShowOut.from_model(n, names.get(n.user_id)) for n in items],
                      next_cursor=paging.encode(last))
