"""What happens to bookings, for payments (refunds, earnings) and later jobs to react to."""

from __future__ import annotations

from chalicelib.core.events import DomainEvent


class _BookingEvent(DomainEvent):
    booking_id: str
    session_id: str
    learner_id: str
    mentor_id: str

    def key(self) -> str:
        return f"booking#{self.booking_id}"


class BookingConfirmed(_BookingEvent):
    TYPE = "booking.confirmed"
    VERSION = 1
    amount_paise: int
    paid_order_id: str | None


class BookingCancelled(_BookingEvent):
    """A seat given up (by the learner, the mentor's cancellation, or support). `refund_paise` is what
    the marketplace's policy owes back; payments carries it out."""

    TYPE = "booking.cancelled"
    VERSION = 1
    refund_paise: int
    reason: str


class BookingCompleted(_BookingEvent):
    TYPE = "booking.completed"
    VERSION = 1
    paid: bool


class BookingProblemReported(_BookingEvent):
    """The learner reported a problem with a finished session: the mentor's share stays held."""

    TYPE = "booking.problem_reported"
    VERSION = 1
    reason: str


class BookingProblemResolved(_BookingEvent):
    """Support decided a report: `released` pays the mentor as usual, `refunded` returns `refund_paise`."""

    TYPE = "booking.problem_resolved"
    VERSION = 1
    outcome: str  # released | refunded
    refund_paise: int
