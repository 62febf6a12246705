"""Payments' reactions to what happens to bookings (wired in chalicelib/events/wiring.py)."""

from __future__ import annotations

from chalicelib.bookings.events import BookingCancelled, BookingCompleted
from chalicelib.core.events import EventMeta
from chalicelib.payments import capture, refunds


def refund_cancelled_booking(event: BookingCancelled, meta: EventMeta) -> None:
    """The refund the marketplace's policy owes; keyed by (order, reason), so it happens once."""
    if event.refund_paise > 0:
        refunds.refund_booking(event.booking_id, event.refund_paise, event.reason or "learner_cancelled")


def release_earning_of_completed_booking(event: BookingCompleted, meta: EventMeta) -> None:
    if event.paid:
        capture.release_earning(event.booking_id)
