"""Bookings' reactions to what happens to sessions (wired in chalicelib/events/wiring.py)."""

from __future__ import annotations

from chalicelib.bookings import service
from chalicelib.catalog.events import SessionCancelled, SessionCompleted, SessionWentLive
from chalicelib.core.events import EventMeta


def cancel_bookings_of_session(event: SessionCancelled, meta: EventMeta) -> None:
    service.cancel_all_for_session(event.session_id, event.title, event.reason, once=meta.event_id,
                                   refund_reason=event.refund_reason)


def complete_bookings_of_session(event: SessionCompleted, meta: EventMeta) -> None:
    service.complete_for_session(event.session_id)


def tell_learners_session_is_live(event: SessionWentLive, meta: EventMeta) -> None:
    service.notify_learners(event.session_id, "session_live", f"{event.title} is live now", "Join the room.",
                            f"/session/{event.room_code}", once=meta.event_id)
