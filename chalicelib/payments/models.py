"""The double-entry ledger: one header per posting (its natural key makes it idempotent), one
item per leg, and a balance per account kept by atomic ADD in the same transaction."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from chalicelib.core.models import BaseModel, EnvTableMeta


class LegsByAccount(GlobalSecondaryIndex["LedgerItem"]):
    """An account's history (legs only; headers carry no `account`)."""

    class Meta:
        index_name = "by-account"
        projection = AllProjection()

    account = UnicodeAttribute(hash_key=True)
    posted_key = UnicodeAttribute(range_key=True)  # f"{posted_at:012d}#{txn_id}#{leg}"


class LegsByMonth(GlobalSecondaryIndex["LedgerItem"]):
    """Sparse, bucketed by IST month: only the legs the monthly report sums (the platform's fees and
    the refunds memo, which mirrors every capture and refund), in posting order."""

    class Meta:
        index_name = "legs-by-month"
        projection = AllProjection()

    posted_month = UnicodeAttribute(hash_key=True)  # "YYYY-MM" (IST) of posted_at
    posted_key = UnicodeAttribute(range_key=True)


class LedgerItem(BaseModel):
    class Meta(metaclass=EnvTableMeta):
        base_name = "ledger"

    txn_id = UnicodeAttribute(hash_key=True)  # natural key, e.g. "capture:pay_123"
    leg = NumberAttribute(range_key=True)  # 0 = header, 1.. = legs
    kind = UnicodeAttribute()
    posted_at = NumberAttribute()
    account = UnicodeAttribute(null=True)
    amount_paise = NumberAttribute(null=True)  # signed: + into the account, - out of it
    posted_key = UnicodeAttribute(null=True)
    refs = MapAttribute(default=dict)  # type: ignore[var-annotated]
    posted_month = UnicodeAttribute(null=True)
    by_account = LegsByAccount()
    by_month = LegsByMonth()


class Balance(BaseModel):
    class Meta(metaclass=EnvTableMeta):
        base_name = "balances"

    account = UnicodeAttribute(hash_key=True)
    balance_paise = NumberAttribute(default=0)


# ---------- payments (one per Razorpay order) ----------

class PaymentsByLearner(GlobalSecondaryIndex["Payment"]):
    class Meta:
        index_name = "by-learner"
        projection = AllProjection()

    learner_id = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class PaymentsByMentor(GlobalSecondaryIndex["Payment"]):
    class Meta:
        index_name = "by-mentor"
        projection = AllProjection()

    mentor_id = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class PaymentsByBooking(GlobalSecondaryIndex["Payment"]):
    class Meta:
        index_name = "by-booking"
        projection = AllProjection()

    booking_id = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class PaymentsByStatus(GlobalSecondaryIndex["Payment"]):
    """The admin table: every payment under its status (`all` for the unfiltered list is
    `feed_key`), newest first."""

    class Meta:
        index_name = "by-status"
        projection = AllProjection()

    status = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class PaymentsFeed(GlobalSecondaryIndex["Payment"]):
    class Meta:
        index_name = "feed"
        projection = AllProjection()

    feed_key = UnicodeAttribute(hash_key=True)  # always "payments"
    created_at = NumberAttribute(range_key=True)


class CapturedByDay(GlobalSecondaryIndex["Payment"]):
    """Sparse: captured payments by their capture day (IST), for the daily reconciliation."""

    class Meta:
        index_name = "captured-by-day"
        projection = AllProjection()

    captured_day = UnicodeAttribute(hash_key=True)
    captured_at = NumberAttribute(range_key=True)


class HeldEarnings(GlobalSecondaryIndex["Payment"]):
    """Sparse: booking payments whose mentor share is still held, by the session's end (the
    release sweeper's Query)."""

    class Meta:
        index_name = "held-earnings"
        projection = AllProjection()

    release_key = UnicodeAttribute(hash_key=True)  # "held"
    session_ends_at = NumberAttribute(range_key=True)


class Payment(BaseModel):
    class Meta(metaclass=EnvTableMeta):
        base_name = "payments"

    order_id = UnicodeAttribute(hash_key=True)  # Razorpay order id
    kind = UnicodeAttribute()  # booking | gift
    booking_id = UnicodeAttribute()
    session_id = UnicodeAttribute()
    session_title = UnicodeAttribute(default="")
    session_starts_at = NumberAttribute(default=0)
    session_ends_at = NumberAttribute(default=0)
    release_key = UnicodeAttribute(null=True)  # "held" while the mentor's share waits for the session
    learner_id = UnicodeAttribute()
    mentor_id = UnicodeAttribute()
    amount_paise = NumberAttribute()
    mentor_paise = NumberAttribute()
    platform_paise = NumberAttribute()
    refunded_paise = NumberAttribute(default=0)
    mentor_reversed_paise = NumberAttribute(default=0)
    status = UnicodeAttribute()  # created → failed → captured → partially_refunded → refunded
    earning_status = UnicodeAttribute(null=True)  # held | available | reversed
    held_reason = UnicodeAttribute(null=True)  # "problem_reported": kept out of the release sweep
    failed_ids = UnicodeSetAttribute(null=True)  # Razorpay payment ids that failed (set: idempotent)
    razorpay_payment_id = UnicodeAttribute(null=True)
    feed_key = UnicodeAttribute(default="payments")
    created_at = NumberAttribute()
    updated_at = NumberAttribute()
    captured_at = NumberAttribute(null=True)
    captured_day = UnicodeAttribute(null=True)

    by_learner = PaymentsByLearner()
    by_mentor = PaymentsByMentor()
    by_booking = PaymentsByBooking()
    by_status = PaymentsByStatus()
    feed = PaymentsFeed()
    captured_by_day = CapturedByDay()
    held_earnings = HeldEarnings()


# ---------- refunds ----------

class RefundsByOrder(GlobalSecondaryIndex["Refund"]):
    class Meta:
        index_name = "by-order"
        projection = AllProjection()

    order_id = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class RefundsByRazorpayId(GlobalSecondaryIndex["Refund"]):
    class Meta:
        index_name = "by-razorpay-id"
        projection = AllProjection()

    razorpay_refund_id = UnicodeAttribute(hash_key=True)


class RefundsByDay(GlobalSecondaryIndex["Refund"]):
    class Meta:
        index_name = "by-day"
        projection = AllProjection()

    created_day = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class UnsentRefunds(GlobalSecondaryIndex["Refund"]):
    """Sparse: refunds reserved in the ledger that Razorpay has not acknowledged yet."""

    class Meta:
        index_name = "unsent"
        projection = AllProjection()

    unsent_key = UnicodeAttribute(hash_key=True)  # "pending"
    created_at = NumberAttribute(range_key=True)


class Refund(BaseModel):
    class Meta(metaclass=EnvTableMeta):
        base_name = "refunds"

    refund_id = UnicodeAttribute(hash_key=True)  # ours; deterministic for automatic refunds
    order_id = UnicodeAttribute()
    razorpay_payment_id = UnicodeAttribute()
    razorpay_refund_id = UnicodeAttribute(null=True)
    learner_id = UnicodeAttribute()
    mentor_id = UnicodeAttribute()
    amount_paise = NumberAttribute()
    mentor_paise = NumberAttribute(default=0)  # the mentor's share taken back
    reason = UnicodeAttribute()
    note = UnicodeAttribute(default="")
    status = UnicodeAttribute()  # pending → processed | failed
    requested_by = UnicodeAttribute(null=True)
    created_at = NumberAttribute()
    updated_at = NumberAttribute()
    created_day = UnicodeAttribute()
    unsent_key = UnicodeAttribute(null=True)  # "pending" until Razorpay knows this refund

    by_order = RefundsByOrder()
    by_razorpay_id = RefundsByRazorpayId()
    by_day = RefundsByDay()
    unsent = UnsentRefunds()


# ---------- withdrawals ----------

class PayoutAccount(BaseModel):
    """Where an owner's withdrawals go. Only a mask is kept: the number lives at RazorpayX."""

    class Meta(metaclass=EnvTableMeta):
        base_name = "payout-accounts"

    owner = UnicodeAttribute(hash_key=True)  # a mentor's user id, or "platform"
    kind = UnicodeAttribute()  # bank | vpa
    holder_name = UnicodeAttribute(null=True)
    ifsc = UnicodeAttribute(null=True)
    masked = UnicodeAttribute()
    contact_id = UnicodeAttribute()
    fund_account_id = UnicodeAttribute()
    updated_at = NumberAttribute()


class WithdrawalsByOwner(GlobalSecondaryIndex["Withdrawal"]):
    class Meta:
        index_name = "by-owner"
        projection = AllProjection()

    owner = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class PayoutsToRetry(GlobalSecondaryIndex["Withdrawal"]):
    """Sparse: withdrawals whose payout request has not reached RazorpayX yet."""

    class Meta:
        index_name = "payouts-to-retry"
        projection = AllProjection()

    retry_key = UnicodeAttribute(hash_key=True)  # "requested"
    created_at = NumberAttribute(range_key=True)


class Withdrawal(BaseModel):
    class Meta(metaclass=EnvTableMeta):
        base_name = "withdrawals"

    withdrawal_id = UnicodeAttribute(hash_key=True)  # also the payout's idempotency key and reference
    owner = UnicodeAttribute()
    amount_paise = NumberAttribute()
    status = UnicodeAttribute()  # requested → processing → processed | reversed | failed
    destination = UnicodeAttribute()  # the masked account
    mode = UnicodeAttribute()
    fund_account_id = UnicodeAttribute()
    payout_id = UnicodeAttribute(null=True)
    utr = UnicodeAttribute(null=True)
    failure_reason = UnicodeAttribute(null=True)
    retry_key = UnicodeAttribute(null=True)
    created_at = NumberAttribute()
    updated_at = NumberAttribute()

    by_owner = WithdrawalsByOwner()
    payouts_to_retry = PayoutsToRetry()


# ---------- webhook events and reconciliation ----------

class EventsByState(GlobalSecondaryIndex["WebhookEvent"]):
    """Sparse: only events that need an admin (dead, then replayed) carry `admin_state`."""

    class Meta:
        index_name = "by-admin-state"
        projection = AllProjection()

    admin_state = UnicodeAttribute(hash_key=True)
    received_at = NumberAttribute(range_key=True)


class WebhookEvent(BaseModel):
    class Meta(metaclass=EnvTableMeta):
        base_name = "webhook-events"
        ttl_attribute_name = "expires_at"

    event_id = UnicodeAttribute(hash_key=True)  # x-razorpay-event-id
    event = UnicodeAttribute()
    entity_id = UnicodeAttribute(default="")
    status = UnicodeAttribute()  # processed | dead | replayed
    admin_state = UnicodeAttribute(null=True)
    body = UnicodeAttribute(null=True)  # the raw event, kept only while an admin may replay it
    error = UnicodeAttribute(null=True)
    attempts = NumberAttribute(default=0)
    received_at = NumberAttribute()
    processed_at = NumberAttribute(null=True)
    expires_at = NumberAttribute(null=True)  # processed events are forgotten after 30 days; dead ones kept

    by_admin_state = EventsByState()


class ReconciliationsFeed(GlobalSecondaryIndex["Reconciliation"]):
    class Meta:
        index_name = "feed"
        projection = AllProjection()

    feed_key = UnicodeAttribute(hash_key=True)  # always "reports"
    day = UnicodeAttribute(range_key=True)


class Reconciliation(BaseModel):
    class Meta(metaclass=EnvTableMeta):
        base_name = "reconciliation"

    day = UnicodeAttribute(hash_key=True)  # YYYY-MM-DD (IST)
    ok = BooleanAttribute()
    differences = ListAttribute(default=list)  # type: ignore[var-annotated]
    checked_payments = NumberAttribute(default=0)
    checked_refunds = NumberAttribute(default=0)
    ran_at = NumberAttribute()
    feed_key = UnicodeAttribute(default="reports")

    feed = ReconciliationsFeed()
