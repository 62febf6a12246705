"""REST side of real time: the single-use connect ticket."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.core.access import ANY_USER, PUBLIC
from chalicelib.core.errors import BadRequest
from chalicelib.core.http import Ctx, api_route
from chalicelib.core.lazy import lazy_module, schemas

# Services (and the PynamoDB models behind them) load on the first request, not at cold start;
# mypy sees the real modules, so every route → service call is type checked.
if TYPE_CHECKING:
    from chalicelib.realtime import schemas as s
    from chalicelib.realtime import service
else:
    s = schemas("chalicelib.realtime.schemas")
    service = lazy_module("chalicelib.realtime.service")

bp = Blueprint(__name__)


@api_route(bp, "/realtime/ticket", methods=["POST"], access=ANY_USER, response=s.TicketOut, status=201)
def create_ticket(ctx: Ctx) -> s.TicketOut:
    """Issue a single-use, 60-second WebSocket connect ticket."""
    return service.issue_ticket(ctx.user.user_id, ctx.user.role)


@api_route(bp, "/realtime/ticket/anonymous", methods=["POST"], access=PUBLIC, response=s.TicketOut, status=201)
def create_anonymous_ticket(ctx: Ctx) -> s.TicketOut:
    """Issue a signed-out visitor's ticket: the connection may only listen to public channels."""
    return service.issue_anonymous_ticket()


@api_route(bp, "/realtime/events", access=ANY_USER, query=s.EventsQuery, response=s.EventPage)
def replay_events(ctx: Ctx, q: s.EventsQuery) -> s.EventPage:
    """Everything pushed to me after sequence `since` (oldest first, cursor-paged): the reconnect replay."""
    return service.events_since(ctx.user.user_id, q.since, q.cursor, q.limit)


@api_route(bp, "/presence", access=PUBLIC, query=s.PresenceQuery, response=s.PresenceOut)
def presence(ctx: Ctx, q: s.PresenceQuery) -> s.PresenceOut:
    """Which of the given users (comma-separated ids, at most 50) are online now."""
    ids = [i.strip() for i in q.user_ids.split(",") if i.strip()]
    if len(ids) > 50:
        raise BadRequest("Ask for at most 50 users at once.", code="too_many_users")
    # Mentors' status is public (cards, profiles); a learner's only to signed-in users.
    return s.PresenceOut(online=service.online_among(ids, None if ctx.principal else frozenset({"mentor"})))
