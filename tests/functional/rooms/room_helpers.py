"""A live room for functional tests: a session 10 minutes from its start, its mentor, a confirmed
learner, a pending and a cancelled learner and a stranger, WebSocket connections through the real
Lambda entry points (`tests/functional/realtime/test_realtime.call`)."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from tests.functional.conftest import at_quarter
from tests.functional.realtime.test_realtime import call, ticket


class Room:
    def __init__(self, api: Any, market: Any, make_user: Any, make_admin: Any, clock_at: Any, ws: Any,
                 **over: Any) -> None:
        import pyotp

        from chalicelib.bookings import service as bookings

        self.api, self.ws, self.clock_at = api, ws, clock_at
        self.mentor, self.learner, self.other = market.mentor, market.learner, market.other
        self.pending, self.cancelled = make_user("learner"), make_user("learner")
        body = {"starts_at": at_quarter(3600), "seats": 4, "price_paise": 50000,
                "topics": ["Algebra", "Equations", "Graphs"], **over}
        self.session = market.create(**body)
        sid = self.session["session_id"]
        self.code = self.session["room_code"]
        status, b = market.book(sid)
        assert status == 201, b
        bookings.mark_paid(b["booking_id"])
        self.booking_id = b["booking_id"]
        assert market.book(sid, self.pending)[0] == 201  # stays pending_payment
        status, c = market.book(sid, self.cancelled)
        assert api.call("POST", f"/bookings/{c['booking_id']}/cancel", {}, token=self.cancelled["access_token"])[0] == 200
        self.starts = datetime.fromisoformat(self.session["starts_at"].replace("Z", "+00:00")).timestamp()
        admin = make_admin()  # signed in before the clock moves (PyJWT checks `iat` on the wall clock)
        _, ch = api.call("POST", "/auth/login", {"email": admin["email"], "password": admin["password"]})
        _, at = api.call("POST", "/auth/login/totp", {"challenge": ch["challenge"],
                                                     "code": pyotp.TOTP(admin["secret"]).now()})
        self.admin = {"access_token": at["access_token"]}
        self.offset = 0.0
        self.frozen: float | None = None
        self.at(-600)  # ten minutes before the start: the room is open

    # ----- time -----
    def at(self, seconds_from_start: float) -> None:
        """Move the app's clock to `seconds_from_start` relative to the session's start."""
        self.offset = self.starts + seconds_from_start - time.time()
        self.clock_at(self.offset)

    def tick(self, seconds: float = 1.1) -> None:
        """Move on (a new rate-limit window)."""
        self.offset += seconds
        if self.frozen is not None:
            self.freeze(self.frozen + seconds)
        else:
            self.clock_at(self.offset)

    def freeze(self, at: float | None = None) -> None:
        """Stop the app's clock (at the start of a second): rate-limit windows become exact."""
        from chalicelib.core import clock

        self.frozen = float(int(clock.now()) + 0.01) if at is None else at
        frozen = self.frozen
        clock.set_clock(lambda: frozen)

    # ----- REST -----
    def get(self, path: str, who: dict[str, Any] | None) -> tuple[int, Any]:
        return self.api.call("GET", f"/rooms/{self.code}{path}", token=who["access_token"] if who else None)

    def post(self, path: str, who: dict[str, Any] | None, body: Any = None, method: str = "POST") -> tuple[int, Any]:
        return self.api.call(method, f"/rooms/{self.code}{path}", body if body is not None else {},
                             token=who["access_token"] if who else None)

    # ----- WebSocket -----
    def connect(self, who: dict[str, Any], cid: str) -> str:
        reply = call("$connect", cid, query={"ticket": ticket(self.api, who["access_token"])})
        assert reply["statusCode"] == 200, reply
        return cid

    def send(self, cid: str, kind: str, room: str | None = None, **fields: Any) -> dict[str, Any] | None:
        """Send a room frame; answers the last frame this connection got (if any)."""
        call("$default", cid, {"action": "room", "type": kind, "room": room or self.code, **fields})
        got = self.ws.to(cid)
        return got[-1] if got else None

    def join(self, who: dict[str, Any], cid: str, **extra: Any) -> dict[str, Any]:
        self.connect(who, cid)
        self.send(cid, "join", **extra)
        joined = self.frames(cid, "room.joined")
        assert joined, self.ws.to(cid)
        return joined[-1]

    def frames(self, cid: str, kind: str) -> list[dict[str, Any]]:
        return [m for m in self.ws.to(cid) if m.get("type") == kind]

    def errors(self, cid: str) -> list[str]:
        return [m["error"] for m in self.ws.to(cid) if m.get("type") == "error"]
