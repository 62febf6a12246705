"""Ids shaped like Razorpay's: a prefix and 14 base62 characters (`order_DaZlswtdcn9UNV`)."""

from __future__ import annotations

import secrets
import string

_ALPHABET = string.ascii_letters + string.digits


def _random(length: int, alphabet: str = _ALPHABET) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def new_id(prefix: str) -> str:
    return f"{prefix}_{_random(14)}"


def event_id() -> str:
    """`x-razorpay-event-id`: unique per event, reused by every delivery of that event."""
    return _random(14)


def digits(length: int) -> str:
    return _random(length, string.digits)


def upper_alnum(length: int) -> str:
    return _random(length, string.ascii_uppercase + string.digits)
