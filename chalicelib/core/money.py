"""Amounts for people, and the payment limits the API and the SPA share (no heavy imports: the
public `/meta/config` route reads these at cold start)."""

from __future__ import annotations

GIFT_MIN_PAISE = 1_000  # ₹10
WITHDRAWAL_MIN_PAISE = 10_000  # ₹100
MAX_FAILED_ATTEMPTS = 3


def rupees(paise: int) -> str:
    """₹1,234 or ₹1,234.50: integer paise in, never a float."""
    return f"₹{paise // 100:,}" + (f".{paise % 100:02d}" if paise % 100 else "")
