"""A learner's seat in a session."""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute, UnicodeSetAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection

from chalicelib.core.models import BaseModel, EnvTableMeta

HOLD = "hold"
APPROVAL_DUE = "due"
OPEN_KEY = "open"


class ByLearner(GlobalSecondaryIndex["Booking"]):
    """Sorted by the booking id, which is time-sortable to the millisecond (no same-second ties)."""

    class Meta:
        index_name = "by-learner"
        projection = AllProjection()

    learner_id = UnicodeAttribute(hash_key=True)
    booking_id = UnicodeAttribute(range_key=True)


class ByPair(GlobalSecondaryIndex["Booking"]):
    """Keys only: does this learner have any booking with this mentor (direct-message eligibility)."""

    class Meta:
        index_name = "by-pair"
        projection = KeysOnlyProjection()

    learner_id = UnicodeAttribute(hash_key=True)
    mentor_id = UnicodeAttribute(range_key=True)


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


class ApprovalsByDeadline(GlobalSecondaryIndex["Booking"]):
    """Sparse: `pending_approval` bookings by the time the mentor must answer (the sweeper's query)."""

    class Meta:
        index_name = "approvals-by-deadline"
        projection = AllProjection()

    approval_key = UnicodeAttribute(hash_key=True)
    approval_due_at = NumberAttribute(range_key=True)


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
    needs_approval = BooleanAttribute(default=False)  # paid first, then the mentor approves
    approval_due_at = NumberAttribute(null=True)  # the mentor's deadline, while pending_approval
    approval_key = UnicodeAttribute(null=True)
    refunded_paise = NumberAttribute(default=0)  # reserved or paid back so far, per payments' reports
    refund_ids = UnicodeSetAttribute(null=True)  # the refunds counted in refunded_paise (idempotency)
    # Written with the booking's ProblemReport, in one transaction: holds the mentor's release.
    problem_status = UnicodeAttribute(null=True)  # None | open | released | refunded

    by_learner = ByLearner()
    by_session = BySession()
    by_pair = ByPair()

    def paid_left(self) -> int:
        """What the learner paid for this seat and has not had back yet. Payments refunds at most
        what it captured, so an unpaid seat is never paid out."""
        if self.status == "pending_approval" and not self.paid_order_id:
            return 0  # a free request, or one from before approval seats were paid first
        return max(0, int(self.amount_paise) - int(self.refunded_paise or 0))
    holds_by_expiry = HoldsByExpiry()
    approvals_by_mentor = ApprovalsByMentor()
    approvals_by_deadline = ApprovalsByDeadline()


class OpenProblems(GlobalSecondaryIndex["ProblemReport"]):
    """Sparse: reports waiting for an admin, oldest first."""

    class Meta:
        index_name = "open-problems"
        projection = AllProjection()

    open_key = UnicodeAttribute(hash_key=True)
    reported_at = NumberAttribute(range_key=True)


class ProblemReport(BaseModel):
    """A learner's "Report a problem" about a finished session: at most one per booking."""

    class Meta(metaclass=EnvTableMeta):
        base_name = "problem-reports"

    booking_id = UnicodeAttribute(hash_key=True)
    session_id = UnicodeAttribute()
    learner_id = UnicodeAttribute()
    mentor_id = UnicodeAttribute()
    reason = UnicodeAttribute()
    details = UnicodeAttribute(default="")
    status = UnicodeAttribute()  # open | released | refunded
    reported_at = NumberAttribute()
    resolved_at = NumberAttribute(null=True)
    resolved_by = UnicodeAttribute(null=True)
    resolution_note = UnicodeAttribute(null=True)
    open_key = UnicodeAttribute(null=True)

    open_problems = OpenProblems()
