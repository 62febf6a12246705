"""A booking's refund status, owned here.

The marketplace decides *that* a refund is due and how much (policy in `bookings.service`); the
cancellation records `refund_status = "requested"` with `booking.cancelled`, payments carries the
refund out (Razorpay, the ledger) and reports how it ended through `mark_refund`, a plain call
down the layers. Nothing else writes `Booking.refund_status` or `Booking.refunded_paise`.

`refunded_paise` counts each refund once, by its id: added when payments reserves it
(`requested`), taken back if it fails, so the policy never offers money already given back.
"""

from __future__ import annotations

from typing import Literal

from pynamodb.exceptions import UpdateError

from chalicelib.bookings.models import Booking
from chalicelib.core import clock
from chalicelib.core.logging import logger

RefundState = Literal["requested", "processed", "failed"]


def mark_refund(booking_id: str, state: RefundState, refund_id: str | None = None, amount_paise: int = 0) -> bool:
    try:
        Booking(booking_id=booking_id).update(
            actions=[Booking.refund_status.set(state), Booking.updated_at.set(clock.now_int())],
            condition=Booking.booking_id.exists())
    except UpdateError:
        logger.warning("booking missing for refund", extra={"booking_id": booking_id})
        return False
    if refund_id and amount_paise > 0:
        _count(booking_id, refund_id, amount_paise, back=state == "failed")
    return True


def _count(booking_id: str, refund_id: str, amount: int, back: bool) -> None:
    """Add a reserved refund to `refunded_paise` once, or take a failed one out once."""
    b = Booking(booking_id=booking_id)
    try:
        if back:
            b.update(actions=[Booking.refunded_paise.add(-amount), Booking.refund_ids.delete({refund_id})],
                     condition=Booking.refund_ids.contains(refund_id))
        else:
            b.update(actions=[Booking.refunded_paise.add(amount), Booking.refund_ids.add({refund_id})],
                     condition=~Booking.refund_ids.contains(refund_id))
    except UpdateError:
        pass  # already counted (or never counted, for a failure)
