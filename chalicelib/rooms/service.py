"""Room access (spec 000 §8): the session's mentor and its confirmed learners — nobody else."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from chalicelib.accounts.people import people
from chalicelib.bookings.models import Booking
from chalicelib.catalog import service as catalog
from chalicelib.catalog.models import Session
from chalicelib.core import clock
from chalicelib.core.access import DASHBOARD
from chalicelib.core.errors import AccessDenied, NotFound

if TYPE_CHECKING:
    from chalicelib.rooms.schemas import RoomOut

JOIN_EARLY = 15 * 60


def enter(user_id: str, role: str, room_code: str) -> RoomOut:
    from chalicelib.accounts.schemas import name_of
    from chalicelib.rooms.schemas import ParticipantOut, RoomOut

    found = list(Session.by_room.query(room_code, limit=1))
    if not found:
        raise NotFound("We couldn't find that room.")
    s = found[0]
    confirmed = [b for b in Booking.by_session.query(s.session_id) if b.status in ("confirmed", "completed")]
    me_role: Literal["mentor", "learner"]
    if user_id == s.mentor_id:
        me_role = "mentor"
    elif any(b.learner_id == user_id for b in confirmed):
        me_role = "learner"
    else:
        raise AccessDenied(redirect=DASHBOARD.get(role, "/"))
    cards = people({s.mentor_id, *(b.learner_id for b in confirmed)})
    participants = [ParticipantOut(user_id=s.mentor_id, name=name_of(cards, s.mentor_id), role="mentor")]
    participants += [ParticipantOut(user_id=b.learner_id, name=name_of(cards, b.learner_id), role="learner")
                     for b in confirmed]
    return RoomOut(room_code=room_code, session=catalog.to_out(s, cards, show_room=True), role=me_role,
                   participants=participants, opens_at=clock.iso(int(s.starts_at) - JOIN_EARLY),
                   ends_at=clock.iso(s.ends_at))
