"""Who is in a room and when it is open (docs/room-protocol.md, "Who and when")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from chalicelib.bookings.models import Booking
from chalicelib.catalog.models import Session
from chalicelib.core import clock
from chalicelib.core.access import DASHBOARD
from chalicelib.core.errors import AccessDenied, Conflict, DomainError, NotFound

JOIN_EARLY = 15 * 60
ATTENDING = ("confirmed", "completed")
Role = Literal["mentor", "learner"]


class RoomClosed(DomainError):
    status = 409
    code = "room_closed"
    default_message = "The room is not open."


@dataclass(frozen=True)
class Room:
    session: Session
    learner_ids: tuple[str, ...]  # confirmed (or completed) bookings only
    booking_ids: tuple[str, ...] = ()  # the same bookings' ids, in the same order

    def booking_of(self, user_id: str) -> str | None:
        for learner, booking in zip(self.learner_ids, self.booking_ids, strict=False):
            if learner == user_id:
                return booking
        return None

    @property
    def code(self) -> str:
        return str(self.session.room_code)

    @property
    def session_id(self) -> str:
        return str(self.session.session_id)

    @property
    def mentor_id(self) -> str:
        return str(self.session.mentor_id)

    @property
    def opens_at(self) -> int:
        return int(self.session.starts_at) - JOIN_EARLY

    def role_of(self, user_id: str) -> Role | None:
        if user_id == self.mentor_id:
            return "mentor"
        if user_id in self.learner_ids:
            return "learner"
        return None

    def is_open(self, role: Role) -> bool:
        """From 15 minutes before the start (the mentor also once live) until completed/cancelled."""
        status = self.session.status
        if status == "live":
            return True
        return status == "scheduled" and clock.now() >= self.opens_at

    def check_open(self, role: Role) -> None:
        if not self.is_open(role):
            if self.session.status in ("completed", "cancelled"):
                raise RoomClosed(f"This session is {self.session.status}.", opens_at=clock.iso(self.opens_at))
            raise RoomClosed("The room opens 15 minutes before the start.", opens_at=clock.iso(self.opens_at))


def load_room(room_code: str) -> Room:
    if not room_code or len(room_code) > 64:
        raise NotFound("We couldn't find that room.")
    found = list(Session.by_room.query(room_code, limit=1))
    if not found:
        raise NotFound("We couldn't find that room.")
    s = found[0]
    # A session has at most 4 seats (catalog's cap): this Query reads one small page.
    seats = [b for b in Booking.by_session.query(s.session_id, limit=100) if b.status in ATTENDING]
    return Room(s, tuple(b.learner_id for b in seats), tuple(b.booking_id for b in seats))


def member(room_code: str, user_id: str, caller_role: str = "") -> tuple[Room, Role]:
    """The room and the caller's role in it; everyone else gets 403 "Access denied"."""
    room = load_room(room_code)  # an unknown code: 404 (as before the room was built)
    role = room.role_of(user_id)
    if role is None:
        raise AccessDenied(redirect=DASHBOARD.get(caller_role, "/"))
    return room, role


def mentor_of(room_code: str, user_id: str, caller_role: str = "") -> Room:
    room, role = member(room_code, user_id, caller_role)
    if role != "mentor":
        raise AccessDenied("Only the mentor can do this.", code="access_denied")
    return room


def learner_of(room_code: str, user_id: str, caller_role: str = "") -> Room:
    room, role = member(room_code, user_id, caller_role)
    if role != "learner":
        raise AccessDenied("Only a learner of this session can do this.", code="access_denied")
    return room


def require_finished(room: Room) -> None:
    if room.session.status != "completed":
        raise Conflict("The after-session pack is ready once the session is completed.", code="not_finished")
