"""Real-time shapes: the REST ticket, and the events the WebSocket sends (documented in the OpenAPI
document's components, for the SPA; see docs/api.md, Real time)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, RootModel

from chalicelib.core.schemas import Out
from chalicelib.notifications.schemas import NotificationOut


class TicketOut(Out):
    ticket: str
    url: str
    expires_in: int


class NotificationEvent(Out):
    type: Literal["notification"] = "notification"
    notification: NotificationOut
    unread_count: int


class UnreadCountEvent(Out):
    type: Literal["unread_count"] = "unread_count"
    unread_count: int


class PongEvent(Out):
    type: Literal["pong"] = "pong"


class SubscribedEvent(Out):
    type: Literal["subscribed"] = "subscribed"
    channel: str


class ErrorEvent(Out):
    type: Literal["error"] = "error"
    error: str
    message: str


class RealtimeEvent(RootModel[Annotated[NotificationEvent | UnreadCountEvent | PongEvent | SubscribedEvent | ErrorEvent,
                                        Field(discriminator="type")]]):
    """Any message the server sends on the WebSocket."""
