"""Payments API shapes. Amounts are strict integers of paise: 12.5, "1250" and 1250.0 are refused."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Literal, cast

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, RootModel, StringConstraints

from chalicelib.bookings.schemas import BookingOut
from chalicelib.core.clock import iso
from chalicelib.core.schemas import Out, PersonRef, omitted_if_none

if TYPE_CHECKING:
    from chalicelib.payments.models import Payment, PayoutAccount, Reconciliation, Refund, WebhookEvent, Withdrawal

Strict = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)
Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")]
Paise = Annotated[int, Field(ge=1, le=10_000_000_00)]  # ₹1 crore: far above any real amount here
Limit = Annotated[int, Field(ge=1, le=50)]
Cursor = Annotated[str, StringConstraints(max_length=1000)]

IFSC = re.compile(r"^[A-Z]{4}0[A-Z0-9]{6}$")
VPA = re.compile(r"^[a-zA-Z0-9.\-_]{2,256}@[a-zA-Z]{2,64}$")


def _ifsc(value: str) -> str:
    value = value.strip().upper()
    if not IFSC.match(value):
        raise ValueError("Enter a valid IFSC: 4 letters, a zero, then 6 letters or digits (e.g. HDFC0001234).")
    return value


def _account_number(value: str) -> str:
    value = value.replace(" ", "")
    if not value.isdigit() or not 9 <= len(value) <= 18:
        raise ValueError("Enter the account number: 9 to 18 digits.")
    return value


def _vpa(value: str) -> str:
    value = value.strip()
    if not VPA.match(value):
        raise ValueError("Enter a valid UPI id, like name@bank.")
    return value


class OrderIn(BaseModel):
    model_config = Strict
    booking_id: Id


class GiftIn(BaseModel):
    model_config = Strict
    booking_id: Id
    amount_paise: Paise


class VerifyIn(BaseModel):
    model_config = Strict
    razorpay_order_id: Id
    razorpay_payment_id: Id
    razorpay_signature: Annotated[str, StringConstraints(min_length=1, max_length=128)]


class BankAccountIn(BaseModel):
    model_config = Strict
    kind: Literal["bank"]
    holder_name: Annotated[str, StringConstraints(min_length=3, max_length=120)]
    ifsc: Annotated[str, AfterValidator(_ifsc)]
    account_number: Annotated[str, AfterValidator(_account_number)]


class VpaIn(BaseModel):
    model_config = Strict
    kind: Literal["vpa"]
    vpa: Annotated[str, AfterValidator(_vpa)]


class PayoutAccountIn(RootModel[Annotated[BankAccountIn | VpaIn, Field(discriminator="kind")]]):
    """A bank account or a UPI id, told apart by `kind`."""


class WithdrawIn(BaseModel):
    model_config = Strict
    amount_paise: Paise


class AdminRefundIn(BaseModel):
    model_config = Strict
    amount_paise: Paise | None = None
    reason: Annotated[str, StringConstraints(min_length=3, max_length=500)]
    # The same key twice (a double click, a retried request) refunds once.
    idempotency_key: Annotated[str, StringConstraints(min_length=8, max_length=64,
                                                      pattern=r"^[A-Za-z0-9_\-]+$")] | None = None


class PageQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cursor: Cursor | None = None
    limit: Limit = 20


class AdminPaymentsQuery(PageQuery):
    status: Literal["created", "failed", "captured", "partially_refunded", "refunded"] | None = None


class RefundsQuery(PageQuery):
    order_id: Id


class SeriesQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    days: Annotated[int, Field(ge=7, le=365)] = 30


class DeadLettersQuery(PageQuery):
    status: Literal["dead", "replayed"] = "dead"


class RazorpayWebhookIn(BaseModel):
    """A Razorpay webhook event (documented only: the route checks the signature over the raw body)."""

    model_config = ConfigDict(extra="allow")
    event: str
    created_at: int
    payload: dict[str, object] = {}


# ---------- answers ----------

PaymentKind = Literal["booking", "gift"]
PaymentStatus = Literal["created", "failed", "captured", "partially_refunded", "refunded"]
EarningStatus = Literal["held", "available", "reversed"]
WithdrawalStatus = Literal["requested", "processing", "processed", "reversed", "failed"]
RefundStatus = Literal["pending", "processed", "failed"]


class PaymentSessionOut(Out):
    session_id: str
    title: str
    starts_at: str | None


class PaymentOut(Out):
    order_id: str
    kind: PaymentKind
    booking_id: str
    session: PaymentSessionOut
    learner: PersonRef
    mentor: PersonRef
    amount_paise: int
    mentor_paise: int
    platform_paise: int
    refunded_paise: int
    mentor_reversed_paise: int
    status: PaymentStatus
    earning_status: EarningStatus | None
    on_hold: bool  # a learner reported a problem: the share waits for support's decision
    failed_attempts: int
    razorpay_payment_id: str | None
    created_at: str
    captured_at: str | None

    @classmethod
    def from_model(cls, p: Payment, *, learner_name: str, mentor_name: str, failed_attempts: int) -> PaymentOut:
        return cls(
            order_id=p.order_id, kind=cast("PaymentKind", p.kind), booking_id=p.booking_id,
            session=PaymentSessionOut(session_id=p.session_id, title=p.session_title,
                                      starts_at=iso(p.session_starts_at) if p.session_starts_at else None),
            learner=PersonRef(user_id=p.learner_id, name=learner_name),
            mentor=PersonRef(user_id=p.mentor_id, name=mentor_name),
            amount_paise=int(p.amount_paise), mentor_paise=int(p.mentor_paise), platform_paise=int(p.platform_paise),
            refunded_paise=int(p.refunded_paise or 0), mentor_reversed_paise=int(p.mentor_reversed_paise or 0),
            status=cast("PaymentStatus", p.status), earning_status=cast("EarningStatus | None", p.earning_status),
            on_hold=bool(p.held_reason) and p.earning_status == "held", failed_attempts=failed_attempts,
            razorpay_payment_id=p.razorpay_payment_id, created_at=iso(p.created_at),
            captured_at=iso(p.captured_at) if p.captured_at else None)


class PaymentPage(Out):
    items: list[PaymentOut]
    next_cursor: str | None


class PrefillOut(Out):
    name: str
    email: str


class CheckoutOut(Out):
    """What Razorpay Checkout needs to open, plus the local stand-in's page (`checkout_url`)."""

    key: str
    order_id: str
    amount: int
    currency: str
    name: str
    description: str
    prefill: PrefillOut
    notes: dict[str, str]
    checkout_url: str | None
    attempts_left: int


class OrderOut(Out):
    payment: PaymentOut
    checkout: CheckoutOut


class VerifyOut(Out):
    payment: PaymentOut
    booking: BookingOut | None  # null for a gift


class EarningsSummaryOut(Out):
    held_paise: int
    available_paise: int
    payouts_pending_paise: int
    withdrawn_paise: int
    lifetime_paise: int
    gifts_paise: int


class EarningsPage(Out):
    items: list[PaymentOut]
    next_cursor: str | None
    summary: EarningsSummaryOut | None = omitted_if_none()  # on the first page only


class EarningsDayOut(Out):
    date: str
    earned_paise: int
    gifts_paise: int


class EarningsSeriesOut(Out):
    days: list[EarningsDayOut]


class BankAccountOut(Out):
    kind: Literal["bank"] = "bank"
    holder_name: str
    ifsc: str
    masked: str
    account_last4: str


class VpaAccountOut(Out):
    kind: Literal["vpa"] = "vpa"
    vpa_masked: str
    masked: str


class PayoutAccountOut(Out):
    account: Annotated[BankAccountOut | VpaAccountOut, Field(discriminator="kind")] | None

    @classmethod
    def from_model(cls, a: PayoutAccount | None) -> PayoutAccountOut:
        if a is None:
            return cls(account=None)
        if a.kind == "bank":
            return cls(account=BankAccountOut(holder_name=a.holder_name or "", ifsc=a.ifsc or "", masked=a.masked,
                                              account_last4=a.masked[-4:]))
        return cls(account=VpaAccountOut(vpa_masked=a.masked, masked=a.masked))


class WithdrawalOut(Out):
    withdrawal_id: str
    amount_paise: int
    status: WithdrawalStatus
    status_text: str
    destination: str
    utr: str | None
    failure_reason: str | None
    created_at: str
    updated_at: str

    @classmethod
    def from_model(cls, w: Withdrawal, *, status_text: str) -> WithdrawalOut:
        return cls(withdrawal_id=w.withdrawal_id, amount_paise=int(w.amount_paise),
                   status=cast("WithdrawalStatus", w.status), status_text=status_text, destination=w.destination,
                   utr=w.utr, failure_reason=w.failure_reason, created_at=iso(w.created_at),
                   updated_at=iso(w.updated_at))


class WithdrawalPage(Out):
    items: list[WithdrawalOut]
    next_cursor: str | None


class RefundOut(Out):
    refund_id: str
    order_id: str
    razorpay_refund_id: str | None
    amount_paise: int
    mentor_paise: int
    reason: str  # learner_cancelled | mentor_cancelled | admin | mentor_no_show | hold_expired | ...
    note: str
    status: RefundStatus
    created_at: str

    @classmethod
    def from_model(cls, r: Refund) -> RefundOut:
        return cls(refund_id=r.refund_id, order_id=r.order_id, razorpay_refund_id=r.razorpay_refund_id,
                   amount_paise=int(r.amount_paise), mentor_paise=int(r.mentor_paise), reason=r.reason, note=r.note,
                   status=cast("RefundStatus", r.status), created_at=iso(r.created_at))


class RefundPage(Out):
    items: list[RefundOut]
    next_cursor: str | None


class RevenueOut(Out):
    platform_fees_paise: int
    platform_payouts_pending_paise: int
    platform_withdrawn_paise: int
    captured_paise: int
    refunded_paise: int


class WebhookEventOut(Out):
    event_id: str
    event: str
    entity_id: str
    status: Literal["processed", "dead", "replayed"]
    error: str | None
    attempts: int
    received_at: str

    @classmethod
    def from_model(cls, e: WebhookEvent) -> WebhookEventOut:
        return cls(event_id=e.event_id, event=e.event, entity_id=e.entity_id, status=e.status,  # type: ignore[arg-type]
                   error=e.error, attempts=int(e.attempts or 0), received_at=iso(e.received_at))


class WebhookEventPage(Out):
    items: list[WebhookEventOut]
    next_cursor: str | None


class ReconciliationOut(Out):
    day: str
    ok: bool
    differences: list[dict[str, object]]  # each with a `kind` (docs/operations.md) and the ids involved
    checked_payments: int
    checked_refunds: int
    ran_at: str

    @classmethod
    def from_model(cls, r: Reconciliation) -> ReconciliationOut:
        return cls(day=r.day, ok=bool(r.ok), differences=[dict(d) for d in r.differences or []],
                   checked_payments=int(r.checked_payments or 0), checked_refunds=int(r.checked_refunds or 0),
                   ran_at=iso(r.ran_at))


class ReconciliationPage(Out):
    items: list[ReconciliationOut]
    next_cursor: str | None


class WebhookAckOut(Out):
    ok: Literal[True] = True
    ignored: Literal[True] | None = omitted_if_none()  # an event type PeerLearn does not handle
