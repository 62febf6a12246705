"""Admin routes for event deliveries that keep failing (as webhooks have theirs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.core.access import ADMIN, allow
from chalicelib.core.http import Ctx, api_route
from chalicelib.core.lazy import lazy_module, schemas

if TYPE_CHECKING:
    from chalicelib.events import dispatch
    from chalicelib.events import schemas as s
else:
    s = schemas("chalicelib.events.schemas")
    dispatch = lazy_module("chalicelib.events.dispatch")

bp = Blueprint(__name__)
ADMIN_ONLY = allow(ADMIN)


@api_route(bp, "/admin/event-deliveries", access=ADMIN_ONLY, query=s.DeadLettersQuery, response=s.DeadLettersOut)
def dead_letters(ctx: Ctx, q: s.DeadLettersQuery) -> s.DeadLettersOut:
    """Reactions to domain events that failed every retry, newest first."""
    return dispatch.dead_letters(q.cursor, q.limit)


@api_route(bp, "/admin/event-deliveries/replay", methods=["POST"], access=ADMIN_ONLY, body=s.ReplayIn,
           response=s.ReplayOut)
def replay(ctx: Ctx, body: s.ReplayIn) -> s.ReplayOut:
    """Run a dead-lettered reaction again now (one that already happened is not run twice)."""
    return dispatch.replay(body.event_id, body.subscriber)
