"""Scheduled money housekeeping: release held earnings that are due, and resend payout and refund
requests that never reached Razorpay. Each reads a sparse index (Query, never Scan) and each is safe
to run any number of times.

Whether the mentor attended is the live room's fact (rooms, above payments): the caller — the
`jobs` context — passes it in as `attended`, so this module never reaches upward.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.core import clock
from chalicelib.core.logging import logger
from chalicelib.core.money import rupees
from chalicelib.notifications.service import notify
from chalicelib.payments.capture import hold_for, release_earning
from chalicelib.payments.models import Payment
from chalicelib.payments.refunds import resend_unsent
from chalicelib.payments.withdrawals import retry_stuck_payouts

Attended = Callable[[Payment], bool]  # did this payment's mentor come to the session's room?


def release_due(*, attended: Attended, limit: int = 200) -> dict[str, int]:
    """Held shares of completed bookings whose session ended more than the release delay ago
    (`PEERLEARN_DISPUTE_WINDOW_HOURS`, default 24 h: a learner may report a problem until then),
    with no open report and no pending refund, and whose mentor attended. A share whose mentor never
    came leaves the sweep (`mentor_absent`) for support to decide. The mentor hears "₹… available"."""
    from chalicelib.bookings import service as bookings
    from chalicelib.catalog.rules import limits

    released = waiting = absent = 0
    due = clock.now_int() - limits().dispute_window_hours * 3600
    for p in Payment.held_earnings.query("held", Payment.session_ends_at <= due, limit=limit):
        b = bookings.load(p.booking_id)
        if b.status != "completed" or b.problem_status in ("open", "refunded"):
            waiting += 1  # not completed (a cancellation's refund takes the share back) or reported
            continue
        try:
            if not attended(p):
                hold_for(p.booking_id, "mentor_absent")
                absent += 1
                continue
            amount = int(p.mentor_paise) - int(p.mentor_reversed_paise or 0)
            if release_earning(p.booking_id):  # moves money once (the ledger's key): only one run notifies
                released += 1
                notify(p.mentor_id, "earning_available", f"{rupees(amount)} available",
                       f"{p.session_title}: your earning can be withdrawn now.", "/dashboard/mentor/earnings")
            else:
                waiting += 1  # a refund is pending
        except Exception:
            logger.exception("earning release failed", extra={"order_id": p.order_id})
    return {"released": released, "waiting": waiting, "absent": absent}


def settle(event: Any = None, *, attended: Attended) -> dict[str, int]:
    out = release_due(attended=attended)
    out["payouts_resent"] = retry_stuck_payouts()
    out["refunds_resent"] = resend_unsent()
    return out
