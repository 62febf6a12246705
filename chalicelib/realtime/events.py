"""What happens to connections, for the layers above (the mentors' online status on public:live)."""

from __future__ import annotations

from chalicelib.core.events import DomainEvent


class MentorConnectionChanged(DomainEvent):
    """A mentor's connection opened or closed. Only mentors: their status is public (cards,
    profiles); the subscriber recounts from the connections, so order and redelivery don't matter."""

    TYPE = "presence.mentor_changed"
    VERSION = 1

    user_id: str
    connection_id: str
    opened: bool

    def key(self) -> str:
        return f"user#{self.user_id}"
