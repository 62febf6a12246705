"""Room access (spec 000 §8): the session's mentor and its confirmed learners — nobody else."""

from __future__ import annotations

from typing import Any

from chalicelib.accounts.people import people
from chalicelib.bookings.models import Booking
from chalicelib.catalog import service as catalog
from chalicelib.catalog.models import Session
from chalicelib.core import clock
from chalicelib.core.access import DASHBOARD
from chalicelib.core.errors import AccessDenied, NotFound

JOIN_EARLY = 15 * 60


def enter(user_id: str, role: str, room_code: str) -> dict[str, Any]:
    found = list(Session.by_room.query(room_code, limit=1))
    if not found:
        raise NotFound("We couldn't find that room.")
    s = found[0]
    confirmed = [b for b in Booking.by_session.query(s.session_id) if b.status in ("confirmed", "completed")]
    if user_id == s.mentor_id:
        me_role = "mentor"
    elif any(b.learner_id == user_id for b in confirmed):
        me_role = "learner"
    else:
        raise AccessDenied(redirect=DASHBOARD.get(role, "/"))
    cards = people({s.mentor_id, *(b.learner_id for b in confirmed)})
    participants = [{"user_id": s.mentor_id, "name": cards.get(s.mentor_id, {}).get("name", ""), "role": "mentor"}]
    participants += [{"user_id": b.learner_id, "name": cards.get(b.learner_id, {}).get("name", ""), "role": "learner"}
                     for b in confirmed]
    return {"room_code": room_code, "session": catalog.to_dict(s, cards, show_room=True), "role": me_role,
            "participants": participants, "opens_at": clock.iso(int(s.starts_at) - JOIN_EARLY),
            "ends_at": clock.iso(s.ends_at)}
