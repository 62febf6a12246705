"""Payments' reactions to what happens to bookings (wired in chalicelib/events/wiring.py)."""

from __future__ import annotations

from chalicelib.bookings.events import BookingCancelled, BookingProblemReported, BookingProblemResolved
from chalicelib.core.events import EventMeta
from chalicelib.payments import capture, refunds


def refund_cancelled_booking(event: BookingCancelled, meta: EventMeta) -> None:
    """The refund the marketplace's policy owes; keyed by (order, reason), so it happens once."""
    if event.refund_paise > 0:
        refunds.refund_booking(event.booking_id, event.refund_paise, event.reason or "learner_cancelled")


def hold_earning_of_reported_booking(event: BookingProblemReported, meta: EventMeta) -> None:
    """A report keeps the mentor's share out of the release sweep until support decides."""
    capture.hold_for_report(event.booking_id)


def settle_reported_booking(event: BookingProblemResolved, meta: EventMeta) -> None:
    if event.outcome == "refunded" and event.refund_paise > 0:
        refunds.refund_booking(event.booking_id, event.refund_paise, "problem_refund")
    else:
        capture.end_report_hold(event.booking_id)
