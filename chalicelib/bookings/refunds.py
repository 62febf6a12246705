"""The refund port: what a cancellation asks of payments.

The marketplace decides *that* a refund is due and how much (policy in `bookings.service`);
the payments context carries it out through Razorpay's Refunds API and the ledger, and tells the
learner. Refunds are keyed by (order, reason), so a retried cancellation refunds once.
"""

from __future__ import annotations

from chalicelib.bookings.models import Booking
from chalicelib.core import clock


def request_refund(b: Booking, amount_paise: int, reason: str) -> None:
    b.update(actions=[Booking.refund_status.set("requested"), Booking.refund_due_paise.set(amount_paise),
                      Booking.updated_at.set(clock.now_int())])
    from chalicelib.payments import refunds

    refunds.refund_booking(b.booking_id, amount_paise, reason)
