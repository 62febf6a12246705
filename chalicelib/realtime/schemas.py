"""Real-time shapes: the REST ticket, and the events the WebSocket sends (documented in the OpenAPI
document's components, for the SPA; see docs/api.md, Real time)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from chalicelib.core.schemas import Out, omitted_if_none


class TicketOut(Out):
    ticket: str
    url: str
    expires_in: int


class PongEvent(Out):
    type: Literal["pong"] = "pong"


class SubscribedEvent(Out):
    type: Literal["subscribed"] = "subscribed"
    channel: str
    last_seq: int | None = omitted_if_none()  # on the user's own notifications channel only


class EventsQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    since: Annotated[int, Field(ge=0)] = 0
    cursor: Annotated[str, StringConstraints(max_length=1000)] | None = None
    limit: Annotated[int, Field(ge=1, le=100)] = 100


class EventPage(Out):
    """Frames pushed to the user after `since`, oldest first; each carries its `seq`."""

    items: list[dict[str, Any]]
    next_cursor: str | None
    last_seq: int


class PresenceQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    user_ids: Annotated[str, StringConstraints(min_length=1, max_length=2000)]  # comma-separated, at most 50


class PresenceOut(Out):
    online: list[str]  # those of the asked users with at least one open connection


class PresenceEvent(Out):
    """On `public:live`: a mentor came online or went offline."""

    type: Literal["presence"] = "presence"
    user_id: str
    online: bool


class ErrorEvent(Out):
    type: Literal["error"] = "error"
    error: str  # bad_message | unknown_action | too_large | throttled | access_denied | connection_expired | ...
    message: str
    channel: str | None = omitted_if_none()  # a refused subscribe names the channel
    retry_after_ms: int | None = omitted_if_none()  # throttled: when the next window opens
    ref_type: str | None = omitted_if_none()  # the `type` of the frame that failed (room frames)
    ref_id: str | None = omitted_if_none()  # its `client_id`, when it had one (a chat line)
