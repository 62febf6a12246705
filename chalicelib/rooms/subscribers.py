"""Rooms' reactions to events of the contexts below (wired in chalicelib/events/wiring.py)."""

from __future__ import annotations

from chalicelib.core.events import EventMeta
from chalicelib.payments.events import PaymentCaptured


def tell_room_of_gift(event: PaymentCaptured, meta: EventMeta) -> None:
    """A captured gift shows in the room at once ("₹… gift received"), once per order."""
    if event.kind != "gift":
        return
    from chalicelib.rooms import service

    service.announce_gift(event.order_id, event.booking_id, event.learner_id, event.amount_paise)
