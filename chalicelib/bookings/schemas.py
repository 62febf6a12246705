"""Booking answers (the booking routes' inputs are the catalog's `PageQuery`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from chalicelib.catalog.rules import refund_policy_text
from chalicelib.catalog.schemas import SessionOut
from chalicelib.core.clock import iso
from chalicelib.core.schemas import Out, PersonRef

if TYPE_CHECKING:
    from chalicelib.bookings.models import Booking

BookingStatus = Literal["pending_payment", "pending_approval", "confirmed", "completed", "cancelled", "rejected",
                        "expired", "refunded"]
RefundStatus = Literal["requested", "processed", "failed"]


class BookingOut(Out):
    booking_id: str
    session: SessionOut
    learner: PersonRef
    status: BookingStatus
    amount_paise: int
    hold_expires_at: str | None  # while a paid seat is held (pending_payment)
    refund_policy: str
    refund_due_paise: int
    refund_status: RefundStatus | None
    created_at: str
    request_id: str | None  # the live request it came from

    @classmethod
    def from_model(cls, b: Booking, *, session: SessionOut, learner_name: str) -> BookingOut:
        return cls(
            booking_id=b.booking_id, session=session, learner=PersonRef(user_id=b.learner_id, name=learner_name),
            status=b.status,  # type: ignore[arg-type]  # checked against BookingStatus when built
            amount_paise=int(b.amount_paise),
            hold_expires_at=iso(b.hold_expires_at) if b.hold_expires_at and b.status == "pending_payment" else None,
            refund_policy=refund_policy_text(), refund_due_paise=int(b.refund_due_paise or 0),
            refund_status=b.refund_status,  # type: ignore[arg-type]
            created_at=iso(b.created_at), request_id=b.request_id)


class BookingPage(Out):
    items: list[BookingOut]
    next_cursor: str | None
