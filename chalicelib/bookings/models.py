"""A learner's seat in a session."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.core.models import BaseModel, EnvTableMeta

HOLD = "hold"


class ByLearner(GlobalSecondaryIndex["Booking"]):
    """Sorted by the booking id, which is time-sortable to the millisecond (no same-second ties)."""

    class Meta:
        index_name = "by-learner"
        projection = AllProjection()

    learner_id = UnicodeAttribute(hash_key=True)
    booking_id = UnicodeAttribute(range_key=True)


class BySession(GlobalSecondaryIndex["Booking"]):
    class Meta:
        index_name = "by-session"
        projection = AllProjection()

    session_id = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class HoldsByExpiry(GlobalSecondaryIndex["Booking"]):
    """Sparse: only `pending_payment` bookings carry `hold_key` (the hold sweeper's query)."""

    class Meta:
        index_name = "holds-by-expiry"
        projection = AllProjection()

    hold_key = UnicodeAttribute(hash_key=True)
    hold_expires_at = NumberAttribute(range_key=True)


class ApprovalsByMentor(GlobalSecondaryIndex["Booking"]):
    """Sparse: bookings waiting for the mentor's approval."""

    class Meta:
        index_name = "approvals-by-mentor"
        projection = AllProjection()

    approval_mentor_id = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class Booking(BaseModel):
    class Meta(metaclass=EnvTableMeta):
        base_name = "bookings"

    booking_id = UnicodeAttribute(hash_key=True)
    session_id = UnicodeAttribute()
    learner_id = UnicodeAttribute()
    mentor_id = UnicodeAttribute()
    status = UnicodeAttribute()
    amount_paise = NumberAttribute(default=0)
    starts_at = NumberAttribute()
    ends_at = NumberAttribute()
    created_at = NumberAttribute()
    updated_at = NumberAttribute()
    hold_expires_at = NumberAttribute(null=True)
    refund_due_paise = NumberAttribute(default=0)
    refund_status = UnicodeAttribute(null=True)  # None | requested | processed | failed
    paid_order_id = UnicodeAttribute(null=True)  # the Razorpay order that paid for this seat
    request_id = UnicodeAttribute(null=True)
    hold_key = UnicodeAttribute(null=True)
    approval_mentor_id = UnicodeAttribute(null=True)

    by_learner = ByLearner()
    by_session = BySession()
    holds_by_expiry = HoldsByExpiry()
    approvals_by_mentor = ApprovalsByMentor()
