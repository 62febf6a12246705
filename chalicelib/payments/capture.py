"""A payment's life after Checkout: captured, failed, and the mentor's earning released.

Every transition is forward-only and conditional, and every money movement is a ledger posting
keyed by Razorpay's payment id, so the Checkout callback, `payment.captured`, `order.paid` and
any redelivery of them can arrive in any order and any number of times: the first one moves the
money, the rest change nothing.
"""

from __future__ import annotations

import contextlib
from typing import Any

from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.core import clock, counters, events, metrics
from chalicelib.core.errors import Conflict, DomainError
from chalicelib.core.logging import logger
from chalicelib.core.models import tx_connection
from chalicelib.core.money import MAX_FAILED_ATTEMPTS, rupees
from chalicelib.notifications.service import notify
from chalicelib.payments import money, refunds
from chalicelib.payments.events import PaymentCaptured
from chalicelib.payments.ledger import InsufficientFunds
from chalicelib.payments.models import Payment
from chalicelib.payments.records import (
    CAPTURED_COUNTER,
    MENTOR_BPS,
    failed_attempts,
    gifts_counter,
    ist_day,
    load,
)

OPEN = ("created", "failed")  # not captured yet


class PaymentMismatch(DomainError):
    """Razorpay reports an amount that is not the order's: never credit it; an admin looks."""

    status = 409
    code = "payment_mismatch"


# ---------- captured ----------

def on_captured(order_id: str, razorpay_payment_id: str, amount_paise: int) -> Payment:
    """Record a captured payment (idempotent). Confirms the booking, or credits the gift."""
    p = load(order_id)
    if int(amount_paise) != int(p.amount_paise):
        logger.error("captured amount differs from the order", extra={"order_id": order_id,
                     "captured": amount_paise, "ordered": int(p.amount_paise)})
        raise PaymentMismatch(f"Captured {amount_paise} paise on an order of {int(p.amount_paise)}.")
    first = False
    if p.status in OPEN:
        now = clock.now_int()

        def also(tx: TransactWrite) -> None:
            actions: list[Any] = [
                Payment.status.set("captured"), Payment.razorpay_payment_id.set(razorpay_payment_id),
                Payment.captured_at.set(now), Payment.captured_day.set(ist_day(now)), Payment.updated_at.set(now),
                Payment.earning_status.set("held" if p.kind == "booking" else "available"),
            ]
            if p.kind == "booking":
                actions.append(Payment.release_key.set("held"))
            tx.update(p, actions=actions, condition=Payment.status.is_in(*OPEN))
            counters.add_in(tx, CAPTURED_COUNTER, int(p.amount_paise))
            events.record(tx, PaymentCaptured(order_id=p.order_id, kind=p.kind, learner_id=p.learner_id,
                                              mentor_id=p.mentor_id, amount_paise=int(p.amount_paise),
                                              booking_id=p.booking_id))
            if p.kind == "gift":
                counters.add_in(tx, gifts_counter(p.mentor_id), int(p.mentor_paise))

        try:
            if p.kind == "booking":
                first = money.capture(razorpay_payment_id, learner_id=p.learner_id, mentor_id=p.mentor_id,
                                      amount_paise=int(p.amount_paise), booking_id=p.booking_id,
                                      mentor_bps=MENTOR_BPS, also=also)
            else:
                first = money.gift(razorpay_payment_id, learner_id=p.learner_id, mentor_id=p.mentor_id,
                                   amount_paise=int(p.amount_paise), mentor_bps=MENTOR_BPS, also=also)
        except InsufficientFunds:
            first = False  # another delivery captured it a moment ago
        p = load(order_id)
    if first:
        metrics.count(metrics.PAYMENTS_CAPTURED)
        _announce_capture(p)
    if p.kind == "booking":
        _settle_booking(p)
    return p


def _announce_capture(p: Payment) -> None:
    share = rupees(int(p.mentor_paise))
    if p.kind == "gift":
        notify(p.mentor_id, "gift_received", f"{rupees(int(p.amount_paise))} gift received",
               f"A learner thanked you for {p.session_title}. {share} is yours to withdraw.",
               "/dashboard/mentor/earnings")
        notify(p.learner_id, "payment_gift_sent", "Gift sent ✔", "Your mentor has been told. Thank you!",
               "/dashboard/learner/payments")
    else:
        notify(p.mentor_id, "earning_new", f"{share} earned", f"{p.session_title}: held until the session is done.",
               "/dashboard/mentor/earnings")


def _settle_booking(p: Payment) -> None:
    """Confirm the held seat; if the seat is gone (the hold expired, the session was cancelled, or
    another order already paid for it), give the money back in full."""
    from chalicelib.bookings import service as bookings

    b = bookings.load(p.booking_id)
    if b.status == "pending_payment":
        try:
            bookings.mark_paid(b.booking_id, paid_order_id=p.order_id)
            return
        except Conflict:
            b = bookings.load(p.booking_id)
    if b.paid_order_id == p.order_id or p.status not in ("captured", "partially_refunded"):
        return  # this payment confirmed the seat (or has already been refunded)
    logger.warning("payment captured for a seat that is gone; refunding",
                   extra={"order_id": p.order_id, "booking_status": b.status})
    refunds.refund_payment(p.order_id, None, reason="seat_unavailable", refund_id=f"{p.order_id}-seat")


# ---------- failed ----------

def on_failed(order_id: str, razorpay_payment_id: str, description: str) -> Payment:
    """Count a failed attempt once; a late failure never undoes a capture."""
    p = load(order_id)
    try:
        p.update(actions=[Payment.failed_ids.add({razorpay_payment_id}), Payment.updated_at.set(clock.now_int())],
                 condition=~Payment.failed_ids.contains(razorpay_payment_id))
    except UpdateError:
        return load(order_id)  # this failure was already counted
    with contextlib.suppress(UpdateError):  # already failed before, or captured by a later attempt
        p.update(actions=[Payment.status.set("failed")], condition=Payment.status == "created")
    p = load(order_id)
    if p.status == "failed":
        left = max(0, MAX_FAILED_ATTEMPTS - failed_attempts(p))
        notify(p.learner_id, "payment_failed", "Payment failed",
               (description or "The payment didn't go through.")
               + (f" You can retry {left} more time{'s' if left != 1 else ''}." if left else
                  " Try another method?"), "/dashboard/learner/activity")
    return p


# ---------- release ----------

def release_earning(booking_id: str) -> bool:
    """Make the mentor's held share of a booking withdrawable: after the session is completed and
    when no refund of it is pending. Returns True when money moved. Idempotent."""
    from chalicelib.payments.models import Refund

    moved = False
    for p in Payment.by_booking.query(booking_id):
        if p.kind != "booking":
            continue
        for _attempt in range(3):
            p = load(p.order_id)
            if p.earning_status != "held":
                break
            if any(r.status == "pending" for r in Refund.by_order.query(p.order_id)):
                logger.info("earning not released: a refund is pending", extra={"order_id": p.order_id})
                break
            amount = int(p.mentor_paise) - int(p.mentor_reversed_paise or 0)
            seen = int(p.mentor_reversed_paise or 0)
            target = "available" if amount > 0 else "reversed"

            def also(tx: TransactWrite, p: Payment = p, seen: int = seen, target: str = target) -> None:
                tx.update(p, actions=[Payment.earning_status.set(target), Payment.release_key.remove(),
                                      Payment.updated_at.set(clock.now_int())],
                          condition=(Payment.earning_status == "held") & (Payment.mentor_reversed_paise == seen))

            try:
                if amount > 0:
                    moved = money.release(p.order_id, mentor_id=p.mentor_id, amount_paise=amount, also=also) or moved
                else:
                    with TransactWrite(connection=tx_connection()) as tx:
                        also(tx)
                break
            except (InsufficientFunds, TransactWriteError):
                continue  # a refund moved first: read again
    return moved


def hold_for_report(booking_id: str) -> None:
    """Take a held share out of the release sweep's index (idempotent; a released share stays released)."""
    hold_for(booking_id, "problem_reported")


def hold_for(booking_id: str, reason: str) -> None:
    """Keep a held share out of the release sweep for `reason` (`problem_reported`; `mentor_absent`:
    the session completed but its mentor never entered the room), until support decides."""
    for p in Payment.by_booking.query(booking_id):
        if p.kind == "booking" and p.earning_status == "held":
            with contextlib.suppress(UpdateError):
                p.update(actions=[Payment.release_key.remove(), Payment.held_reason.set(reason),
                                  Payment.updated_at.set(clock.now_int())],
                         condition=Payment.earning_status == "held")


def end_report_hold(booking_id: str) -> None:
    """Support released the report: the share goes back to the sweep, which pays it when due."""
    for p in Payment.by_booking.query(booking_id):
        if p.kind == "booking" and p.held_reason:
            with contextlib.suppress(UpdateError):
                p.update(actions=[Payment.release_key.set("held"), Payment.held_reason.remove(),
                                  Payment.updated_at.set(clock.now_int())],
                         condition=Payment.earning_status == "held")
