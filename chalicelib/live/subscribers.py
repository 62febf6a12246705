"""Live figures follow the domain events of sessions, bookings and rooms (wired in events/wiring.py).
Each reaction recounts from stored data and publishes a state frame, so running twice is harmless."""

from __future__ import annotations

from chalicelib.bookings.events import BookingCancelled, BookingConfirmed
from chalicelib.catalog.events import SessionCancelled, SessionCompleted, SessionWentLive
from chalicelib.core.events import EventMeta
from chalicelib.live import service
from chalicelib.realtime import service as rt
from chalicelib.realtime.events import MentorConnectionChanged
from chalicelib.rooms.events import AttendanceJoined, AttendanceLeft

Changed = SessionWentLive | SessionCompleted | SessionCancelled | BookingConfirmed | BookingCancelled \
    | AttendanceJoined | AttendanceLeft


def publish_live_figures(event: Changed, meta: EventMeta) -> None:
    service.publish_session(event.session_id)


def tell_learners_mentor_is_in(event: AttendanceJoined, meta: EventMeta) -> None:
    if event.role == "mentor":
        service.tell_learners_mentor_is_in(event.session_id, event.room_code)


def publish_mentor_presence(event: MentorConnectionChanged, meta: EventMeta) -> None:
    rt.publish_presence(event.user_id)
