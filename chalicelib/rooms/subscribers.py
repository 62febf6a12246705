"""Rooms' reactions to events of the contexts below (wired in chalicelib/events/wiring.py)."""

from __future__ import annotations

from chalicelib.catalog.events import SessionCancelled, SessionCompleted
from chalicelib.core.events import EventMeta
from chalicelib.payments.events import PaymentCaptured


def tell_room_of_gift(event: PaymentCaptured, meta: EventMeta) -> None:
    """A captured gift shows in the room at once ("₹… gift received"), once per order."""
    if event.kind != "gift":
        return
    from chalicelib.rooms import service

    service.announce_gift(event.order_id, event.booking_id, event.learner_id, event.amount_paise)


def close_room_of_finished_session(event: SessionCompleted | SessionCancelled, meta: EventMeta) -> None:
    """A session completed by the clock or cancelled (the no-show job cancels live ones) while someone
    was still in the room: they are told, leave, and their attendance stops counting."""
    from chalicelib.catalog.models import Session
    from chalicelib.rooms import service

    try:
        session = Session.get(event.session_id)
    except Session.DoesNotExist:
        return
    if session.room_code:
        reason = "cancelled" if isinstance(event, SessionCancelled) else "completed"
        service.close_room(session.room_code, event.session_id, by=None, reason=reason)
