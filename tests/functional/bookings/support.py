"""Helpers of the bookings tests: a clock the test moves, tokens valid at it, and what users are told."""

from __future__ import annotations

import json
import time
from typing import Any

from chalicelib.core import clock
from chalicelib.core.events import OutboxEvent
from chalicelib.notifications.models import Notification
from tests.functional.conftest import at_quarter
from tests.functional.payments_helpers import Payments

HOUR = 3600


class Clock:
    """The app's clock, held still at a whole second and moved only by the test."""

    def __init__(self) -> None:
        self.now = int(time.time())
        clock.set_clock(lambda: float(self.now))

    def at(self, ts: int) -> None:
        self.now = int(ts)


def token(user: dict[str, Any]) -> str:
    """An access token valid at the app's (moved) clock: PyJWT checks `iat` against the wall clock,
    the app checks `exp` against its own."""
    import jwt

    from chalicelib.core.jwt_tokens import ALGORITHM, _secret
    from chalicelib.core.settings import get_settings

    s = get_settings()
    u = user["user"]
    claims = {"sub": u["user_id"], "role": u["role"], "name": u["name"], "iss": s.jwt_issuer,
              "aud": s.jwt_audience, "iat": int(time.time()), "exp": clock.now_int() + 900, "typ": "access"}
    return jwt.encode(claims, _secret(), algorithm=ALGORITHM)


def uid(user: dict[str, Any]) -> str:
    return str(user["user"]["user_id"])


def bell(user: dict[str, Any], kind: str | None = None) -> list[tuple[str, str, str, str | None]]:
    """What the user's bell holds (oldest first), without the sign-up welcome."""
    return [(n.kind, n.title, n.body, n.link) for n in Notification.query(uid(user))
            if n.kind != "welcome" and (kind is None or n.kind == kind)]


def cancelled_events(booking_id: str) -> list[dict[str, Any]]:
    """The `booking.cancelled` events recorded for a booking (payments refunds from them)."""
    return [json.loads(e.payload) for e in OutboxEvent.scan()
            if e.type == "booking.cancelled" and json.loads(e.payload)["booking_id"] == booking_id]


def confirmed_events(booking_id: str) -> list[dict[str, Any]]:
    return [json.loads(e.payload) for e in OutboxEvent.scan()
            if e.type == "booking.confirmed" and json.loads(e.payload)["booking_id"] == booking_id]


def free_request(api: Any, market: Any, who: dict[str, Any], title: str, starts_in: int) -> dict[str, Any]:
    """A free approval session of the market's mentor, booked by `who`: pending approval at once."""
    status, s = api.call("POST", "/sessions", {
        "title": title, "description": "Equations, step by step.", "topics": ["Algebra"], "category": "Mathematics",
        "starts_at": at_quarter(starts_in), "duration_min": 60, "price_paise": 0, "seats": 2,
        "requires_approval": True}, token=token(market.mentor))
    assert status == 201, s
    status, b = api.call("POST", f"/sessions/{s['session_id']}/book", {}, token=token(who))
    assert status == 201 and b["status"] == "pending_approval", b
    return b


def paid_request(pay: Payments, title: str, price: int = 30_000) -> tuple[dict[str, Any], str]:
    """A paid approval seat, paid through the stand-in: pending approval with a Razorpay order."""
    b = pay.paid_booking(price, requires_approval=True, title=title)
    r = pay.checkout(b["booking_id"])
    status, data = pay.verify(r)
    assert status == 200 and data["booking"]["status"] == "pending_approval", data
    return data["booking"], r["order_id"]


# ---------- when a request must be answered ----------
