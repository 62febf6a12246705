"""Razorpay Orders for seats and gifts, and the Checkout callback.

An order is created for a booking's held seat (amount in paise, receipt = booking id) or for a
gift on a confirmed booking; its id keys our payment record. The Checkout callback is trusted only
when `razorpay_signature` = HMAC-SHA256(stored order id | payment id, key secret) and Razorpay
confirms the payment is captured; the webhook does the same work if the callback never comes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.core import clock
from chalicelib.core.errors import BadRequest, Conflict, Forbidden
from chalicelib.core.money import GIFT_MIN_PAISE, MAX_FAILED_ATTEMPTS, rupees
from chalicelib.core.settings import get_settings
from chalicelib.payments import capture, gateway, records
from chalicelib.payments.ledger import split
from chalicelib.payments.models import Payment
from chalicelib.payments.records import MENTOR_BPS, failed_attempts

if TYPE_CHECKING:
    from chalicelib.payments.schemas import OrderOut, VerifyOut


def _own_booking(learner_id: str, booking_id: str) -> Any:
    from chalicelib.bookings import service as bookings

    b = bookings.load(booking_id)
    if b.learner_id != learner_id:
        raise Forbidden("Access denied", code="access_denied")
    return b


def _open_order(booking_id: str, kind: str) -> Payment | None:
    for p in Payment.by_booking.query(booking_id, scan_index_forward=False):
        if p.kind == kind and p.status in ("created", "failed"):
            return p
    return None


def for_booking(learner_id: str, booking_id: str) -> tuple[OrderOut, bool]:
    """(checkout, created). Pays a held seat; an order still open for it is reused."""
    b = _own_booking(learner_id, booking_id)
    if b.status != "pending_payment":
        raise Conflict(f"This booking is {b.status.replace('_', ' ')}; there is nothing to pay.",
                       code="stale_state")
    if b.hold_expires_at and int(b.hold_expires_at) <= clock.now_int():
        raise Conflict("The 15-minute hold has passed. Book again if seats are left.", code="hold_expired")
    existing = _open_order(booking_id, "booking")
    if existing is not None:
        if failed_attempts(existing) >= MAX_FAILED_ATTEMPTS:
            raise Conflict("This payment failed 3 times. Try another method?", code="attempts_exhausted")
        return checkout(existing), False
    return checkout(_create(b, "booking", int(b.amount_paise))), True


def for_gift(learner_id: str, booking_id: str, amount_paise: int) -> OrderOut:
    b = _own_booking(learner_id, booking_id)
    limit = get_settings().gift_max_paise
    if not GIFT_MIN_PAISE <= amount_paise <= limit:
        raise BadRequest(f"A gift is from {rupees(GIFT_MIN_PAISE)} to {rupees(limit)}.", code="bad_amount",
                         fields={"amount_paise": f"From {rupees(GIFT_MIN_PAISE)} to {rupees(limit)}."})
    if b.status not in ("confirmed", "completed"):
        raise Conflict("You can send a gift once your booking is confirmed.", code="stale_state")
    return checkout(_create(b, "gift", amount_paise))


def _create(b: Any, kind: str, amount: int) -> Payment:
    from chalicelib.catalog import service as catalog

    s = catalog.load(b.session_id)
    order = gateway.create_order(amount, b.booking_id[:40],
                                 {"peerlearn_kind": kind, "booking_id": b.booking_id, "learner_id": b.learner_id})
    mentor, platform = split(amount, MENTOR_BPS)
    now = clock.now_int()
    p = Payment(order_id=str(order["id"]), kind=kind, booking_id=b.booking_id, session_id=s.session_id,
                session_title=s.title, session_starts_at=int(s.starts_at),
                session_ends_at=int(s.ends_at), learner_id=b.learner_id,
                mentor_id=s.mentor_id, amount_paise=amount, mentor_paise=mentor, platform_paise=platform,
                status="created", created_at=now, updated_at=now)
    p.save(condition=Payment.order_id.does_not_exist())
    return p


def checkout(p: Payment) -> OrderOut:
    from chalicelib.accounts.models import User
    from chalicelib.payments import views
    from chalicelib.payments.schemas import CheckoutOut, OrderOut, PrefillOut

    s = get_settings()
    learner = User.get(p.learner_id)
    base = s.razorpay_checkout_url
    what = "Gift for your mentor" if p.kind == "gift" else "Session"
    return OrderOut(payment=views.to_out(p), checkout=CheckoutOut(
        key=s.razorpay_key_id, order_id=p.order_id, amount=int(p.amount_paise), currency="INR",
        name="PeerLearn", description=f"{what}: {p.session_title}"[:255],
        prefill=PrefillOut(name=learner.name, email=learner.email),
        # Checkout copies these onto the payment, so webhooks can tell our payments from others'.
        notes={"peerlearn_kind": p.kind, "booking_id": p.booking_id},
        checkout_url=f"{base.rstrip('/')}/{p.order_id}" if base else None,
        attempts_left=max(0, MAX_FAILED_ATTEMPTS - failed_attempts(p))))


def verify(learner_id: str, order_id: str, payment_id: str, signature: str) -> VerifyOut:
    """The Checkout callback: signature against *our* stored order, then the payment itself."""
    p = records.load(order_id)
    if p.learner_id != learner_id:
        raise Forbidden("Access denied", code="access_denied")
    if not gateway.payment_signature_ok(p.order_id, payment_id, signature):
        raise BadRequest("The payment signature doesn't match this order.", code="bad_signature")
    payment = gateway.fetch_payment(payment_id)
    if payment.get("order_id") != p.order_id:
        raise BadRequest("That payment belongs to another order.", code="bad_signature")
    if payment.get("status") in ("captured", "refunded"):
        p = capture.on_captured(p.order_id, payment_id, int(payment.get("amount") or 0))
    elif payment.get("status") == "failed":
        p = capture.on_failed(p.order_id, payment_id, str(payment.get("error_description") or ""))
    from chalicelib.payments import views

    return views.with_booking(p, learner_id)
