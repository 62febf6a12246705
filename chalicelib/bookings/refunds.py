"""A booking's refund status, owned here.

The marketplace decides *that* a refund is due and how much (policy in `bookings.service`); the
cancellation records `refund_status = "requested"` with `booking.cancelled`, payments carries the
refund out (Razorpay, the ledger) and reports how it ended through `mark_refund`, a plain call
down the layers. Nothing else writes `Booking.refund_status`.
"""

from __future__ import annotations

from typing import Literal

from pynamodb.exceptions import UpdateError

from chalicelib.bookings.models import Booking
from chalicelib.core import clock
from chalicelib.core.logging import logger

RefundState = Literal["requested", "processed", "failed"]


def mark_refund(booking_id: str, state: RefundState) -> bool:
    try:
        Booking(booking_id=booking_id).update(
            actions=[Booking.refund_status.set(state), Booking.updated_at.set(clock.now_int())],
            condition=Booking.booking_id.exists())
    except UpdateError:
        logger.warning("booking missing for refund", extra={"booking_id": booking_id})
        return False
    return True
