"""Public live figures: what a signed-out visitor may see change without a reload."""

from __future__ import annotations

from typing import Literal

from chalicelib.core.schemas import Out


class LiveSessionOut(Out):
    """One public session's live figures, each counted from stored data (sessions, room peers)."""

    session_id: str
    mentor_id: str
    status: Literal["scheduled", "live", "completed", "cancelled"]
    seats: int
    seats_left: int
    mentor_in: bool  # the mentor has the room open now
    learners_in: int  # learners with the room open now (distinct people, not tabs)


class LiveOut(Out):
    live_count: int  # public sessions live now
    live_mentor_ids: list[str]  # mentors with a public session live now ("live now" on cards and profiles)
    sessions: list[LiveSessionOut]  # the live ones


class LiveUpdateEvent(Out):
    """On `public:live` whenever a public session's figures change: the new totals and that session."""

    type: Literal["live.update"] = "live.update"
    live_count: int
    live_mentor_ids: list[str]
    session: LiveSessionOut


class MentorInEvent(Out):
    """Pushed to a session's confirmed learners when its mentor enters the room ("Join ➤" pulses)."""

    type: Literal["room.mentor_in"] = "room.mentor_in"
    session_id: str
    room_code: str
