"""Real-time shapes: the REST ticket, and the events the WebSocket sends (documented in the OpenAPI
document's components, for the SPA; see docs/api.md, Real time)."""

from __future__ import annotations

from typing import Literal

from chalicelib.core.schemas import Out


class TicketOut(Out):
    ticket: str
    url: str
    expires_in: int


class PongEvent(Out):
    type: Literal["pong"] = "pong"


class SubscribedEvent(Out):
    type: Literal["subscribed"] = "subscribed"
    channel: str


class ErrorEvent(Out):
    type: Literal["error"] = "error"
    error: str
    message: str
