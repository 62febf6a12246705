"""What happens to sessions, for the layers above (bookings, payments, rooms, jobs) to react to."""

from __future__ import annotations

from chalicelib.core.events import DomainEvent


class _SessionEvent(DomainEvent):
    session_id: str
    mentor_id: str
    title: str

    def key(self) -> str:
        return f"session#{self.session_id}"


class SessionCancelled(_SessionEvent):
    """The mentor cancelled a scheduled session: its bookings close with a full refund."""

    TYPE = "session.cancelled"
    VERSION = 1
    reason: str
    starts_at: int
    ends_at: int
    # Added compatibly: why the refunds are owed ("mentor_no_show" when the no-show job cancelled it).
    refund_reason: str = "mentor_cancelled"


class SessionWentLive(_SessionEvent):
    TYPE = "session.went_live"
    VERSION = 1
    room_code: str


class SessionCompleted(_SessionEvent):
    """Ended by the mentor or by the clock: bookings complete, earnings move toward release."""

    TYPE = "session.completed"
    VERSION = 1
    starts_at: int
    ends_at: int
    # Added compatibly (v1 events written before them read as a normal, on-time end).
    ended_at: int | None = None
    ended_early: bool = False
