"""Scheduled money housekeeping: release held earnings whose dispute window is over, and resend payout
and refund requests that never reached Razorpay. Each reads a sparse index (Query, never Scan)
and each is safe to run any number of times."""

from __future__ import annotations

from typing import Any

from chalicelib.core import clock
from chalicelib.core.logging import logger
from chalicelib.payments.capture import release_earning
from chalicelib.payments.models import Payment
from chalicelib.payments.refunds import resend_unsent
from chalicelib.payments.withdrawals import retry_stuck_payouts


def release_due(limit: int = 200) -> dict[str, int]:
    """Held shares whose session ended more than the dispute window ago (a learner may report a
    problem until then), of completed bookings with no open report."""
    from chalicelib.bookings import service as bookings
    from chalicelib.catalog.rules import limits

    released = waiting = 0
    due = clock.now_int() - limits().dispute_window_hours * 3600
    for p in Payment.held_earnings.query("held", Payment.session_ends_at <= due, limit=limit):
        b = bookings.load(p.booking_id)
        if b.status != "completed" or b.problem_status in ("open", "refunded"):
            waiting += 1  # not completed (a cancellation's refund takes the share back) or reported
            continue
        try:
            if release_earning(p.booking_id):
                released += 1
            else:
                waiting += 1  # a refund is pending
        except Exception:
            logger.exception("earning release failed", extra={"order_id": p.order_id})
    return {"released": released, "waiting": waiting}


def settle(event: Any = None) -> dict[str, int]:
    out = release_due()
    out["payouts_resent"] = retry_stuck_payouts()
    out["refunds_resent"] = resend_unsent()
    return out
