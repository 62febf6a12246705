"""Public live figures (counted from stored data) and their fan-out on `public:live`.

Private sessions (made for one learner from a live request) are not counted: the landing page
shows public ones, and a private one must not leak who learns with whom.
"""

from __future__ import annotations

from typing import cast

from chalicelib.catalog import service as catalog
from chalicelib.catalog.models import Session
from chalicelib.catalog.schemas import SessionStatus
from chalicelib.live.schemas import LiveOut, LiveSessionOut, LiveUpdateEvent, MentorInEvent
from chalicelib.realtime import service as rt
from chalicelib.rooms import state


def _public_live() -> list[Session]:
    return [s for s in catalog.live_now() if s.visibility == "public"]


def _figures(s: Session) -> LiveSessionOut:
    mentor_in, learners = False, set()
    if s.status == "live":
        for peer in state.live_peers(s.room_code):
            if peer.role == "mentor":
                mentor_in = True
            else:
                learners.add(peer.user_id)
    return LiveSessionOut(session_id=s.session_id, mentor_id=s.mentor_id, status=cast(SessionStatus, s.status),
                          seats=int(s.seats), seats_left=max(0, int(s.seats) - int(s.seats_taken or 0)),
                          mentor_in=mentor_in, learners_in=len(learners))


def figures() -> LiveOut:
    live = _public_live()
    return LiveOut(live_count=len(live), live_mentor_ids=sorted({s.mentor_id for s in live}),
                   sessions=[_figures(s) for s in live])


def publish_session(session_id: str) -> int:
    """Recount and publish one session's figures with the totals; a state frame, so sending it twice
    (a redelivered event) is harmless. Returns how many connections got it."""
    s = Session.get(session_id, consistent_read=True)
    if s.visibility != "public":
        return 0
    live = _public_live()
    frame = LiveUpdateEvent(live_count=len(live), live_mentor_ids=sorted({x.mentor_id for x in live}),
                            session=_figures(s))
    return rt.publish(rt.PUBLIC_LIVE, frame.model_dump(mode="json"))


def tell_learners_mentor_is_in(session_id: str, room_code: str) -> int:
    from chalicelib.bookings.service import by_session

    frame = MentorInEvent(session_id=session_id, room_code=room_code).model_dump(mode="json")
    told = 0
    for b in by_session(session_id):
        if b.status == "confirmed":
            rt.push(b.learner_id, frame)
            told += 1
    return told
