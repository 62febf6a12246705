"""The refund port: what a cancellation asks of payments.

The marketplace decides *that* a refund is due and how much (policy in `bookings.service`);
the payments context (Razorpay Refunds API + ledger) carries it out. Until payments land, no
booking can reach `confirmed` with money paid, so a requested refund is recorded on the booking
(`refund_status = "requested"`) and shown to the learner; the payments issue processes it.
"""

from __future__ import annotations

from chalicelib.bookings.models import Booking
from chalicelib.core import clock
from chalicelib.notifications.service import notify


def request_refund(b: Booking, amount_paise: int, reason: str) -> None:
    b.update(actions=[Booking.refund_status.set("requested"), Booking.refund_due_paise.set(amount_paise),
                      Booking.updated_at.set(clock.now_int())])
    from chalicelib.bookings.service import rupees

    notify(b.learner_id, "refund_requested", f"Refund of {rupees(amount_paise)} requested",
           "It goes back to your original payment method.", "/dashboard/learner")
    # `reason` is kept for the payments context (refund notes); unused until it lands.
