"""Which of these sessions does the learner hold a seat in? For the session cards ("Booked", "Join ➤").

The listings (/sessions, /landing) are public and CDN-cached, so a per-learner answer cannot ride on
them; the SPA asks this private route for the page of cards it shows. Key lookups only: the
one-per-learner guard of each session (BatchGet), then the guarded bookings (BatchGet), then the
confirmed seats' room codes (BatchGet) — never a Scan, and no Query over the learner's history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.bookings.models import Booking
from chalicelib.bookings.service import OPEN, guard_key
from chalicelib.catalog.models import Session
from chalicelib.core.guards import Guard

if TYPE_CHECKING:
    from chalicelib.dashboards.schemas import SeatPage


def seats(learner_id: str, session_ids: list[str]) -> SeatPage:
    from chalicelib.dashboards.schemas import SeatOut, SeatPage

    ids = sorted(set(session_ids))
    if not ids:
        return SeatPage(items=[])
    guards = list(Guard.batch_get([guard_key(sid, learner_id) for sid in ids]))
    owned = list(Booking.batch_get([g.owner_id for g in guards])) if guards else []
    held = [b for b in owned if b.learner_id == learner_id and b.status in OPEN and b.session_id in ids]
    confirmed = [b.session_id for b in held if b.status == "confirmed"]
    rooms = {s.session_id: s.room_code
             for s in Session.batch_get(confirmed, attributes_to_get=["session_id", "room_code"])} if confirmed else {}
    items = [SeatOut(session_id=b.session_id, booking_id=b.booking_id, status=b.status,  # type: ignore[arg-type]
                     room_code=rooms.get(b.session_id)) for b in sorted(held, key=lambda b: b.session_id)]
    return SeatPage(items=items)
