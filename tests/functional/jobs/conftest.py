"""The `desk` fixture: sessions with confirmed (free or paid) learners, the room joined through the
real WebSocket entry points, and the app's clock moved relative to a session's start."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest

from tests.functional.conftest import at_quarter, drain_events
from tests.functional.payments_helpers import Payments
from tests.functional.realtime.test_realtime import call, ticket


@pytest.fixture(autouse=True)
def long_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    """Access tokens that outlive the clock moves (hours past a session's start)."""
    monkeypatch.setenv("PEERLEARN_ACCESS_TOKEN_TTL", str(3 * 86400))


def mint(user_id: str, role: str, name: str) -> str:
    """An access token valid at the app's (moved) clock (PyJWT checks `iat` against the wall clock)."""
    import jwt

    from chalicelib.core import clock
    from chalicelib.core.jwt_tokens import ALGORITHM, _secret
    from chalicelib.core.settings import get_settings

    s = get_settings()
    claims = {"sub": user_id, "role": role, "name": name, "iss": s.jwt_issuer, "aud": s.jwt_audience,
              "iat": int(time.time()), "exp": clock.now_int() + 900, "typ": "access"}
    return str(jwt.encode(claims, _secret(), algorithm=ALGORITHM))


def uid(who: dict[str, Any]) -> str:
    return str(who["user"]["user_id"])


@dataclass
class Booked:
    session: dict[str, Any]
    bookings: dict[str, dict[str, Any]]  # learner id → booking
    orders: dict[str, str]  # learner id → order id (paid sessions)

    @property
    def id(self) -> str:
        return str(self.session["session_id"])

    @property
    def code(self) -> str:
        return str(self.session["room_code"])

    @property
    def starts(self) -> float:
        return datetime.fromisoformat(self.session["starts_at"].replace("Z", "+00:00")).timestamp()

    @property
    def ends(self) -> float:
        return datetime.fromisoformat(self.session["ends_at"].replace("Z", "+00:00")).timestamp()


class Desk:
    def __init__(self, api: Any, client: Any, standin: Any, market: Any, make_admin: Any, make_user: Any,
                 clock_at: Any) -> None:
        standin.control(reset=True, settle_delay_ms=0)
        self.api, self.market, self.clock_at, self.make_user = api, market, clock_at, make_user
        self.pay = Payments(api, client, standin, market, make_admin)
        self._make_admin = make_admin
        self._slot = 0

    def session(self, learners: list[dict[str, Any]], price: int = 0, **over: Any) -> Booked:
        """A session a few hours ahead (each in its own hour), each learner's seat confirmed (paid
        through Checkout and the verify callback when it has a price)."""
        self._slot += 1
        over.setdefault("starts_at", at_quarter(3 * 3600 + self._slot * 2 * 3600))
        over.setdefault("seats", max(1, len(learners)))
        s = self.market.create(price_paise=price, **over)
        bookings, orders = {}, {}
        for who in learners:
            status, b = self.market.book(s["session_id"], who)
            assert status == 201, b
            if price:
                r = self.pay.checkout(b["booking_id"], who=who)
                status, data = self.pay.verify(r, who=who)
                assert status == 200 and data["booking"]["status"] == "confirmed", data
                orders[uid(who)] = r["order_id"]
            bookings[uid(who)] = b
        return Booked(s, bookings, orders)

    def at(self, b: Booked, seconds_from_start: float) -> None:
        self.clock_at(b.starts + seconds_from_start - time.time())

    def after_end(self, b: Booked, seconds: float) -> None:
        self.clock_at(b.ends + seconds - time.time())

    def join(self, b: Booked, who: dict[str, Any], cid: str) -> None:
        """Into the room through the real $connect and room `join` frames (an attendance interval)."""
        reply = call("$connect", cid, query={"ticket": ticket(self.api, who["access_token"])})
        assert reply["statusCode"] == 200, reply
        call("$default", cid, {"action": "room", "type": "join", "room": b.code})
        drain_events()
        from chalicelib.rooms.models import Attendance

        assert any(a.user_id == uid(who) for a in Attendance.query(b.code)), "join did not open an interval"

    def notes(self, who: dict[str, Any], kind: str) -> list[Any]:
        from chalicelib.notifications.models import Notification

        return [n for n in Notification.query(uid(who)) if n.kind == kind]

    def admin(self) -> str:
        from chalicelib.accounts.service import find_by_email

        a = self._make_admin("ops@peerlearn.in")
        return mint(str(find_by_email(a["email"]).user_id), "admin", "Ops")

    def token(self, who: dict[str, Any]) -> str:
        u = who["user"]
        return mint(u["user_id"], u["role"], u["name"])


@pytest.fixture
def desk(api: Any, client: Any, standin: Any, market: Any, make_admin: Any, make_user: Any, clock_at: Any,
         ws: Any) -> Desk:
    return Desk(api, client, standin, market, make_admin, make_user, clock_at)


def run_twice_at_once(job: Any) -> list[Any]:
    """Two overlapping runs of a scheduled handler (as two EventBridge invocations can be)."""
    import threading

    results: list[Any] = []
    barrier = threading.Barrier(2)

    def one() -> None:
        barrier.wait()
        results.append(job())

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 2
    drain_events()
    return results
