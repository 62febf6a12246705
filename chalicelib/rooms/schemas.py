"""Room entry answers."""

from __future__ import annotations

from typing import Literal

from chalicelib.catalog.schemas import SessionOut
from chalicelib.core.schemas import Out

RoomRole = Literal["mentor", "learner"]


class ParticipantOut(Out):
    user_id: str
    name: str
    role: RoomRole


class RoomOut(Out):
    room_code: str
    session: SessionOut
    role: RoomRole  # the caller's role in this room
    participants: list[ParticipantOut]
    opens_at: str
    ends_at: str
