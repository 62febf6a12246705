"""What happens in rooms, for the layers above and later jobs (no-shows, releases, reviews)."""

from __future__ import annotations

from chalicelib.core.events import DomainEvent


class _Attendance(DomainEvent):
    session_id: str
    room_code: str
    user_id: str
    role: str
    at: str  # ISO 8601 UTC

    def key(self) -> str:
        return f"session#{self.session_id}"


class AttendanceJoined(_Attendance):
    """A participant's connection joined the room (an attendance interval opens)."""

    TYPE = "room.attendance.joined"
    VERSION = 1


class AttendanceLeft(_Attendance):
    """The interval closes (leave, `$disconnect`, a newer tab, the end of the session)."""

    TYPE = "room.attendance.left"
    VERSION = 1


class FeedbackGiven(DomainEvent):
    TYPE = "feedback.given"
    VERSION = 1
    session_id: str
    mentor_id: str
    learner_id: str
    rating: int

    def key(self) -> str:
        return f"session#{self.session_id}"


class RecordingCompleted(DomainEvent):
    TYPE = "room.recording.completed"
    VERSION = 1
    session_id: str
    room_code: str
    recording_id: str
    size_bytes: int

    def key(self) -> str:
        return f"session#{self.session_id}"
