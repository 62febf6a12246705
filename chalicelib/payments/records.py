"""The payment record and the figures around it: loading, the split, the IST day, the counters.

Below `capture` and `refunds`, which both need these (and one of which calls the other).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from chalicelib.core.models import get_or_404
from chalicelib.payments.models import Payment

MENTOR_BPS = 9000  # DESIGN.md "Money": 90 % to the mentor, 10 % to the platform
IST = ZoneInfo("Asia/Kolkata")
CAPTURED_COUNTER = "payments:captured_paise"
REFUNDED_COUNTER = "payments:refunded_paise"


def gifts_counter(mentor_id: str) -> str:
    """A mentor's share of all gifts received (shown on the earnings page)."""
    return f"gifts:{mentor_id}"


def ist_day(ts: float) -> str:
    return datetime.fromtimestamp(ts, IST).strftime("%Y-%m-%d")


def load(order_id: str) -> Payment:
    return get_or_404(Payment, order_id, "payment")


def find(order_id: str) -> Payment | None:
    try:
        return Payment.get(order_id, consistent_read=True)
    except Payment.DoesNotExist:
        return None


def failed_attempts(p: Payment) -> int:
    return len(p.failed_ids or ())
