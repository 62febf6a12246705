"""Room entry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.core.access import LEARNER, MENTOR, allow
from chalicelib.core.http import Ctx, api_route
from chalicelib.core.lazy import lazy_module, schemas

# Services (and the PynamoDB models behind them) load on the first request, not at cold start;
# mypy sees the real modules, so every route → service call is type checked.
if TYPE_CHECKING:
    from chalicelib.rooms import schemas as s
    from chalicelib.rooms import service
else:
    s = schemas("chalicelib.rooms.schemas")
    service = lazy_module("chalicelib.rooms.service")

bp = Blueprint(__name__)


@api_route(bp, "/rooms/{room_code}", access=allow(LEARNER, MENTOR), response=s.RoomOut)
def enter(ctx: Ctx, room_code: str) -> s.RoomOut:
    """What the room page needs — for the session's mentor and its confirmed learners only."""
    return service.enter(ctx.user.user_id, ctx.user.role, room_code)
