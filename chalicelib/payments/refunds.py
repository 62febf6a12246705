"""Refunds through Razorpay's Refunds API.

A refund is first *reserved* in the ledger — one transaction that writes the refund record, moves
the payment's refunded total forward (conditional on what we read) and takes the money back from
the refundable memo (guarded ≥ 0, so refunds can never exceed the capture, even concurrently),
the mentor's share (held or already released) and the platform's fee, in proportion. Then the API
is called. Razorpay refusing it, or `refund.failed` later, reverses the reservation exactly.
"""

from __future__ import annotations

import contextlib
from typing import Any

from pynamodb.exceptions import UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.bookings.refunds import RefundState, mark_refund
from chalicelib.core import clock, counters, metrics
from chalicelib.core.errors import BadRequest, Conflict
from chalicelib.core.ids import new_id
from chalicelib.core.logging import logger
from chalicelib.core.money import rupees
from chalicelib.notifications.service import notify
from chalicelib.payments import gateway, money
from chalicelib.payments.ledger import InsufficientFunds
from chalicelib.payments.models import Payment, Refund
from chalicelib.payments.records import MENTOR_BPS, REFUNDED_COUNTER, ist_day, load

REFUNDABLE = ("captured", "partially_refunded")
REASONS = {
    "learner_cancelled": "You cancelled inside the refund window.",
    "mentor_cancelled": "The mentor cancelled the session.",
    "admin": "PeerLearn support refunded this payment.",
    "mentor_no_show": "The mentor didn't join the session.",
    "mentor_rejected": "The mentor declined your booking request.",
    "approval_expired": "The mentor didn't answer your booking request in time.",
    "problem_refund": "PeerLearn support upheld the problem you reported.",
    "seat_unavailable": "Your seat was released before the payment completed.",
}


def refund_payment(order_id: str, amount_paise: int | None, *, reason: str, note: str = "",
                   refund_id: str | None = None, requested_by: str | None = None) -> Refund:
    """Refund part or all of a captured payment. With a fixed `refund_id` it happens once."""
    rid = refund_id or new_id()
    existing = _find(rid)
    if existing is not None:
        return existing
    for _attempt in range(4):
        p = load(order_id)
        remaining = int(p.amount_paise) - int(p.refunded_paise or 0)
        if p.status not in REFUNDABLE or remaining <= 0:
            raise Conflict("This payment has nothing left to refund.", code="nothing_to_refund")
        amount = remaining if amount_paise is None else amount_paise
        if amount <= 0:
            raise BadRequest("The refund amount must be at least ₹0.01.", code="bad_amount")
        if amount > remaining:
            raise BadRequest(f"You can refund at most {rupees(remaining)} of this payment.", code="refund_too_large")
        reversed_so_far = int(p.mentor_reversed_paise or 0)
        mentor_back = (int(p.mentor_paise) - reversed_so_far if amount == remaining
                       else money.mentor_share_of_refund(amount, int(p.amount_paise), MENTOR_BPS))
        now = clock.now_int()
        r = Refund(refund_id=rid, order_id=order_id, razorpay_payment_id=p.razorpay_payment_id,
                   learner_id=p.learner_id, mentor_id=p.mentor_id, amount_paise=amount, mentor_paise=mentor_back,
                   reason=reason, note=note[:500], status="pending", requested_by=requested_by,
                   created_at=now, updated_at=now, created_day=ist_day(now), unsent_key="pending")
        refunded = int(p.refunded_paise or 0)
        earning = p.earning_status

        def also(tx: TransactWrite, p: Payment = p, r: Refund = r, refunded: int = refunded,
                 earning: str | None = earning, amount: int = amount, mentor_back: int = mentor_back) -> None:
            tx.save(r, condition=Refund.refund_id.does_not_exist())
            full = refunded + amount == int(p.amount_paise)
            actions: list[Any] = [Payment.refunded_paise.add(amount), Payment.mentor_reversed_paise.add(mentor_back),
                                  Payment.status.set("refunded" if full else "partially_refunded"),
                                  Payment.updated_at.set(clock.now_int())]
            if full and earning == "held":
                actions += [Payment.earning_status.set("reversed"), Payment.release_key.remove()]
            tx.update(p, actions=actions, condition=(Payment.refunded_paise == refunded)
                      & (Payment.earning_status == earning if earning else Payment.earning_status.does_not_exist()))
            counters.add_in(tx, REFUNDED_COUNTER, amount)

        try:
            money.refund(rid, p.razorpay_payment_id, learner_id=p.learner_id, mentor_id=p.mentor_id,
                         refund_paise=amount, captured_paise=int(p.amount_paise), released=earning == "available",
                         mentor_bps=MENTOR_BPS, also=also, mentor_back=mentor_back)
            break
        except InsufficientFunds:
            existing = _find(rid)
            if existing is not None:
                return existing
            fresh = load(order_id)
            if (int(fresh.refunded_paise or 0), fresh.earning_status) != (refunded, earning):
                continue  # another refund or the release moved first: recompute
            raise Conflict("The mentor's balance can't cover their share of this refund right now.",
                           code="insufficient_mentor_balance") from None
    else:
        raise Conflict("The payment kept changing; please retry.", code="stale_state")
    metrics.count(metrics.REFUNDS_REQUESTED)
    _mark_booking(r, "requested")
    return _send(r)


def _send(r: Refund) -> Refund:
    try:
        result = gateway.refund(r.razorpay_payment_id, int(r.amount_paise),
                                {"peerlearn_refund_id": r.refund_id, "reason": r.reason})
    except gateway.GatewayRefused as exc:
        logger.warning("refund refused by Razorpay", extra={"refund_id": r.refund_id, "reason": exc.message})
        return on_failed(r.refund_id, None)
    except gateway.PaymentsUnavailable:
        # The request may or may not have reached Razorpay: stay pending. Its webhook (matched by
        # the refund id in its notes) settles it, or `resend_unsent` asks Razorpay and resends.
        logger.warning("refund call failed; left pending", extra={"refund_id": r.refund_id})
        return r
    rz_id = str(result.get("id") or "")
    _record_razorpay_id(r, rz_id)
    notify(r.learner_id, "refund_requested", f"Refund of {rupees(int(r.amount_paise))} on its way",
           REASONS.get(r.reason, "") + " It goes back to your original payment method.",
           "/dashboard/learner/payments")
    if result.get("status") == "processed":
        return on_processed(r.refund_id, rz_id)
    return _find(r.refund_id) or r


def _record_razorpay_id(r: Refund, razorpay_refund_id: str) -> None:
    with contextlib.suppress(UpdateError):  # the webhook got here first and recorded it
        r.update(actions=[Refund.razorpay_refund_id.set(razorpay_refund_id), Refund.unsent_key.remove(),
                          Refund.updated_at.set(clock.now_int())],
                 condition=Refund.razorpay_refund_id.does_not_exist())


def resend_unsent(older_than: int = 600, limit: int = 50) -> int:
    """Refunds whose API call failed ambiguously (a timeout, a 5xx). The Refunds API has no
    idempotency key, so Razorpay is asked first: a refund carrying our id in its notes is adopted,
    and only when there is none is the request sent again."""
    resent = 0
    for r in Refund.unsent.query("pending", Refund.created_at <= clock.now_int() - older_than, limit=limit):
        if r.status != "pending" or r.razorpay_refund_id:
            with contextlib.suppress(UpdateError):
                r.update(actions=[Refund.unsent_key.remove()])
            continue
        try:
            theirs = [x for x in gateway.refunds_of(r.razorpay_payment_id)
                      if isinstance(x.get("notes"), dict) and x["notes"].get("peerlearn_refund_id") == r.refund_id]
        except (gateway.PaymentsUnavailable, gateway.GatewayRefused):
            continue  # still unreachable: next run
        if not theirs:
            _send(r)
            resent += 1
            continue
        _record_razorpay_id(r, str(theirs[0]["id"]))
        if theirs[0].get("status") == "processed":
            on_processed(r.refund_id, str(theirs[0]["id"]))
        elif theirs[0].get("status") == "failed":
            on_failed(r.refund_id, str(theirs[0]["id"]))
    return resent


def _find(refund_id: str) -> Refund | None:
    try:
        return Refund.get(refund_id, consistent_read=True)
    except Refund.DoesNotExist:
        return None


def find_for_webhook(entity: dict[str, Any]) -> Refund | None:
    notes = entity.get("notes")
    rid = notes.get("peerlearn_refund_id") if isinstance(notes, dict) else None
    if rid:
        return _find(str(rid))
    for r in Refund.by_razorpay_id.query(str(entity.get("id") or "")):
        return r
    return None


def on_processed(refund_id: str, razorpay_refund_id: str | None) -> Refund:
    r = _find(refund_id)
    if r is None:
        raise LookupError(refund_id)
    actions: list[Any] = [Refund.status.set("processed"), Refund.unsent_key.remove(),
                          Refund.updated_at.set(clock.now_int())]
    if razorpay_refund_id and not r.razorpay_refund_id:
        actions.append(Refund.razorpay_refund_id.set(razorpay_refund_id))
    try:
        r.update(actions=actions, condition=Refund.status == "pending")
    except UpdateError:
        return r  # already processed or failed: forward-only
    metrics.count(metrics.REFUNDS_PROCESSED)
    _mark_booking(r, "processed")
    notify(r.learner_id, "refund_processed", f"Refund of {rupees(int(r.amount_paise))} processed",
           "It reaches your account in 5–7 working days, depending on your bank.", "/dashboard/learner/payments",
           email=("Your PeerLearn refund is processed",
                  f"We've refunded {rupees(int(r.amount_paise))}. It reaches your account in 5–7 working days."),
           category="receipts")
    return r


def on_failed(refund_id: str, razorpay_refund_id: str | None) -> Refund:
    """Razorpay could not refund: put the reserved money back exactly where it came from."""
    r = _find(refund_id)
    if r is None:
        raise LookupError(refund_id)
    if r.status != "pending":
        return r
    amount, mentor_back = int(r.amount_paise), int(r.mentor_paise)

    def also(tx: TransactWrite) -> None:
        tx.update(r, actions=[Refund.status.set("failed"), Refund.unsent_key.remove(),
                              Refund.updated_at.set(clock.now_int())],
                  condition=Refund.status == "pending")
        p = Payment(order_id=r.order_id)
        tx.update(p, actions=[Payment.refunded_paise.add(-amount), Payment.mentor_reversed_paise.add(-mentor_back),
                              Payment.updated_at.set(clock.now_int())])
        counters.add_in(tx, REFUNDED_COUNTER, -amount)

    try:
        if not money.reverse(f"refund:{refund_id}", f"refund-failed:{refund_id}", "refund_failed", also=also):
            return _find(refund_id) or r
    except InsufficientFunds:
        return _find(refund_id) or r  # settled by another delivery
    metrics.count(metrics.REFUNDS_FAILED)
    p = load(r.order_id)
    status = "captured" if int(p.refunded_paise or 0) == 0 else "partially_refunded"
    actions: list[Any] = [Payment.status.set(status)]
    if p.earning_status == "reversed":
        actions += [Payment.earning_status.set("held"), Payment.release_key.set("held")]
    p.update(actions=actions)
    _mark_booking(r, "failed")
    notify(r.learner_id, "refund_failed", f"Refund of {rupees(amount)} couldn't be completed",
           "Our team has been told and will sort it out with you.", "/dashboard/learner/payments")
    from chalicelib.notifications.service import notify_admins

    notify_admins("refund_failed", f"Refund failed: {rupees(amount)}", f"Order {r.order_id}, refund {refund_id}.",
                  "/dashboard/admin/payments")
    return _find(refund_id) or r


def _mark_booking(r: Refund, state: RefundState) -> None:
    """Tell bookings how its refund is going (bookings owns `refund_status`; a plain call down)."""
    p = load(r.order_id)
    if p.kind == "booking" and p.booking_id:
        mark_refund(p.booking_id, state, r.refund_id, int(r.amount_paise))


# ---------- the marketplace's calls ----------

def paid_payment(booking_id: str) -> Payment | None:
    """The captured payment that paid for a booking's seat, if any."""
    from chalicelib.bookings import service as bookings

    b = bookings.load(booking_id)
    if not b.paid_order_id:
        return None
    p = load(b.paid_order_id)
    return p if p.status in REFUNDABLE else None


def refund_booking(booking_id: str, amount_paise: int, reason: str) -> Refund | None:
    """A cancellation's refund (the amount comes from the marketplace's policy). Once per reason."""
    p = paid_payment(booking_id)
    if p is None or amount_paise <= 0:
        return None
    remaining = int(p.amount_paise) - int(p.refunded_paise or 0)
    return refund_payment(p.order_id, min(amount_paise, remaining), reason=reason,
                          refund_id=f"{p.order_id}-{reason}")
