"""Room entry."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.core.access import LEARNER, MENTOR, allow
from chalicelib.core.http import Ctx, api_route
from chalicelib.core.lazy import lazy_module

bp = Blueprint(__name__)
# Services (and the PynamoDB models behind them) load on the first request, not at cold start.
service = lazy_module("chalicelib.rooms.service")


@api_route(bp, "/rooms/{room_code}", access=allow(LEARNER, MENTOR))
def enter(ctx: Ctx, room_code: str) -> dict[str, Any]:
    """What the room page needs — for the session's mentor and its confirmed learners only."""
    return service.enter(ctx.user.user_id, ctx.user.role, room_code)
