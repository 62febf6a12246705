"""Configurable marketplace limits and policies (read from the environment at call time)."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_price_paise: int
    max_seats: int
    max_days_ahead: int
    hold_seconds: int
    full_refund_hours: int
    go_live_early_seconds: int
    max_open_requests_per_mentor: int
    approval_hours: int  # a mentor answers a paid approval request within this
    approval_close_hours: int  # ...and never later than this before the start
    dispute_window_hours: int  # a learner may report a problem this long after the end


def limits() -> Limits:
    def num(name: str, default: int) -> int:
        raw = os.environ.get(name)
        return int(raw) if raw else default

    return Limits(
        max_price_paise=num("PEERLEARN_MAX_PRICE_PAISE", 5_000_000),  # ₹50,000
        max_seats=num("PEERLEARN_MAX_SEATS", 4),  # the mentor + 4 learners: a 5-peer WebRTC mesh
        max_days_ahead=num("PEERLEARN_MAX_DAYS_AHEAD", 365),
        hold_seconds=num("PEERLEARN_HOLD_SECONDS", 15 * 60),
        full_refund_hours=num("PEERLEARN_CANCEL_FULL_REFUND_HOURS", 2),
        go_live_early_seconds=15 * 60,
        max_open_requests_per_mentor=3,
        approval_hours=num("PEERLEARN_APPROVAL_HOURS", 12),
        approval_close_hours=num("PEERLEARN_APPROVAL_CLOSE_HOURS", 2),
        dispute_window_hours=num("PEERLEARN_DISPUTE_WINDOW_HOURS", 24),
    )


def refund_policy_text() -> str:
    hours = limits().full_refund_hours
    return (f"Cancel at least {hours} hour{'s' if hours != 1 else ''} before the start for a full refund; "
            "later cancellations are not refunded. If the mentor cancels, you are refunded in full.")


def approval_policy_text(paid: bool) -> str:
    rules = limits()
    deadline = (f"within {rules.approval_hours} hours (and at least {rules.approval_close_hours} hours "
                "before the start)")
    if paid:
        return f"You pay now; the mentor approves {deadline}, or you are refunded in full automatically."
    return f"The mentor approves each booking {deadline}; you'll be notified when they answer."
